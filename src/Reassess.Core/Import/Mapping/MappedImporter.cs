using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Import.Mapping;

/// <summary>
/// Imports a force's extract in its own layout through a mapping (docs/mappings.md): the mapping makes force-export-v1
/// rows, streaming, and hands each straight to the bundle importer's checks as a row of the file it stands for (no bundle
/// is written and read back), so whole-or-nothing, <c>--rejects</c>, re-import and history are the importer's own. What the mapping could not
/// make of a row (a code it does not translate, a date not in its format) is an error on that row, and every error and
/// rejected row is reported in the force's own file, line and column (<see cref="IRowLocator"/>).
/// Columns of the force's files that the mapping does not read are ignored, each with a warning (or silently when the
/// mapping lists it under <c>ignore</c>).
/// </summary>
public sealed class MappedImporter(TimeProvider time, IAuditTrail? audit = null)
{
    public async Task<ImportOutcome> ImportAsync(DatabaseTarget target, string extract, string mappingPath, ImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        MappingDefinition mapping;
        try
        {
            mapping = MappingDefinition.Load(mappingPath);
        }
        catch (MappingException ex)
        {
            return ImportOutcome.Failed([.. ex.Problems.Select(p => new ImportError(ex.File, 0, "(mapping)", p))], []);
        }
        var opened = MappedExtract.Open(extract, mapping);
        if (opened.FileErrors.Count > 0) return ImportOutcome.Failed(opened.FileErrors, []);
        var warnings = opened.Unmapped.Select(u => $"{u.File}:1: {u.Column}: not mapped; ignored").ToList();

        var tables = new MappedTable[MappedExtract.Tables.Length];
        var refused = false;
        // The rows are made once the importer has started bringing the database's schema up to date, on a thread of their
        // own, and each goes straight into the importer's checks as if read from a bundle's file: no bundle is written and
        // read back. A table's rows are made on one thread, so each table's sink sees them in order.
        string MakeRows(BundleReading reading, CancellationToken ct)
        {
            var errors = new List<ImportError>();
            for (var t = 0; t < tables.Length; t++) tables[t] = new MappedTable(reading.Sink(t), t, opened.Length(t));
            try
            {
                opened.Run(t => tables[t], reading.Sink(0).KeepsRawText, errors, ct);
            }
            catch (Exception ex)
            {
                foreach (var table in tables) table.Sink.Complete([], ex);
                throw;
            }
            refused = errors.Count > 0;
            // The mapping's own errors (a joined key twice, a file unreadable part-way) refuse the extract as they are: they
            // go with the last file, which the importer checks once every row is in (each other file was completed as soon
            // as its table was made, so that the importer could go on with it; completing it again does nothing).
            for (var t = 0; t < tables.Length; t++) tables[t].Sink.Complete(t == tables.Length - 1 ? errors : []);
            options.PhaseLog?.Invoke("mapping: rows made");
            return MappedTable.Hash(tables);
        }

        var locator = new MappedLocator(opened, tables);
        var outcome = await new BundleImporter(time, audit).ImportAsync(target, extract,
            options with
            {
                Locator = locator,
                Rows = MakeRows,
                Source = $"{Path.GetFullPath(extract)} (mapping {Path.GetFullPath(mappingPath)})",
            }, progress, cancellationToken);
        if (refused) return outcome with { Warnings = warnings }; // the mapping's own errors, in the force's terms already
        return outcome with
        {
            Errors = [.. outcome.Errors.Select(locator.Locate).Distinct()],
            Warnings = [.. warnings, .. outcome.Warnings],
        };
    }
}

/// <summary>
/// One table's rows as the mapping makes them, handed to the importer's checks (<see cref="IRowSink"/>) as rows of the
/// bundle file they stand for, numbered as its lines would be (line 2 the first); for each row it remembers the feed and
/// source lines it came from, its source text (for rejects) and the mapping's errors on it, and it hashes the rows (the
/// batch's record of which extract it was).
/// </summary>
internal sealed class MappedTable : IMappedRows
{
    /// <param name="sink">Where the rows go.</param>
    /// <param name="table">The table (in <see cref="MappedExtract.Tables"/>).</param>
    /// <param name="length">
    /// The length of the files the rows are made from (0: not known). What is kept for each row is sized from it once,
    /// at a row for every 32 bytes (rows are rarely shorter), not grown by doubling: each doubling of a list of hundreds
    /// of thousands is a large object, which can set off a full collection. The rows the table will have are estimated
    /// from it once a few thousand are made, as a bundle's reader estimates a file's.
    /// </param>
    public MappedTable(IRowSink sink, int table, long length = 0)
    {
        Sink = sink;
        _table = table;
        _width = MappedExtract.Tables[table].Columns.Count;
        _length = length;
        var most = (int)Math.Min(length / 32, 1 << 24);
        Feeds = new(most);
        Lines = new(most);
        JoinLines = new(most);
        Raws = new(sink.KeepsRawText ? most : 0);
        sink.Expect(most, 0);
    }

