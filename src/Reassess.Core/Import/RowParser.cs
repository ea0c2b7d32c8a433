using System.Globalization;
using System.Text.RegularExpressions;
using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Import;

/// <summary>Where a row came from and what is wrong with it; <see cref="Errors"/> is empty for a valid row.</summary>
internal class RowReport(string file, int line, string raw)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Raw { get; } = raw;
    private List<ImportError>? _errors; // most rows have none: no list for them

    public IReadOnlyList<ImportError> Errors => _errors ?? (IReadOnlyList<ImportError>)[];
    public bool IsValid => _errors is null;

    public void Error(string column, string reason) => (_errors ??= []).Add(new ImportError(File, Line, column, reason));

    /// <summary>
    /// Adds what a mapping could not make of this row (<see cref="Mapping.MappedRowErrors"/>), in place of the format's own
    /// errors on the same cells: a cell the mapping could not make holds the force's value, which is no use checking.
    /// </summary>
    public void MappingErrors(IReadOnlyList<(string Column, string Reason)> errors)
    {
        _errors?.RemoveAll(e => Mapping.MappedRowErrors.Supersede(errors, e.Column));
        foreach (var (column, reason) in errors) Error(column, reason);
    }
}

/// <summary>A parsed row and its record.</summary>
internal sealed class ParsedRow<T>(string file, int line, string raw, T record) : RowReport(file, line, raw) where T : class
{
    public T Record { get; } = record;

    /// <summary>
    /// Fields whose cell was empty but which the record had to fill with a default (<c>cse_flag</c> and
    /// <c>independently_reviewed</c> are <c>false</c> when empty), one bit each (<see cref="Unstated"/>): a new record takes the
    /// default, a stored one keeps its value, as it does for every other empty cell.
    /// </summary>
    public byte UnstatedDefaults { get; set; }
}

/// <summary>The bits of <see cref="ParsedRow{T}.UnstatedDefaults"/>.</summary>
internal static class Unstated
{
    public const byte CseFlag = 1;
    public const byte IndependentlyReviewed = 2;
}

