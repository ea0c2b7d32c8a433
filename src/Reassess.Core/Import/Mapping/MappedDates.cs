using System.Globalization;

namespace Reassess.Import.Mapping;

/// <summary>
/// Reads a date column's values as force-export-v1 dates (<c>YYYY-MM-DD</c>): ISO dates as they are (a spreadsheet's date
/// cells are read so), otherwise the mapping's formats in order, in the invariant culture, with a time part allowed by the
/// format and then dropped (force-export-v1 holds dates).
/// </summary>
/// <remarks>
/// An extract's dates repeat (a few thousand days over millions of cells), and .NET's parser with a list of formats costs
/// more than the rest of the row's mapping, so each distinct value is read once (<see cref="Parse"/>) and remembered, up to
/// <see cref="MaxValues"/> of them; a date already in ISO form is recognised without the parser. Not thread-safe: a
/// feed's rows are made on one thread.
/// </remarks>
internal sealed class MappedDates(string[] formats)
{
    /// <summary>The most distinct values remembered; past them a value is parsed each time it comes.</summary>
    public const int MaxValues = 1 << 16;

    private static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss"];
    private readonly Dictionary<string, string?> _read = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Formats => formats;

    /// <summary>The value as a force-export-v1 date; when no format reads it, the value itself and why in <paramref name="error"/>.</summary>
    public string Read(string value, ref string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsIsoDate(value)) return value;
        if (!_read.TryGetValue(value, out var date))
        {
            date = Parse(value, formats);
            if (_read.Count < MaxValues) _read.Add(value, date);
        }
        if (date is not null) return date;
        error = Problem(value, formats);
        return value;
    }

    /// <summary>The value as a force-export-v1 date, or null when neither ISO nor any of <paramref name="formats"/> reads it; nothing remembered.</summary>
    internal static string? Parse(string value, string[] formats)
    {
        if (DateTime.TryParseExact(value, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return null;
    }

    internal static string Problem(string value, IEnumerable<string> formats) => $"'{value}' is not a date in the format {string.Join(" or ", formats)}";

    /// <summary>
    /// Whether the value is <c>yyyy-MM-dd</c> exactly (ten characters, a real day of year 1 to 9999): what
    /// <see cref="Parse"/> would give back unchanged.
    /// </summary>
    internal static bool IsIsoDate(string value) => RowParser.StrictDate(value) is not null;
}
