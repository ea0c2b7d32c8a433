using System.Globalization;
using nietras.SeparatedValues;

namespace Reassess.Linkage.Matching;

/// <summary>Input that cannot be linked as given (missing column, duplicate id, unreadable date); the message says where and why.</summary>
public sealed class LinkageInputException(string message) : ReassessException(message);

/// <summary>Which CSV column plays which role (<c>dob=date_of_birth:yyyyMMdd</c>); a role given twice is joined with a space.</summary>
public sealed record ColumnMapping(string Role, string Column, string? DateFormat = null)
{
    /// <summary>The roles a column can play.</summary>
    public static IReadOnlyList<string> Roles { get; } =
        ["forenames", "surname", "full_name", "dob", "sex", "postcode", "address", "city", "phone", "email", "birth_place", "occupation", "identifier",
         "ethnicity", "observed_ethnicity", "nationality"];

    /// <summary>Parses <c>ROLE=COLUMN[:dateformat]</c>; throws <see cref="FormatException"/> on a malformed or unknown role.</summary>
    public static ColumnMapping Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == spec.Length - 1) throw new FormatException($"Column mapping '{spec}' is not ROLE=COLUMN.");
        var role = spec[..eq].Trim().ToLowerInvariant();
        if (!Roles.Contains(role)) throw new FormatException($"Unknown role '{role}' in '{spec}'; roles are {string.Join(", ", Roles)}.");
        var column = spec[(eq + 1)..];
        string? format = null;
        if (role == "dob")
        {
            var colon = column.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                format = column[(colon + 1)..];
                column = column[..colon];
                if (format.Length == 0) throw new FormatException($"Empty date format in '{spec}'.");
            }
        }
        column = column.Trim();
        if (column.Length == 0) throw new FormatException($"Column mapping '{spec}' names no column.");
        return new ColumnMapping(role, column, format);
    }
}

