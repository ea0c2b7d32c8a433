using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reassess.Import.Mapping;

/// <summary>A mapping file that cannot be used: each problem says where in it and why (docs/mappings.md).</summary>
public sealed class MappingException(string file, IReadOnlyList<string> problems)
    : ReassessException(string.Join(Environment.NewLine, problems.Select(p => $"{file}: {p}")))
{
    /// <summary>The mapping file's name.</summary>
    public string File { get; } = file;

    /// <summary>Each problem as "where: what", e.g. <c>tables.people[0].columns.sex: translate: 'sexes' is not one of the translations</c>.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// A mapping from a force's own export layout to force-export-v1, as written in a mapping file (JSON, comments and
/// trailing commas allowed; docs/mappings.md). Version 1. Loading checks the file's shape and every name in it that
/// does not depend on the extract (tables, columns, translations, sources); the force's files are checked against it
/// when they are read (<see cref="MappedExtract"/>).
/// </summary>
public sealed class MappingDefinition
{
    /// <summary>The only version of the mapping format there is so far.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The version of the mapping format the file is written in (required, <see cref="CurrentVersion"/>).</summary>
    public int Version { get; init; }

    /// <summary>Free text: which system and export this maps.</summary>
    public string? Description { get; init; }

    /// <summary>A constant force code for every row (when the layout has no force column).</summary>
    public string? Force { get; init; }

    /// <summary>Date (or date and time) formats tried in order for every date column without its own, e.g. <c>dd/MM/yyyy</c>.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [];

    /// <summary>How a name held in one column is written: <c>SURNAME, Forenames</c> (default) or <c>Forenames SURNAME</c>.</summary>
    public string NameStyle { get; init; } = NameStyles.SurnameComma;

    /// <summary>Named value translations (local code → force-export-v1 value), matched ignoring case.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Translations { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The force's files, by the name the tables use for them.</summary>
    public IReadOnlyDictionary<string, SourceDefinition> Sources { get; init; } = new Dictionary<string, SourceDefinition>();

    /// <summary>For each force-export-v1 table (<c>investigations</c>, <c>people</c>, <c>involvements</c>, <c>identifiers</c>), the feeds that fill it, in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FeedDefinition>> Tables { get; init; } = new Dictionary<string, IReadOnlyList<FeedDefinition>>();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new ColumnDefinitionConverter() },
    };

    /// <summary>Reads and checks a mapping file; <see cref="MappingException"/> says where and why it cannot be used.</summary>
    public static MappingDefinition Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MappingException(path, [$"cannot be read: {ex.Message}"]);
        }
        return Parse(text, Path.GetFileName(path));
    }

    /// <summary>Parses and checks mapping text; <paramref name="name"/> is what messages call the file.</summary>
    public static MappingDefinition Parse(string text, string name)
    {
        MappingDefinition? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<MappingDefinition>(text, Json);
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? $"line {line + 1}" + (ex.Path is { Length: > 0 } p ? $", {p}" : "") : ex.Path ?? "";
            throw new MappingException(name, [$"{at}: {Simplify(ex.Message)}"]);
        }
        if (mapping is null) throw new MappingException(name, ["the file holds null; a mapping object is required"]);
        var problems = mapping.Problems().ToList();
        if (problems.Count > 0) throw new MappingException(name, problems);
        return mapping;
    }

    private static string Simplify(string message)
    {
        // System.Text.Json appends its own "Path: … | LineNumber: …" to the message; the location is given already.
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Everything wrong with the mapping itself, each as "where: what".</summary>
    private IEnumerable<string> Problems()
    {
        if (Version != CurrentVersion)
            yield return Version == 0 ? "version: required (\"version\": 1)" : $"version: {Version} is not a mapping version this Reassess reads (it reads {CurrentVersion})";
        if (Force is not null && !MappedExtract.IsForceCode(Force))
            yield return $"force: '{Force}' is not a force code (2 to 8 letters)";
        if (!NameStyles.All.Contains(NameStyle, StringComparer.OrdinalIgnoreCase))
            yield return $"nameStyle: '{NameStyle}' is not one of: {string.Join(", ", NameStyles.All.Select(s => $"'{s}'"))}";
        foreach (var format in DateFormats)
            if (MappedExtract.DateFormatProblem(format) is { } problem) yield return $"dateFormats: '{format}': {problem}";
        foreach (var (name, source) in Sources)
        {
            if (string.IsNullOrWhiteSpace(source.File)) yield return $"sources.{name}.file: required";
            else if (Path.IsPathRooted(source.File) || source.File.Split('/', '\\').Contains(".."))
                yield return $"sources.{name}.file: '{source.File}' must be a file inside the extract folder";
            else if (!source.IsCsv && !source.IsXlsx)
                yield return $"sources.{name}.file: '{source.File}' is neither .csv nor .xlsx";
            if (source.Sheet is not null && !source.IsXlsx) yield return $"sources.{name}.sheet: only an .xlsx file has sheets";
        }
        if (Tables.Count == 0) yield return "tables: no table is mapped";
        foreach (var (table, feeds) in Tables)
        {
            var columns = MappedExtract.ColumnsOf(table);
            if (columns is null)
            {
                yield return $"tables.{table}: not a force-export-v1 table (investigations, people, involvements, identifiers)";
                continue;
            }
            for (var f = 0; f < feeds.Count; f++)
            {
                var feed = feeds[f];
                var at = $"tables.{table}[{f}]";
                if (!Sources.ContainsKey(feed.From)) yield return $"{at}.from: '{feed.From}' is not one of the sources ({string.Join(", ", Sources.Keys)})";
                for (var j = 0; j < feed.Join.Count; j++)
                {
                    var join = feed.Join[j];
                    if (!Sources.ContainsKey(join.Source)) yield return $"{at}.join[{j}].source: '{join.Source}' is not one of the sources";
                    if (string.IsNullOrWhiteSpace(join.On)) yield return $"{at}.join[{j}].on: required (the column of '{feed.From}' to match)";
                }
                foreach (var (name, column) in feed.Columns)
                {
                    var where = $"{at}.columns.{name}";
                    if (!columns.Any(c => c.Name == name))
                    {
                        yield return $"{where}: '{name}' is not a column of {table}.csv ({string.Join(", ", columns.Select(c => c.Name))})";
                        continue;
                    }
                    foreach (var problem in column.Problems(this, feed, name)) yield return $"{where}: {problem}";
                }
                foreach (var required in columns.Where(c => c.Required && !feed.Columns.ContainsKey(c.Name)))
                    if (!(required.Name == "force" && Force is not null))
                        yield return $"{at}.columns: the required column '{required.Name}' is not mapped" +
                            (required.Name == "force" ? " (map it, or give the mapping a constant \"force\")" : "");
            }
        }
    }
}