/// <summary>Turns the cells of one row into a record, noting every cell that breaks force-export-v1.</summary>
internal static partial class RowParser
{
    [GeneratedRegex("^[A-Za-z]{2,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ForceCode();

    // One to three digits, an optional letter, an optional "/" with one or two digits: 8N, 105A, 19D, 71/17.
    [GeneratedRegex("^[0-9]{1,3}[A-Za-z]?(/[0-9]{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex OffenceCode();

    // Police National Computer id: two-digit year, slash, serial number, check letter (05/123456K).
    [GeneratedRegex("^[0-9]{2}/[0-9]{1,7}[A-Za-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex PncId();

    [GeneratedRegex("^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Alpha3();

    public static ParsedRow<Investigation> Investigation(CsvRow row)
    {
        var c = row.Cells;
        var inv = new Investigation { Force = "", InvestigationRef = "", OffenceCodes = "" };
        var p = new ParsedRow<Investigation>(BundleSchema.Investigations, row.Line, row.Raw, inv);
        if (row.ShapeError is not null) { p.Error("(row)", row.ShapeError); return p; }
        if (row.CellError is { } unreadable) p.Error(unreadable.Column, unreadable.Reason);
        inv.Force = Force(p, c[0]);
        inv.InvestigationRef = Required(p, "investigation_id", c[1]) ?? "";
        inv.RecordedDate = RequiredDate(p, "recorded_date", c[2]);
        inv.OffenceFrom = RequiredDate(p, "offence_from", c[3]);
        inv.OffenceTo = Date(p, "offence_to", c[4]);
        if (inv.OffenceTo is { } to && c[3] is not null && to < inv.OffenceFrom)
            p.Error("offence_to", $"{to:yyyy-MM-dd} is before offence_from {inv.OffenceFrom:yyyy-MM-dd}");
        inv.OffenceCodes = OffenceCodes(p, c[5]);
        if (c[6] is { } outcome)
        {
            if (OutcomeTypes.Find(outcome) is { } type) inv.OutcomeCode = type.Code;
            else p.Error("outcome_code", $"'{outcome}' is not a Home Office outcome type (1, 1A, 2 … 22)");
        }
        inv.OutcomeDate = Date(p, "outcome_date", c[7]);
        if (c[6] is not null && c[7] is null) p.Error("outcome_date", "required when outcome_code is set");
        inv.CpsDecision = Enum<CpsDecision>(p, "cps_decision", c[8]);
        inv.CseFlag = Bool(p, "cse_flag", c[9]) ?? false;
        inv.IndependentlyReviewed = Bool(p, "independently_reviewed", c[10]) ?? false;
        if (c[9] is null) p.UnstatedDefaults |= Unstated.CseFlag;
        if (c[10] is null) p.UnstatedDefaults |= Unstated.IndependentlyReviewed;
        inv.Postcode = Postcode(p, "postcode", c[11]);
        inv.Summary = c[12];
        return p;
    }

    public static ParsedRow<Person> Person(CsvRow row)
    {
        var c = row.Cells;
        var person = new Person { Force = "", PersonRef = "", Surname = "" };
        var p = new ParsedRow<Person>(BundleSchema.People, row.Line, row.Raw, person);
        if (row.ShapeError is not null) { p.Error("(row)", row.ShapeError); return p; }
        if (row.CellError is { } unreadable) p.Error(unreadable.Column, unreadable.Reason);
        person.Force = Force(p, c[0]);
        person.PersonRef = Required(p, "person_id", c[1]) ?? "";
        person.Surname = Required(p, "surname", c[2]) ?? "";
        person.Forenames = c[3];
        person.DateOfBirth = Date(p, "date_of_birth", c[4]);
        person.Sex = Enum<Sex>(p, "sex", c[5]);
        if (c[6] is { } sde)
        {
            if (SelfDefinedEthnicities.Find(sde) is { } code) person.SelfDefinedEthnicity = code.Code;
            else p.Error("self_defined_ethnicity", $"'{sde}' is not an 18+1 ethnicity code or NS");
        }
        if (c[7] is { } ooe)
        {
            if (OfficerObservedEthnicities.Find(ooe) is { } code) person.OfficerObservedEthnicity = code.Code;
            else p.Error("officer_observed_ethnicity", $"'{ooe}' is not an officer-observed code (IC1 … IC6, IC9)");
        }
        if (c[8] is { } nat)
        {
            if (Alpha3().IsMatch(nat)) person.Nationality = Normalise.Upper(nat);
            else p.Error("nationality", $"'{nat}' is not an ISO 3166-1 alpha-3 code");
        }
        person.DateOfDeath = Date(p, "date_of_death", c[9]);
        if (person.DateOfDeath is { } dod && person.DateOfBirth is { } dob && dod < dob)
            p.Error("date_of_death", $"{dod:yyyy-MM-dd} is before date_of_birth {dob:yyyy-MM-dd}");
        if (c[10] is { } pnc)
        {
            if (PncId().IsMatch(pnc)) person.PncId = Normalise.Upper(pnc);
            else p.Error("pnc_id", $"'{pnc}' is not a PNC id (YY/NNNNNNNA, e.g. 05/123456K)");
        }
        person.Occupation = c[11];
        person.Postcode = Postcode(p, "postcode", c[12]);
        return p;
    }

    public static ParsedRow<Involvement> Involvement(CsvRow row)
    {
        var c = row.Cells;
        var inv = new Involvement { Force = "", InvestigationRef = "", PersonRef = "" };
        var p = new ParsedRow<Involvement>(BundleSchema.Involvements, row.Line, row.Raw, inv);
        if (row.ShapeError is not null) { p.Error("(row)", row.ShapeError); return p; }
        if (row.CellError is { } unreadable) p.Error(unreadable.Column, unreadable.Reason);
        inv.Force = Force(p, c[0]);
        inv.InvestigationRef = Required(p, "investigation_id", c[1]) ?? "";
        inv.PersonRef = Required(p, "person_id", c[2]) ?? "";
        if (c[3] is null) p.Error("role", "required value is empty");
        else inv.Role = Enum<InvolvementRole>(p, "role", c[3]) ?? default;
        inv.Relationship = Enum<SuspectRelationship>(p, "relationship", c[4]);
        inv.SuspectDisposal = Enum<SuspectDisposal>(p, "suspect_disposal", c[5]);
        inv.Arrested = Bool(p, "arrested", c[6]);
        inv.Interviewed = Bool(p, "interviewed", c[7]);
        return p;
    }

    public static ParsedRow<Identifier> Identifier(CsvRow row)
    {
        var c = row.Cells;
        var id = new Identifier { Force = "", RawValue = "", Value = "" };
        var p = new ParsedRow<Identifier>(BundleSchema.Identifiers, row.Line, row.Raw, id);
        if (row.ShapeError is not null) { p.Error("(row)", row.ShapeError); return p; }
        if (row.CellError is { } unreadable) p.Error(unreadable.Column, unreadable.Reason);
        id.Force = Force(p, c[0]);
        var kind = c[1] is null ? (IdentifierKind?)null : Enum<IdentifierKind>(p, "kind", c[1]);
        if (c[1] is null) p.Error("kind", "required value is empty");
        id.RawValue = Required(p, "value", c[2]) ?? "";
        id.PersonRef = c[3] is null ? null : Required(p, "person_id", c[3]);
        id.InvestigationRef = c[4] is null ? null : Required(p, "investigation_id", c[4]);
        id.Context = c[5];
        if (c[3] is null && c[4] is null) p.Error("person_id", "one of person_id or investigation_id is required");
        if (kind is { } k && c[2] is { } raw)
        {
            id.Kind = k;
            string? normalised = k switch
            {
                IdentifierKind.Phone => Normalise.Phone(raw),
                IdentifierKind.Vehicle => Normalise.Vehicle(raw),
                IdentifierKind.Email => Normalise.Email(raw),
                IdentifierKind.Address => Normalise.Address(raw),
                _ => Normalise.Username(raw),
            };
            if (normalised is null) p.Error("value", $"'{raw}' is not a valid {Token.Of(k)}");
            else id.Value = normalised;
        }
        return p;
    }

    // The last force code this thread found valid, and its normal form: a file's rows share one string per force (the
    // reader pools repeated cells), so most rows are checked by a reference comparison instead of a regex.
    [ThreadStatic] private static string? _lastForce;
    [ThreadStatic] private static string? _lastForceCode;

    private static string Force(RowReport p, string? value)
    {
        if (value is null) { p.Error("force", "required value is empty"); return ""; }
        if (ReferenceEquals(value, _lastForce)) return _lastForceCode!;
        if (!ForceCode().IsMatch(value)) { p.Error("force", $"'{value}' is not a force code (2 to 8 letters)"); return ""; }
        var code = Normalise.Upper(value);
        (_lastForce, _lastForceCode) = (value, code);
        return code;
    }

    private static string? Required(RowReport p, string column, string? value)
    {
        if (value is null) p.Error(column, "required value is empty");
        else if (column.EndsWith("_id", StringComparison.Ordinal) && value.Length > MaxIdLength)
            p.Error(column, $"is {value.Length} characters long; at most {MaxIdLength} are allowed");
        return value;
    }

    private const int MaxIdLength = 64;

    private static DateOnly RequiredDate(RowReport p, string column, string? value)
    {
        if (value is null) { p.Error(column, "required value is empty"); return default; }
        return Date(p, column, value) ?? default;
    }

    private static DateOnly? Date(RowReport p, string column, string? value)
    {
        if (value is null) return null;
        if (StrictDate(value) is { } strict) return strict;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        p.Error(column, $"'{value}' is not a date (YYYY-MM-DD)");
        return null;
    }

    /// <summary>The common case of <c>yyyy-MM-dd</c> (ten characters, a real date) read without the general parser; null otherwise.</summary>
    internal static DateOnly? StrictDate(string value)
    {
        if (value.Length != 10 || value[4] != '-' || value[7] != '-') return null;
        static int Digits(string s, int from, int count)
        {
            var n = 0;
            for (var i = from; i < from + count; i++)
            {
                var c = s[i] - '0';
                if ((uint)c > 9) return -1;
                n = n * 10 + c;
            }
            return n;
        }
        int year = Digits(value, 0, 4), month = Digits(value, 5, 2), day = Digits(value, 8, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }

    private static bool? Bool(RowReport p, string column, string? value)
    {
        if (value is null) return null;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        p.Error(column, $"'{value}' is not a boolean (true or false)");
        return null;
    }

    private static TEnum? Enum<TEnum>(RowReport p, string column, string? value) where TEnum : struct, System.Enum
    {
        if (value is null) return null;
        if (Token.TryParse<TEnum>(value, out var e)) return e;
        p.Error(column, $"'{value}' is not one of {string.Join(", ", Token.All<TEnum>())}");
        return null;
    }

    private static string OffenceCodes(RowReport p, string? value)
    {
        if (value is null) { p.Error("offence_codes", "required value is empty"); return ""; }
        if (value.Length <= 256 && !value.Contains(';') && OffenceCode().IsMatch(value)) return Normalise.Upper(value); // one code
        var codes = value.Split(';', StringSplitOptions.TrimEntries);
        var bad = codes.Where(code => !OffenceCode().IsMatch(code)).ToList();
        if (bad.Count > 0)
        {
            p.Error("offence_codes", $"{string.Join(", ", bad.Select(b => b.Length == 0 ? "an empty code" : $"'{b}'"))} is not a Home Office offence code (e.g. 19D, 8N, 71/17)");
            return "";
        }
        var joined = string.Join(';', codes.Select(Normalise.Upper));
        if (joined.Length > 256) p.Error("offence_codes", $"is {joined.Length} characters long; at most 256 are allowed");
        return joined;
    }

    private static string? Postcode(RowReport p, string column, string? value)
    {
        if (value is null) return null;
        var pc = Normalise.Postcode(value);
        if (pc is null) p.Error(column, $"'{value}' is not a UK postcode");
        return pc;
    }
}