/// <summary>Reads a CSV of people into <see cref="PersonRecord"/>s by column roles (for <c>reassess dedupe</c>).
/// Values are trimmed (FEBRL files put a space after each comma); empty cells are missing values.</summary>
public static class PeopleCsv
{
    private static readonly string[] DefaultDateFormats =
        ["yyyy-MM-dd", "yyyyMMdd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "dd.MM.yyyy", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The file's ids (in file order) and records.</summary>
    public static (List<string> Ids, List<PersonRecord> Records) Read(string path, string idColumn, IReadOnlyList<ColumnMapping> columns, int source = 0)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path)) throw new LinkageInputException($"{path}: file not found.");
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).FromFile(path);
        var names = reader.Header.ColNames.Select(c => c.Trim()).ToList();
        int IndexOf(string column)
        {
            var i = names.IndexOf(column);
            if (i < 0) i = names.FindIndex(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
            if (i < 0) throw new LinkageInputException($"{path}: no column '{column}' (columns: {string.Join(", ", names)}).");
            return i;
        }
        var idIndex = IndexOf(idColumn);
        var mapped = columns.Select(c => (c.Role, Index: IndexOf(c.Column), c.Column, c.DateFormat)).ToList();

        var ids = new List<string>();
        var records = new List<PersonRecord>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var line = 1;
        foreach (var row in reader)
        {
            line++;
            var cells = new string[row.ColCount];
            for (var c = 0; c < cells.Length; c++) cells[c] = row[c].ToString().Trim();
            string Cell(int i) => i < cells.Length ? cells[i] : "";
            var id = Cell(idIndex);
            if (id.Length == 0) throw new LinkageInputException($"{path}:{line}: empty id in column '{idColumn}'.");
            if (seen.TryGetValue(id, out var first)) throw new LinkageInputException($"{path}:{line}: duplicate id '{id}' (first on line {first}).");
            seen[id] = line;
            values.Clear();
            DateOnly? dob = null;
            string? dobText = null;
            foreach (var (role, index, column, format) in mapped)
            {
                var v = Cell(index);
                if (v.Length == 0) continue;
                if (role == "dob")
                {
                    if (!TryParseDate(v, format, out dob, out dobText))
                        throw new LinkageInputException($"{path}:{line}: column '{column}': '{v}' is not a date{(format is null ? " (give its format, e.g. dob=" + column + ":yyyyMMdd)" : " in format " + format)}.");
                    continue;
                }
                values[role] = values.TryGetValue(role, out var existing) && existing is not null ? existing + " " + v : v;
            }
            var forenames = values.GetValueOrDefault("forenames");
            var surname = values.GetValueOrDefault("surname");
            if (values.TryGetValue("full_name", out var full) && forenames is null && surname is null)
                (forenames, surname) = MatchNormalise.SplitFullName(full);
            ids.Add(id);
            records.Add(new PersonRecord(
                id, forenames, surname, dob,
                Sex: values.GetValueOrDefault("sex"),
                Postcode: values.GetValueOrDefault("postcode"),
                Address: values.GetValueOrDefault("address"),
                City: values.GetValueOrDefault("city"),
                Phone: values.GetValueOrDefault("phone"),
                Email: values.GetValueOrDefault("email"),
                BirthPlace: values.GetValueOrDefault("birth_place"),
                Occupation: values.GetValueOrDefault("occupation"),
                Identifier: values.GetValueOrDefault("identifier"),
                Source: source,
                DateOfBirthText: dobText,
                Ethnicity: values.GetValueOrDefault("ethnicity"),
                ObservedEthnicity: values.GetValueOrDefault("observed_ethnicity"),
                Nationality: values.GetValueOrDefault("nationality")));
        }
        return (ids, records);
    }

    /// <summary>
    /// Parses a date of birth. A value with the shape of the format whose digits do not make a calendar date (month 13,
    /// 31 February: typing errors common in real records) is kept as its digits for comparison rather than rejected, and
    /// so is a partial date: 00 for an unknown day or month, or a year ("1960") or year and month ("1960-05") alone,
    /// kept as yyyy0000 or yyyyMM00.
    /// </summary>
    public static bool TryParseDate(string value, string? format, out DateOnly? date, out string? digits)
    {
        date = null;
        digits = null;
        var formats = format is null ? DefaultDateFormats : [format];
        foreach (var f in formats)
        {
            if (DateOnly.TryParseExact(value, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                date = d;
                return true;
            }
            if (f.Contains('T', StringComparison.Ordinal) || f.Contains(' ', StringComparison.Ordinal))
            {
                if (DateTime.TryParseExact(value, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                {
                    date = DateOnly.FromDateTime(dt);
                    return true;
                }
            }
        }
        foreach (var f in formats)
        {
            if (ShapedDigits(value, f) is { } s)
            {
                digits = s;
                return true;
            }
        }
        digits = PartialDigits(value);
        return digits is not null;
    }

    // yyyy, MM and dd at fixed positions: digits reordered as yyyyMMdd.
    private static string? ShapedDigits(string value, string format)
    {
        if (value.Length != format.Length) return null;
        var y = format.IndexOf("yyyy", StringComparison.Ordinal);
        var m = format.IndexOf("MM", StringComparison.Ordinal);
        var d = format.IndexOf("dd", StringComparison.Ordinal);
        if (y < 0 || m < 0 || d < 0) return null;
        for (var i = 0; i < format.Length; i++)
        {
            var inField = (i >= y && i < y + 4) || (i >= m && i < m + 2) || (i >= d && i < d + 2);
            if (inField ? !char.IsAsciiDigit(value[i]) : value[i] != format[i]) return null;
        }
        // Year 0000 is a placeholder, not a date; a month or day of 00 is a partial date (known to the year or month),
        // kept as such and compared on its known parts.
        if (int.Parse(value.AsSpan(y, 4), CultureInfo.InvariantCulture) == 0) return null;
        return string.Concat(value.AsSpan(y, 4), value.AsSpan(m, 2), value.AsSpan(d, 2));
    }

    /// <summary>A date known only to the year ("1960") or the month ("1960-05", "05/1960"): yyyy0000 or yyyyMM00.</summary>
    private static string? PartialDigits(string value)
    {
        var parts = value.Split(['-', '/', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2 || parts.Any(p => !p.All(char.IsAsciiDigit))) return null;
        var year = parts.FirstOrDefault(p => p.Length == 4);
        var month = parts.FirstOrDefault(p => p.Length is 1 or 2);
        if (year is null || (parts.Length == 2 && month is null)) return null;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var mo = month is null ? 0 : int.Parse(month, CultureInfo.InvariantCulture);
        if (y is < 1000 or > 2999 || mo > 12) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{y:0000}{mo:00}00");
    }
}
