using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Screening;

/// <summary>A criteria profile that cannot be loaded; the message names the file, the field and why.</summary>
public sealed class CriteriaProfileException(string message) : ReassessException(message);

/// <summary>
/// Reads criteria profiles from JSON. Every field is checked: a wrong or missing one fails with
/// <c>file: field.path: reason</c>, and unknown fields are refused so a mistyped name never silently falls back.
/// </summary>
public static partial class CriteriaProfileLoader
{
    /// <summary>The format tag every profile carries.</summary>
    public const string Format = "reassess-criteria-profile/1";

    /// <summary>The folder beside the program holding the shipped profiles (edited without a rebuild).</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "profiles");

    /// <summary>Loads the profile at <paramref name="path"/>.</summary>
    public static CriteriaProfile LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var label = Path.GetFileName(path);
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CriteriaProfileException($"{label}: cannot be read: {ex.Message}");
        }
        return Parse(json, label, Path.GetFullPath(path));
    }

    /// <summary>Every profile in <paramref name="folder"/> (default: the shipped ones), by name.</summary>
    public static IReadOnlyList<CriteriaProfile> LoadFolder(string? folder = null)
    {
        folder ??= ShippedFolder;
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(LoadFile).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>The shipped profile called <paramref name="name"/>.</summary>
    public static CriteriaProfile LoadShipped(string name, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        folder ??= ShippedFolder;
        var path = Path.Combine(folder, name + ".json");
        if (!ProfileName().IsMatch(name) || !File.Exists(path))
        {
            var known = Directory.Exists(folder)
                ? string.Join(", ", Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "";
            throw new CriteriaProfileException($"no profile '{name}' (known: {(known.Length == 0 ? "none" : known)})");
        }
        var profile = LoadFile(path);
        if (profile.Name != name) throw new CriteriaProfileException($"{Path.GetFileName(path)}: name: '{profile.Name}' does not match the file name");
        return profile;
    }

    /// <summary>
    /// The yearly review target of a shipped profile (the plan progress is measured against), or null when the profile is
    /// not shipped here (a force's own file) or sets none.
    /// </summary>
    public static int? ShippedYearlyTarget(string name, string? folder = null)
    {
        try { return LoadShipped(name, folder).YearlyTarget; }
        catch (CriteriaProfileException) { return null; }
    }

    /// <summary>Parses profile JSON; <paramref name="label"/> prefixes every error (usually the file name).</summary>
    public static CriteriaProfile Parse(string json, string label, string? source = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CriteriaProfileException($"{label}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        using (doc)
        {
            var r = new Reader(label);
            var root = r.Object(doc.RootElement, "", "format", "name", "version", "title", "description", "period", "offenceCodes", "criteria", "nfa", "typologies", "priority", "yearlyTarget");
            var format = r.String(root, "format");
            if (format != Format) throw r.Error("format", $"must be \"{Format}\"");
            var name = r.String(root, "name");
            if (!ProfileName().IsMatch(name)) throw r.Error("name", "must be lower-case letters, digits and hyphens");
            var version = r.String(root, "version");

            var codes = ReadCodes(r, r.Object(r.Required(root, "offenceCodes"), "offenceCodes", "sexual", "childSpecific", "contact"));
            return new CriteriaProfile
            {
                Name = name,
                Version = version,
                Title = r.String(root, "title"),
                Description = r.String(root, "description"),
                Period = ReadPeriod(r, r.Object(r.Required(root, "period"), "period", "field", "yearsBeforeAsOf", "from", "to")),
                OffenceCodes = codes,
                Criteria = ReadCriteria(r, r.Object(r.Required(root, "criteria"), "criteria", "contactOffence", "minSuspects", "minLivingSuspects", "minVictims", "excludeIndependentlyReviewed")),
                Nfa = ReadNfa(r, r.Object(r.Required(root, "nfa"), "nfa", "outcomeCodes", "cpsDecisions", "suspectDisposalNfa")),
                Typologies = ReadTypologies(r, r.Object(r.Required(root, "typologies"), "typologies", "intrafamilial", "institutional", "online", "peerUnderAge")),
                Priority = ReadPriority(r, r.Object(r.Required(root, "priority"), "priority", "weights", "notes", "countCap", "recencyYears", "evidentialOutcomes", "accessOccupations")),
                YearlyTarget = r.OptionalWhole(root, "yearlyTarget", min: 1),
                Source = source,
            };
        }
    }

    private static PeriodRule ReadPeriod(Reader r, Scope s)
    {
        var field = r.String(s, "field") switch
        {
            "recorded_date" => PeriodField.RecordedDate,
            "outcome_date" => PeriodField.OutcomeDate,
            _ => throw r.Error("period.field", "must be \"recorded_date\" or \"outcome_date\""),
        };
        // A period is either relative (yearsBeforeAsOf) or absolute (from and to): the other fields may be left out.
        var years = r.OptionalWhole(s, "yearsBeforeAsOf", min: 1, mayBeAbsent: true);
        var from = r.OptionalDate(s, "from", mayBeAbsent: true);
        var to = r.OptionalDate(s, "to", mayBeAbsent: true);
        if (years is not null && (from is not null || to is not null))
            throw r.Error("period", "give either yearsBeforeAsOf or from and to, not both");
        if (years is null && (from is null || to is null))
            throw r.Error(from is null ? "period.from" : "period.to", "required unless yearsBeforeAsOf is given");
        if (from > to) throw r.Error("period.to", "must not be before period.from");
        return new PeriodRule(field, years, from, to);
    }

    private static OffenceCodeSets ReadCodes(Reader r, Scope s)
    {
        var sexual = r.Codes(s, "sexual", minCount: 1);
        var child = r.Codes(s, "childSpecific", minCount: 0);
        var contact = r.Codes(s, "contact", minCount: 0);
        var sexualSet = new HashSet<string>(sexual, StringComparer.OrdinalIgnoreCase);
        foreach (var (list, field) in new[] { (child, "childSpecific"), (contact, "contact") })
            foreach (var code in list)
                if (!sexualSet.Contains(code))
                    throw r.Error($"offenceCodes.{field}", $"'{code}' is not in offenceCodes.sexual");
        return new OffenceCodeSets(sexual, child, contact);
    }

    private static CriteriaRule ReadCriteria(Reader r, Scope s)
    {
        var rule = new CriteriaRule(
            r.Bool(s, "contactOffence"),
            r.OptionalWhole(s, "minSuspects", min: 1),
            r.OptionalWhole(s, "minLivingSuspects", min: 1),
            r.OptionalWhole(s, "minVictims", min: 1),
            r.Bool(s, "excludeIndependentlyReviewed"));
        return rule;
    }

    private static NfaRule ReadNfa(Reader r, Scope s)
    {
        var outcomes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, path) in r.Strings(s, "outcomeCodes"))
        {
            var known = OutcomeTypes.Find(code) ?? throw r.Error(path, $"'{code}' is not a Home Office outcome type");
            outcomes.Add(known.Code);
        }
        var cps = new HashSet<CpsDecision>();
        foreach (var (token, path) in r.Strings(s, "cpsDecisions"))
            cps.Add(Token.TryParse<CpsDecision>(token, out var d) ? d : throw r.Error(path, $"'{token}' is not one of {string.Join(", ", Token.All<CpsDecision>())}"));
        return new NfaRule(outcomes, cps, r.Bool(s, "suspectDisposalNfa"));
    }

    private static TypologyRule ReadTypologies(Reader r, Scope s)
    {
        HashSet<SuspectRelationship> Relationships(string field)
        {
            var set = new HashSet<SuspectRelationship>();
            foreach (var (token, path) in r.Strings(s, field))
                set.Add(Token.TryParse<SuspectRelationship>(token, out var v) ? v : throw r.Error(path, $"'{token}' is not one of {string.Join(", ", Token.All<SuspectRelationship>())}"));
            return set;
        }
        return new TypologyRule(Relationships("intrafamilial"), Relationships("institutional"), Relationships("online"), r.Whole(s, "peerUnderAge", min: 1));
    }

    private static PriorityRule ReadPriority(Reader r, Scope s)
    {
        var weightsScope = r.Object(r.Required(s, "weights"), "priority.weights", [.. PriorityFactorNames.All]);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var factor in PriorityFactorNames.All)
            weights[factor] = r.Number(weightsScope, factor, min: 0);
        var evidential = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, path) in r.Strings(s, "evidentialOutcomes"))
            evidential.Add((OutcomeTypes.Find(code) ?? throw r.Error(path, $"'{code}' is not a Home Office outcome type")).Code);
        var occupations = new List<string>();
        foreach (var (term, path) in r.Strings(s, "accessOccupations"))
            occupations.Add(term.Trim().Length > 0 ? term.Trim() : throw r.Error(path, "must not be empty"));
        return new PriorityRule(weights, r.Whole(s, "countCap", min: 1), r.Whole(s, "recencyYears", min: 1), evidential, occupations);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex("^[0-9]{1,3}[A-Z]?(/[0-9]{1,2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffenceCode();

    /// <summary>An object being read and its path for messages.</summary>
    private readonly record struct Scope(JsonElement Element, string Path)
    {
        public string Child(string name) => Path.Length == 0 ? name : Path + "." + name;
    }

    private sealed class Reader(string label)
    {
        public CriteriaProfileException Error(string path, string reason) => new($"{label}: {path}: {reason}");

        public Scope Object(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(path.Length == 0 ? "(root)" : path, "must be an object");
            foreach (var p in e.EnumerateObject())
                if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                    throw Error(path.Length == 0 ? p.Name : path + "." + p.Name, $"unknown field (expected one of {string.Join(", ", allowed)})");
            return new Scope(e, path);
        }

        public Scope Object(Scope s, string path, params string[] allowed) => Object(s.Element, path, allowed);

        public JsonElement Required(Scope s, string name) =>
            s.Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw Error(s.Child(name), "is required");

        private JsonElement? Optional(Scope s, string name, bool mayBeAbsent = false) =>
            s.Element.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Null ? null : v
            : mayBeAbsent ? null : throw Error(s.Child(name), "is required (null when not used)");

        public string String(Scope s, string name)
        {
            var v = Required(s, name);
            return v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0 ? v.GetString()!.Trim() : throw Error(s.Child(name), "must be a non-empty string");
        }

        public bool Bool(Scope s, string name)
        {
            var v = Required(s, name);
            return v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Error(s.Child(name), "must be true or false") };
        }

        public int Whole(Scope s, string name, int min) => AsWhole(Required(s, name), s.Child(name), min);

        public int? OptionalWhole(Scope s, string name, int min, bool mayBeAbsent = false) => Optional(s, name, mayBeAbsent) is { } v ? AsWhole(v, s.Child(name), min) : null;

        private int AsWhole(JsonElement v, string path, int min) =>
            v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min
                ? i
                : throw Error(path, $"must be a whole number ≥ {min}");

        public double Number(Scope s, string name, double min)
        {
            var v = Required(s, name);
            return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) && d >= min
                ? d
                : throw Error(s.Child(name), $"must be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}");
        }

        public DateOnly? OptionalDate(Scope s, string name, bool mayBeAbsent = false)
        {
            if (Optional(s, name, mayBeAbsent) is not { } v) return null;
            return v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw Error(s.Child(name), "must be a date YYYY-MM-DD");
        }

        public List<(string Value, string Path)> Strings(Scope s, string name)
        {
            var v = Required(s, name);
            if (v.ValueKind != JsonValueKind.Array) throw Error(s.Child(name), "must be a list of strings");
            var list = new List<(string, string)>();
            var i = 0;
            foreach (var item in v.EnumerateArray())
            {
                var path = $"{s.Child(name)}[{i++}]";
                list.Add(item.ValueKind == JsonValueKind.String ? (item.GetString()!, path) : throw Error(path, "must be a string"));
            }
            return list;
        }

        public List<string> Codes(Scope s, string name, int minCount)
        {
            var codes = new List<string>();
            foreach (var (code, path) in Strings(s, name))
                codes.Add(OffenceCode().IsMatch(code.Trim()) ? code.Trim().ToUpperInvariant() : throw Error(path, $"'{code}' is not a Home Office offence code"));
            if (codes.Count < minCount) throw Error(s.Child(name), $"must list at least {minCount} code");
            return codes;
        }
    }
}