    private const int EstimateAfter = 4096;
    private readonly long _length;
    private long _chars;

    private readonly int _table;
    private readonly int _width;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // The bytes hashed are gathered here and handed to the hash in blocks: a call into the hash for each cell cost more
    // than the rest of the row's hashing (the hash is the same either way).
    private byte[] _buffer = new byte[1 << 16];
    private int _buffered;

    public IRowSink Sink { get; }

    /// <summary>The rows handed in so far; row i is line i + 2 of the bundle file it stands for.</summary>
    public int Count => Lines.Count;

    public List<byte> Feeds { get; }
    public List<int> Lines { get; }
    public List<int[]?> JoinLines { get; }
    public List<string?> Raws { get; }
    public Dictionary<int, List<(string Column, string Reason)>> Errors { get; } = [];

    /// <summary>
    /// A table's rows are all made: its file is complete, so the importer may finish writing it while the other tables are
    /// still being made. Not the last file, which takes the mapping's own errors once every table is made.
    /// </summary>
    public void Made()
    {
        if (_table < MappedExtract.Tables.Length - 1) Sink.Complete([]);
    }

    /// <summary>
    /// A row of the table this table's feeds made. A UTF-8 byte 0 can only be U+0000, and the marks between cells hold
    /// none, so the row's bytes, gathered for the hash, are searched once for a NUL character instead of each cell.
    /// </summary>
    public void Row(int feed, string?[] cells, in RowOrigin origin, List<(string Column, string Reason)>? errors)
    {
        if (errors is not null) Errors.Add(Count, errors);
        Feeds.Add((byte)feed);
        Lines.Add(origin.Line);
        JoinLines.Add(origin.JoinLines);
        if (Sink.KeepsRawText) Raws.Add(origin.Raw);
        if (Count <= EstimateAfter)
        {
            _chars += origin.Chars;
            if (Count == EstimateAfter && _chars > 0 && _length > 0)
                Sink.Expect(0, (int)Math.Clamp(_length * Count / _chars, Count, Array.MaxLength));
        }
        var most = 3; // the row's end mark
        for (var i = 0; i < _width; i++)
        {
            // As a bundle's reader takes a cell: trimmed, empty as no value. The mapping's cells are trimmed already but
            // for a constant or a translation written with spaces.
            if (cells[i] is { } made && (made.Length == 0 || !Trimmed(made[0]) || !Trimmed(made[^1])))
                cells[i] = made.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            most += cells[i] is { } cell ? Encoding.UTF8.GetMaxByteCount(cell.Length) + 3 : 6;
        }
        Room(most);
        var row = _buffered;
        var buffer = _buffer.AsSpan();
        for (var i = 0; i < _width; i++)
        {
            if (cells[i] is { } cell)
            {
                _buffered += Encoding.UTF8.GetBytes(cell, buffer[_buffered..]);
                Mark(buffer, "\u241F"u8);
            }
            else
            {
                Mark(buffer, "\u2400\u241F"u8);
            }
        }
        Mark(buffer, "\u241E"u8);
        (string Column, string Reason)? unreadable = null;
        if (buffer[row.._buffered].Contains((byte)0))
        {
            for (var i = 0; i < _width && unreadable is null; i++)
                if (cells[i] is { } cell && cell.Contains('\0', StringComparison.Ordinal))
                    unreadable = (MappedExtract.Tables[_table].Columns[i].Name, "contains a NUL character (U+0000), which cannot be stored");
        }
        // The mapping has found its errors on the row already; the importer adds them where the row is parsed.
        Sink.Row(new CsvRow(Count + 1, cells, "", CellError: unreadable, MappingErrors: errors));
    }

    /// <summary>Whether a cell may end in this character without trimming: any character but white space (checked fully beyond ASCII).</summary>
    private static bool Trimmed(char c) => c is > ' ' and < '\u0080' || (c >= '\u0080' && !char.IsWhiteSpace(c));

    private void Mark(Span<byte> buffer, ReadOnlySpan<byte> mark)
    {
        mark.CopyTo(buffer[_buffered..]);
        _buffered += mark.Length;
    }

