using nietras.SeparatedValues;

namespace Reassess.Import;

/// <summary>One data row of a bundle file: its first physical line, its cells in the schema's column order, and its raw text.</summary>
internal readonly record struct CsvRow(int Line, string?[] Cells, string Raw, string? ShapeError = null);

/// <summary>
/// Reads one bundle file with Sep: UTF-8 (BOM tolerated), RFC 4180 quoting, comma separator, header names in any order,
/// unknown columns ignored with a warning. Cells are trimmed; an empty cell is null.
/// </summary>
internal sealed class BundleFileReader
{
    private readonly string _file;
    private readonly string _path;
    private readonly IReadOnlyList<ColumnSpec> _columns;
    private readonly bool _keepRaw;

    /// <param name="directory">The bundle folder.</param>
    /// <param name="file">The file name within it.</param>
    /// <param name="columns">The schema columns, in the order cells are returned.</param>
    /// <param name="keepRawText">Keep each row's text (for a rejects file); off, it saves a copy of the whole bundle in memory.</param>
    public BundleFileReader(string directory, string file, IReadOnlyList<ColumnSpec> columns, bool keepRawText = true)
    {
        _keepRaw = keepRawText;
        _file = file;
        _path = Path.Combine(directory, file);
        _columns = columns;
    }

    public bool Exists => File.Exists(_path);

    /// <summary>Reads every row. File and header errors go to <paramref name="errors"/>; a row with the wrong number of fields is yielded with its <see cref="CsvRow.ShapeError"/>.</summary>
    public List<CsvRow> ReadAll(List<ImportError> errors, List<string> warnings, CancellationToken cancellationToken) =>
        ReadAll(row => row with { Cells = (string?[])row.Cells.Clone() }, errors, warnings, cancellationToken);

    /// <summary>
    /// Reads every row and turns each into a <typeparamref name="TOut"/> as it is read, so the cells of a row are short-lived
    /// garbage instead of a second copy of the file kept until the end. The <see cref="CsvRow.Cells"/> array handed to
    /// <paramref name="parse"/> is reused for the next row: <paramref name="parse"/> must not keep it.
    /// With <paramref name="part"/>, the rows are also handed over while the file is read, in parts of
    /// <paramref name="partRows"/> (the last one shorter), each with the index of its first row and an estimate of the
    /// file's rows (from the length of the first part's rows and the file's): its own list, so the receiver may use it on
    /// another thread while reading goes on.
    /// </summary>
    public List<TOut> ReadAll<TOut>(Func<CsvRow, TOut> parse, List<ImportError> errors, List<string> warnings, CancellationToken cancellationToken,
        Action<List<TOut>, int, int>? part = null, int partRows = 65_536)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentOutOfRangeException.ThrowIfLessThan(partRows, 1);
        // Sized from the file (rows are rarely under 32 bytes): growing a list of millions by doubling allocates large
        // objects over and over, and each can trigger a full collection of everything read so far.
        var rows = new List<TOut>((int)Math.Min(LengthOrZero(_path) / 32, 1 << 24));
        var lastLine = 0;
        var handed = 0; // rows handed over in parts so far
        var length = LengthOrZero(_path);
        long chars = 0; // read before the first part, to estimate the file's rows
        var expected = 0;
        void HandOver(bool last)
        {
            if (part is null || rows.Count == handed || (!last && rows.Count - handed < partRows)) return;
            if (expected == 0) expected = last ? rows.Count : (int)Math.Clamp(length * rows.Count / Math.Max(chars, 1), rows.Count, Array.MaxLength);
            part(rows.GetRange(handed, rows.Count - handed), handed, last ? rows.Count : Math.Max(expected, rows.Count));
            handed = rows.Count;
        }
        SepReader reader;
        try
        {
            reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false }).FromFile(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            errors.Add(new(_file, 1, "(file)", $"cannot be read: {ex.Message}"));
            return rows;
        }

        using (reader)
        {
            int[]? map = null; // schema column → position in the file
            var cells = new string?[_columns.Count];
            var pools = _columns.Select(c => c.Repeats ? new CellPool() : null).ToArray();
            // Other columns repeat in runs if at all (the involvements of one investigation follow each other): a cell
            // equal to the one above it shares its string.
            var above = new string?[_columns.Count];
            var headerCount = 0;
            try
            {
                foreach (var row in reader)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (map is null)
                    {
                        map = ReadHeader(row, errors, warnings, out headerCount);
                        if (map is null) return rows;
                        continue;
                    }
                    if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty && headerCount > 1) continue; // blank line
                    lastLine = row.LineNumberFrom;
                    if (handed == 0) chars += row.Span.Length + 1;
                    if (row.ColCount != headerCount)
                    {
                        rows.Add(parse(new CsvRow(row.LineNumberFrom, new string?[_columns.Count], row.Span.ToString(),
                            $"has {row.ColCount} fields; the header has {headerCount}")));
                        HandOver(last: false);
                        continue;
                    }
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (map[i] < 0) { cells[i] = null; continue; }
                        var span = row[map[i]].Span.Trim();
                        cells[i] = span.IsEmpty ? null
                            : pools[i] is { } pool ? pool.Get(span)
                            : above[i] is { } previous && span.SequenceEqual(previous) ? previous
                            : above[i] = span.ToString();
                    }
                    rows.Add(parse(new CsvRow(row.LineNumberFrom, cells, _keepRaw ? row.Span.ToString() : "")));
                    HandOver(last: false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // Sep reports malformed input (for example an unterminated quote at the end) as an exception.
                errors.Add(new(_file, lastLine > 0 ? lastLine + 1 : 1, "(row)", $"malformed CSV: {ex.Message}"));
                return rows;
            }
            if (map is null) errors.Add(new(_file, 1, "(header)", "the file is empty; a header row is required"));
        }
        HandOver(last: true);
        return rows;
    }

    private static long LengthOrZero(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0; // reading it will say what is wrong
        }
    }

    private int[]? ReadHeader(SepReader.Row header, List<ImportError> errors, List<string> warnings, out int count)
    {
        count = header.ColCount;
        var names = new string[count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < count; i++)
        {
            var name = header[i].Span.Trim().ToString();
            if (i == 0) name = name.TrimStart('\uFEFF');
            names[i] = name;
            if (name.Length == 0) continue;
            if (!seen.TryAdd(name, i))
            {
                errors.Add(new(_file, 1, name, "column appears more than once in the header"));
                ok = false;
            }
        }
        var map = new int[_columns.Count];
        for (var c = 0; c < _columns.Count; c++)
        {
            map[c] = seen.TryGetValue(_columns[c].Name, out var at) ? at : -1;
            if (map[c] < 0 && _columns[c].Required)
            {
                errors.Add(new(_file, 1, _columns[c].Name, "required column is missing from the header"));
                ok = false;
            }
        }
        var known = _columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
            if (!known.Contains(name))
                warnings.Add($"{_file}:{1}: {(name.Length == 0 ? "(unnamed)" : name)}: unknown column ignored");
        return ok ? map : null;
    }
}

/// <summary>
/// One string per distinct value of a column whose values recur (a force code, a date, a common surname): a bundle of
/// millions of rows then keeps one copy of <c>MPS</c> instead of millions, which is less to allocate, to copy through the
/// GC's generations and to hold. Bounded, so a column with more distinct values than expected costs a lookup, not memory.
/// </summary>
internal sealed class CellPool
{
    private const int MaxValues = 16_384;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CellPool() => _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var shared)) return shared;
        var text = value.ToString();
        if (_values.Count < MaxValues) _values.Add(text, text);
        return text;
    }
}
