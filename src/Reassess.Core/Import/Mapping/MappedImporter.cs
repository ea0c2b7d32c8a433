using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Import.Mapping;

/// <summary>
/// Imports a force's extract in its own layout through a mapping (docs/mappings.md): the mapping writes the rows as a
/// force-export-v1 bundle in a temporary folder, streaming, and the bundle importer imports that bundle as it imports any
/// other, so whole-or-nothing, <c>--rejects</c>, re-import and history are the importer's own. What the mapping could not
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

        var bundle = Directory.CreateTempSubdirectory("reassess-mapped-");
        try
        {
            var keepRaw = options.RejectsPath is not null;
            var writers = new BundleWriter[MappedExtract.Tables.Length];
            var refused = false;
            // The bundle is written by the importer's Prepare step, while it brings the database's schema up to date.
            Task<IReadOnlyList<ImportError>> WriteBundle(CancellationToken ct) => Task.Run<IReadOnlyList<ImportError>>(() =>
            {
                var errors = new List<ImportError>();
                try
                {
                    for (var t = 0; t < writers.Length; t++)
                        writers[t] = new BundleWriter(Path.Combine(bundle.FullName, MappedExtract.Tables[t].File), MappedExtract.Tables[t].Columns, keepRaw);
                    opened.Run(t => writers[t], keepRaw, errors, ct);
                }
                finally
                {
                    foreach (var writer in writers) writer?.Dispose();
                }
                refused = errors.Count > 0;
                options.PhaseLog?.Invoke("mapping: bundle written");
                return errors;
            }, ct);

            var locator = new MappedLocator(opened, writers);
            var outcome = await new BundleImporter(time, audit).ImportAsync(target, bundle.FullName,
                options with
                {
                    Locator = locator,
                    Prepare = WriteBundle,
                    Source = $"{Path.GetFullPath(extract)} (mapping {Path.GetFullPath(mappingPath)})",
                }, progress, cancellationToken);
            if (refused) return outcome with { Warnings = warnings }; // the mapping's own errors, in the force's terms already
            return outcome with
            {
                Errors = [.. outcome.Errors.Select(locator.Locate).Distinct()],
                Warnings = [.. warnings, .. outcome.Warnings],
            };
        }
        finally
        {
            try
            {
                bundle.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind is not worth failing an import for; the system cleans its temp folder.
            }
        }
    }
}

/// <summary>
/// Writes one table of the bundle (CSV, RFC 4180) as the mapping makes its rows, and remembers for each row the line it
/// starts on, the feed and source lines it came from, its source text (for rejects) and the mapping's errors on it.
/// </summary>
internal sealed class BundleWriter : IMappedRows, IDisposable
{
    private readonly StreamWriter _out;
    private readonly bool _keepRaw;
    private int _line = 2; // the header is line 1

    public List<int> Starts { get; } = [];
    public List<byte> Feeds { get; } = [];
    public List<int> Lines { get; } = [];
    public List<int[]?> JoinLines { get; } = [];
    public List<string?> Raws { get; } = [];
    public Dictionary<int, List<(string Column, string Reason)>> Errors { get; } = [];

    public BundleWriter(string path, IReadOnlyList<ColumnSpec> columns, bool keepRaw)
    {
        _keepRaw = keepRaw;
        _out = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        _out.Write(string.Join(',', columns.Select(c => c.Name)));
        _out.Write('\n');
    }

    public void Row(int feed, string?[] cells, in RowOrigin origin, List<(string Column, string Reason)>? errors)
    {
        if (errors is not null) Errors.Add(Starts.Count, errors);
        Starts.Add(_line);
        Feeds.Add((byte)feed);
        Lines.Add(origin.Line);
        JoinLines.Add(origin.JoinLines);
        if (_keepRaw) Raws.Add(origin.Raw);
        var breaks = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) _out.Write(',');
            if (cells[i] is not { } cell) continue;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                _out.Write(cell);
                continue;
            }
            breaks += LineBreaks(cell);
            _out.Write('"');
            _out.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
            _out.Write('"');
        }
        _out.Write('\n');
        _line += 1 + breaks;
    }

    /// <summary>Line breaks as a CSV reader counts lines: <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> each one.</summary>
    private static int LineBreaks(string cell)
    {
        var n = 0;
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '\n') n++;
            else if (cell[i] == '\r' && (i + 1 == cell.Length || cell[i + 1] != '\n')) n++;
        }
        return n;
    }

    public void Dispose() => _out.Dispose();
}

/// <summary>The bundle's files, lines and columns as the force's files, lines and columns.</summary>
internal sealed partial class MappedLocator(MappedExtract extract, BundleWriter[] tables) : IRowLocator
{
    [GeneratedRegex(@"\bline ([0-9]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LineReference();

    private static int TableOf(string file) => Array.FindIndex(MappedExtract.Tables, t => t.File == file);

    private int RowAt(int table, int line)
    {
        var i = tables[table].Starts.BinarySearch(line);
        return i >= 0 ? i : ~i - 1;
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