    /// <summary>Makes room for <paramref name="bytes"/> more in the buffer: hashes what it holds, and grows it for a row longer than it.</summary>
    private void Room(int bytes)
    {
        if (_buffered + bytes <= _buffer.Length) return;
        Flush();
        if (bytes > _buffer.Length) _buffer = new byte[Math.Max(bytes, _buffer.Length * 2)];
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _buffered);
        _buffered = 0;
    }

    /// <summary>SHA-256 over every table's rows in order, so the same extract through the same mapping is recognisable.</summary>
    public static string Hash(MappedTable[] tables)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var t = 0; t < tables.Length; t++)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(MappedExtract.Tables[t].File));
            tables[t].Flush();
            sha.AppendData(tables[t]._hash.GetHashAndReset());
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>The bundle's files, lines and columns as the force's files, lines and columns.</summary>
internal sealed partial class MappedLocator(MappedExtract extract, MappedTable[] tables) : IRowLocator
{
    [GeneratedRegex(@"\bline ([0-9]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LineReference();

    private static int TableOf(string file) => Array.FindIndex(MappedExtract.Tables, t => t.File == file);

    private int RowAt(int table, int line)
    {
        // Row i is line i + 2 (the header is line 1); a line past the last row is the last row's, as a row spread over
        // several lines would be.
        return line < 2 ? -1 : Math.Min(line - 2, tables[table].Count - 1);
    }

    public IReadOnlyList<(string Column, string Reason)>? MappingErrors(string file, int line)
    {
        var t = TableOf(file);
        if (t < 0) return null;
        var row = RowAt(t, line);
        return row >= 0 && tables[t].Errors.TryGetValue(row, out var errors) ? errors : null;
    }

    public ImportError Locate(ImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var t = TableOf(error.File);
        if (t < 0 || error.Line < 2) return error;
        var row = RowAt(t, error.Line);
        if (row < 0) return error;
        var (file, line, column) = Locate(extract.FeedsOf(t)[tables[t].Feeds[row]], tables[t].Lines[row], tables[t].JoinLines[row], MappedExtract.Tables[t].Columns, error.Column);
        // A reason may point at another row of the bundle ("first at line 12"): that row, in the force's file.
        var reason = LineReference().Replace(error.Reason, m =>
        {
            var other = RowAt(t, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            if (other < 0) return m.Value;
            var (otherFile, otherLine) = Origin(t, other, out _);
            return $"{otherFile} line {otherLine}";
        });
        // "… was rejected (see people.csv)": the force's files that make that table.
        foreach (var (table, bundleFile, _) in MappedExtract.Tables)
            if (reason.Contains(bundleFile, StringComparison.Ordinal))
                reason = reason.Replace(bundleFile, SourcesOf(Array.FindIndex(MappedExtract.Tables, x => x.Table == table)), StringComparison.Ordinal);
        return new ImportError(file, line, column, reason);
    }

    /// <summary>A bundle column of a row made by <paramref name="feed"/> as the force's file, line and column(s).</summary>
    internal static (string File, int Line, string Column) Locate(CompiledFeed feed, int line, int[]? joinLines, IReadOnlyList<ColumnSpec> columns, string column)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var c = IndexOf(columns, column);
        if (c < 0) return (feed.Source.Display, line, column);
        if (feed.Rules[c] is not { } rule) return (feed.Source.Display, line, $"{column} (not mapped)");
        return rule.Slot > 0 && joinLines is { } joins && joins[rule.Slot - 1] > 0
            ? (rule.File, joins[rule.Slot - 1], rule.Describe)
            : (feed.Source.Display, line, rule.Describe);
    }

    public (string File, int Line, string Raw) LocateRow(string file, int line, string raw)
    {
        var t = TableOf(file);
        if (t < 0) return (file, line, raw);
        var row = RowAt(t, line);
        if (row < 0) return (file, line, raw);
        var (source, sourceLine) = Origin(t, row, out _);
        return (source, sourceLine, row < tables[t].Raws.Count ? tables[t].Raws[row] ?? raw : raw);
    }

    private string SourcesOf(int table)
    {
        var files = extract.FeedsOf(table).Select(f => f.Source.Display).Distinct().ToList();
        return files.Count == 0 ? MappedExtract.Tables[table].File : string.Join(" or ", files);
    }

    private (string File, int Line) Origin(int table, int row, out CompiledFeed feed)
    {
        feed = extract.FeedsOf(table)[tables[table].Feeds[row]];
        return (feed.Source.Display, tables[table].Lines[row]);
    }

    private static int IndexOf(IReadOnlyList<ColumnSpec> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (columns[i].Name == name) return i;
        return -1;
    }
}