/// <summary>How a name held in one column is written.</summary>
public static class NameStyles
{
    public const string SurnameComma = "SURNAME, Forenames";
    public const string ForenamesFirst = "Forenames SURNAME";
    public static IReadOnlyList<string> All { get; } = [SurnameComma, ForenamesFirst];
}

/// <summary>One of the force's files: a CSV file, or a sheet of an .xlsx workbook (the first when no sheet is named).</summary>
public sealed class SourceDefinition
{
    /// <summary>The file, relative to the extract folder.</summary>
    public string File { get; init; } = "";

    /// <summary>For an .xlsx file, the sheet (default: the first).</summary>
    public string? Sheet { get; init; }

    /// <summary>Columns of the file the mapping leaves out on purpose: not listed as unmapped, no warning on import.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    internal bool IsCsv => File.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
    internal bool IsXlsx => File.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One source filling a table: its rows become rows of the table, its columns (and its joined sources') the table's columns.</summary>
public sealed class FeedDefinition
{
    /// <summary>The source whose rows this feed reads (a name in <see cref="MappingDefinition.Sources"/>).</summary>
    public string From { get; init; } = "";

    /// <summary>Other sources joined to each row by a key column (at most one row of the joined source per key).</summary>
    public IReadOnlyList<JoinDefinition> Join { get; init; } = [];

    /// <summary>
    /// Columns of the feed's own source a row must have a value in to become a row of the table; a row with any of them
    /// empty is skipped, not refused (a wide contacts sheet whose vehicle column is often empty, fed once for vehicles).
    /// </summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>Each force-export-v1 column this feed fills, and how.</summary>
    public IReadOnlyDictionary<string, ColumnDefinition> Columns { get; init; } = new Dictionary<string, ColumnDefinition>();
}

/// <summary>A source joined to a feed's rows: the row of <see cref="Source"/> whose <see cref="To"/> equals the feed row's <see cref="On"/>.</summary>
public sealed class JoinDefinition
{
    public string Source { get; init; } = "";

    /// <summary>The column of the feed's own source holding the key.</summary>
    public string On { get; init; } = "";

    /// <summary>The key column of the joined source (default: the same name as <see cref="On"/>).</summary>
    public string? To { get; init; }

    /// <summary>Whether a feed row must find its joined row (default false: a row without one gets no values from it).</summary>
    public bool Required { get; init; }
}

/// <summary>
/// How one force-export-v1 column is filled: from one source column (<see cref="Column"/>), from several joined
/// (<see cref="Join"/>), or a constant (<see cref="Value"/>); then a part of a name (<see cref="Name"/>), a translation
/// (<see cref="Translate"/>) and, for a date column, formats (<see cref="Format"/>). A bare string is the same as
/// <c>{ "column": "…" }</c>.
/// </summary>
public sealed class ColumnDefinition
{
    public string? Column { get; init; }

    /// <summary>The source the column is read from: the feed's own (default) or one of its joined sources.</summary>
    public string? Source { get; init; }

    public string? Value { get; init; }

    public IReadOnlyList<string>? Join { get; init; }

    /// <summary>Between joined values (default: a space; <c>;</c> for <c>offence_codes</c>).</summary>
    public string? Separator { get; init; }

    /// <summary><c>surname</c> or <c>forenames</c>: the part of a whole name in <see cref="Column"/> to take.</summary>
    public string? Name { get; init; }

    /// <summary>The name style of <see cref="Column"/>, when not the mapping's.</summary>
    public string? NameStyle { get; init; }

    /// <summary>The translation (a name in <see cref="MappingDefinition.Translations"/>) every value goes through; a value it lacks is refused.</summary>
    public string? Translate { get; init; }

    /// <summary>Date formats for this column (one, or several separated by <c>|</c>), tried before the mapping's.</summary>
    public string? Format { get; init; }

    internal IEnumerable<string> Problems(MappingDefinition mapping, FeedDefinition feed, string target)
    {
        var kinds = (Column is null ? 0 : 1) + (Value is null ? 0 : 1) + (Join is null ? 0 : 1);
        if (kinds != 1) yield return "give exactly one of \"column\", \"join\" and \"value\"";
        if (Join is { Count: 0 }) yield return "join: lists no columns";
        if (Source is not null && Source != feed.From && feed.Join.All(j => j.Source != Source))
            yield return $"source: '{Source}' is neither the feed's source '{feed.From}' nor one it joins";
        if (Name is not null)
        {
            if (Name is not ("surname" or "forenames")) yield return $"name: '{Name}' is neither 'surname' nor 'forenames'";
            if (Column is null) yield return "name: splits a \"column\"";
        }
        if (NameStyle is not null && !NameStyles.All.Contains(NameStyle, StringComparer.OrdinalIgnoreCase))
            yield return $"nameStyle: '{NameStyle}' is not one of: {string.Join(", ", NameStyles.All.Select(s => $"'{s}'"))}";
        if (Translate is not null && !mapping.Translations.ContainsKey(Translate))
            yield return $"translate: '{Translate}' is not one of the translations ({string.Join(", ", mapping.Translations.Keys)})";
        if (Format is not null)
        {
            if (!MappedExtract.DateColumns.Contains(target)) yield return $"format: '{target}' is not a date column";
            foreach (var format in Format.Split('|'))
                if (MappedExtract.DateFormatProblem(format) is { } problem) yield return $"format: '{format}': {problem}";
        }
    }
}

/// <summary>A column given as a bare string is <c>{ "column": "…" }</c>.</summary>
internal sealed class ColumnDefinitionConverter : JsonConverter<ColumnDefinition>
{
    private sealed class Shape
    {
        public string? Column { get; init; }
        public string? Source { get; init; }
        public string? Value { get; init; }
        public IReadOnlyList<string>? Join { get; init; }
        public string? Separator { get; init; }
        public string? Name { get; init; }
        public string? NameStyle { get; init; }
        public string? Translate { get; init; }
        public string? Format { get; init; }
    }

    public override ColumnDefinition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new ColumnDefinition { Column = reader.GetString() };
        var s = JsonSerializer.Deserialize<Shape>(ref reader, options) ?? throw new JsonException("a column needs a name or an object");
        return new ColumnDefinition
        {
            Column = s.Column,
            Source = s.Source,
            Value = s.Value,
            Join = s.Join,
            Separator = s.Separator,
            Name = s.Name,
            NameStyle = s.NameStyle,
            Translate = s.Translate,
            Format = s.Format,
        };
    }

    public override void Write(Utf8JsonWriter writer, ColumnDefinition value, JsonSerializerOptions options) =>
        throw new NotSupportedException("mappings are read, not written");
}
