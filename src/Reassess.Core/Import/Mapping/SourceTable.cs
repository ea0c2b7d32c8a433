using System.Globalization;
using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Reassess.Import.Mapping;

/// <summary>
/// A row of one of the force's files: its line (for a sheet, the spreadsheet's row number), its cells in the file's
/// column order (only the columns asked for are filled), its text for a rejects file, or why it cannot be read.
/// </summary>
/// <remarks>
/// A <paramref name="Fatal"/> row says the file could not be read on from there (invalid UTF-8, malformed CSV): the rest of
/// the file is unknown, so the whole extract is refused, even with rejects (nothing may be dropped silently).
/// </remarks>
internal readonly record struct SourceRow(int Line, string?[] Cells, string? Raw, string? ShapeError = null, bool Fatal = false, int Chars = 0);

/// <summary>
/// One of the force's files as the mapping reads it: a CSV file (UTF-8, a BOM tolerated, RFC 4180, comma-separated, one
/// header row) or a sheet of an .xlsx workbook read with MiniExcel (first row the header). Cells are trimmed; an empty
/// cell is no value. A spreadsheet's dates become <c>YYYY-MM-DD</c> (with the time, ISO 8601, when it has one), its
/// numbers invariant text (<c>12</c>, not <c>12.0</c>).
/// </summary>
internal sealed class SourceTable
{
    private readonly string _path;
    private readonly string? _sheet;

    private SourceTable(string name, string path, string display, string? sheet, IReadOnlyList<string> header)
    {
        Name = name;
        _path = path;
        Display = display;
        _sheet = sheet;
        Header = header;
    }

    /// <summary>The source's name in the mapping.</summary>
    public string Name { get; }

    /// <summary>How messages name it: the file (<c>crimes.csv</c>), or the workbook and sheet (<c>nominals.xlsx[Victims]</c>).</summary>
    public string Display { get; }

    /// <summary>The header's column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// The length of a CSV file in bytes, to estimate its rows from those read so far (as a bundle's reader does); 0 for a
    /// sheet (its file is compressed).
    /// </summary>
    public long Length()
    {
        if (_sheet is not null) return 0;
        try
        {
            return new FileInfo(_path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0; // reading it will say what is wrong
        }
    }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Header.Count; i++)
            if (string.Equals(Header[i], column, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Opens a source and reads its header; null, with the reason in <paramref name="errors"/>, when it cannot be.</summary>
    public static SourceTable? Open(string extract, string name, SourceDefinition source, List<ImportError> errors)
    {
        var path = Path.Combine(extract, source.File);
        var display = source.File;
        if (!File.Exists(path))
        {
            errors.Add(new(display, 0, "(file)", $"is missing from the extract (the mapping's source '{name}')"));
            return null;
        }
        try
        {
            if (source.IsXlsx)
            {
                var sheets = MiniExcel.GetSheetNames(path);
                var sheet = source.Sheet ?? sheets.FirstOrDefault();
                display = $"{source.File}[{sheet}]";
                if (sheet is null || !sheets.Contains(sheet))
                {
                    errors.Add(new(display, 0, "(sheet)", $"the workbook has no such sheet (its sheets: {string.Join(", ", sheets)})"));
                    return null;
                }
                var first = MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().FirstOrDefault();
                if (first is null)
                {
                    errors.Add(new(display, 1, "(header)", "the sheet is empty; a header row is required"));
                    return null;
                }
                var header = first.Values.Select(v => Text(v) ?? "").ToList();
                while (header.Count > 0 && header[^1].Length == 0) header.RemoveAt(header.Count - 1);
                return Checked(new SourceTable(name, path, display, sheet, header), errors);
            }
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false })
                .From(new StreamReader(path, Utf8, detectEncodingFromByteOrderMarks: false));
            foreach (var row in reader)
            {
                var header = new List<string>(row.ColCount);
                for (var i = 0; i < row.ColCount; i++)
                {
                    var cell = row[i].Span.Trim().ToString();
                    header.Add(i == 0 ? cell.TrimStart('\uFEFF') : cell);
                }
                return Checked(new SourceTable(name, path, display, null, header), errors);
            }
            errors.Add(new(display, 1, "(header)", "the file is empty; a header row is required"));
            return null;
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(display, 1, "(file)", "is not valid UTF-8 (was the file saved in another encoding, such as Windows-1252?)"));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
        {
            errors.Add(new(display, 1, "(file)", $"cannot be read: {ex.Message}"));
            return null;
        }
    }

