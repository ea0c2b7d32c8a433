using System.Text;
using nietras.SeparatedValues;

namespace Reassess.Import;

/// <summary>
/// One data row of a bundle file: its first physical line, its cells in the schema's column order, and its raw text; or,
/// when the row cannot be read into cells at all, why (<paramref name="ShapeError"/>). <paramref name="CellError"/> is a
/// cell whose text cannot be stored as it is (column, reason): the row is still read, so its key is known.
/// <paramref name="MappingErrors"/> are what a mapping could not make of the row it made (bundle column, reason).
/// </summary>
internal readonly record struct CsvRow(int Line, string?[] Cells, string Raw, string? ShapeError = null, (string Column, string Reason)? CellError = null,
    IReadOnlyList<(string Column, string Reason)>? MappingErrors = null);

/// <summary>
/// Reads one bundle file with Sep: UTF-8 (BOM tolerated), RFC 4180 quoting, comma separator, header names in any order,
/// unknown columns ignored with a warning. Cells are trimmed; an empty cell is null.
/// Two things no row may carry, each an error on its row rather than a silent change: bytes that are not UTF-8 (a file
/// saved as Windows-1252 would otherwise have every accented name turned into U+FFFD), and the NUL character, which
/// PostgreSQL cannot store in text at all (and SQLite would, so the engines would disagree).
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
        StreamReader? text = null;
        var invalid = new InvalidUtf8();
        try
        {
            text = new StreamReader(_path, invalid.Encoding, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { BufferSize = 1 << 16 });
            reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false }).From(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            text?.Dispose();
            errors.Add(new(_file, 1, "(file)", $"cannot be read: {ex.Message}"));
            return rows;
        }

        using (text)
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
                    var unreadable = Unreadable(row, map, invalid);
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (map[i] < 0) { cells[i] = null; continue; }
                        var span = row[map[i]].Span.Trim();
                        cells[i] = span.IsEmpty ? null
                            : pools[i] is { } pool ? pool.Get(span)
                            : above[i] is { } previous && span.SequenceEqual(previous) ? previous
                            : above[i] = span.ToString();
                    }
                    rows.Add(parse(new CsvRow(row.LineNumberFrom, cells, _keepRaw ? row.Span.ToString() : "", CellError: unreadable)));
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

    /// <summary>
    /// Why a row's text cannot be taken as it is (column, reason), or null. Invalid UTF-8 is decoded as U+FFFD and counted
    /// (<see cref="InvalidUtf8"/>); a row is blamed only once the file has shown some, so a genuine U+FFFD in a valid
    /// file passes.
    /// </summary>
    private (string Column, string Reason)? Unreadable(SepReader.Row row, int[] map, InvalidUtf8 invalid)
    {
        var text = row.Span;
        if (text.IndexOfAny('\0', '\uFFFD') < 0) return null;
        for (var i = 0; i < map.Length; i++)
        {
            if (map[i] < 0) continue;
            var cell = row[map[i]].Span;
            if (cell.Contains('\0'))
                return (_columns[i].Name, "contains a NUL character (U+0000), which cannot be stored");
            if (invalid.Seen && cell.Contains('\uFFFD'))
                return (_columns[i].Name, "is not valid UTF-8 (the spec requires UTF-8: was the file saved in another encoding, such as Windows-1252?)");
        }
        return invalid.Seen && text.Contains('\uFFFD')
            ? ("(row)", "is not valid UTF-8 (the spec requires UTF-8: was the file saved in another encoding, such as Windows-1252?)")
            : null;
    }

    /// <summary>UTF-8 that decodes invalid bytes as U+FFFD, as the default does, but notes that it had to.</summary>
    private sealed class InvalidUtf8 : DecoderFallback
    {
        private volatile bool _seen;

        public InvalidUtf8() => Encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();

        public Encoding Encoding
        {
            get;
            private init
            {
                value.DecoderFallback = this;
                field = value;
            }
        }

        public bool Seen => _seen;

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(InvalidUtf8 owner) : DecoderFallbackBuffer
        {
            private bool _pending;

            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner._seen = true;
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending) return '\0';
                _pending = false;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;
        }
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