    private static SourceTable? Checked(SourceTable table, List<ImportError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var column in table.Header)
        {
            if (column.Length > 0 && !seen.Add(column))
            {
                errors.Add(new(table.Display, 1, column, "column appears more than once in the header"));
                ok = false;
            }
        }
        return ok ? table : null;
    }

    /// <summary>
    /// The data rows, in order, with only the <paramref name="wanted"/> columns filled (a new array each row, so rows may
    /// be kept, unless <paramref name="reuseCells"/>: then one array for every row, valid until the next). Blank rows are
    /// skipped. A file that turns out unreadable part-way ends with a row carrying the reason. The cells of the
    /// <paramref name="pooled"/> columns of a CSV file share one string per value (<see cref="CellPool"/>), and any other
    /// cell equal to the one above it shares its string, as a bundle's reader does: the rows made from them are kept by the
    /// import, and a string allocated per cell is work for the collector.
    /// </summary>
    public IEnumerable<SourceRow> Rows(bool[] wanted, bool keepRaw, bool[]? pooled = null, bool reuseCells = false) =>
        _sheet is null ? CsvRows(wanted, keepRaw, pooled, reuseCells) : SheetRows(wanted, keepRaw);

    private IEnumerable<SourceRow> CsvRows(bool[] wanted, bool keepRaw, bool[]? pooled, bool reuseCells)
    {
        var pools = new CellPool?[Header.Count];
        for (var i = 0; i < pools.Length; i++)
            if (wanted[i] && pooled is not null && pooled[i]) pools[i] = new CellPool();
        var shared = reuseCells ? new string?[Header.Count] : null;
        var above = new string?[Header.Count];
        using var text = new StreamReader(_path, Utf8, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { BufferSize = 1 << 16 });
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false }).From(text);
        using var rows = reader.GetEnumerator();
        var header = true;
        var lastLine = 1;
        var failed = false;
        while (!failed)
        {
            SourceRow next;
            try
            {
                if (!rows.MoveNext()) yield break;
                var row = rows.Current;
                if (header) { header = false; continue; }
                if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty && Header.Count > 1) continue;
                lastLine = row.LineNumberFrom;
                if (row.ColCount != Header.Count)
                {
                    next = new SourceRow(row.LineNumberFrom, new string?[Header.Count], row.Span.ToString(), $"has {row.ColCount} fields; the header has {Header.Count}");
                }
                else
                {
                    var cells = shared ?? new string?[Header.Count];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (!wanted[i]) continue;
                        var span = row[i].Span.Trim();
                        cells[i] = span.IsEmpty ? null
                            : pools[i] is { } pool ? pool.Get(span)
                            : above[i] is { } previous && span.SequenceEqual(previous) ? previous
                            : above[i] = span.ToString();
                    }
                    next = new SourceRow(row.LineNumberFrom, cells, keepRaw ? row.Span.ToString() : null, Chars: row.Span.Length + 1);
                }
            }
            catch (Exception ex) when (ex is DecoderFallbackException or InvalidDataException or IOException or ArgumentException)
            {
                next = new SourceRow(lastLine + 1, new string?[Header.Count], null,
                    ex is DecoderFallbackException ? "is not valid UTF-8 (was the file saved in another encoding, such as Windows-1252?)" : $"malformed CSV: {ex.Message}", Fatal: true);
                failed = true;
            }
            yield return next;
        }
    }

    private IEnumerable<SourceRow> SheetRows(bool[] wanted, bool keepRaw)
    {
        var line = 0;
        foreach (var row in MiniExcel.Query(_path, useHeaderRow: false, sheetName: _sheet).Cast<IDictionary<string, object?>>())
        {
            line++;
            if (line == 1) continue;
            var cells = new string?[Header.Count];
            var values = row.Values.ToList();
            var any = false;
            for (var i = 0; i < values.Count; i++)
            {
                var value = Text(values[i]);
                if (value is null) continue;
                if (i >= cells.Length) { any = true; continue; }
                any = true;
                if (wanted[i]) cells[i] = value;
            }
            if (!any) continue;
            if (values.Count > cells.Length && values.Skip(cells.Length).Any(v => Text(v) is not null))
            {
                yield return new SourceRow(line, cells, keepRaw ? Raw(values) : null, $"has values beyond the header's {Header.Count} columns");
                continue;
            }
            yield return new SourceRow(line, cells, keepRaw ? Raw(values) : null);
        }
    }

    /// <summary>A spreadsheet row as a line of CSV, for a rejects file.</summary>
    private static string Raw(List<object?> values)
    {
        var cells = values.Select(v => Text(v) ?? "").ToList();
        while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
        return string.Join(',', cells.Select(Csv.Quote));
    }

    /// <summary>A spreadsheet cell as text: trimmed, null when empty.</summary>
    internal static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}

/// <summary>CSV quoting (RFC 4180) for the bundle a mapping writes.</summary>
internal static class Csv
{
    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
