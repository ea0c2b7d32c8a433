using System.Text;

namespace Reassess.Output;

/// <summary>
/// Writes the machine-readable CSV outputs (docs/outputs.md, "Common rules"): UTF-8 without BOM, RFC 4180 quoting, one header row,
/// <c>\n</c> line ends. A cell that begins with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> is neutralised with a leading
/// <c>'</c> so a spreadsheet never runs it as a formula (CSV injection), except in the columns the caller names as
/// numeric or otherwise safe, whose values are written as they are.
/// </summary>
public sealed class CsvOutput : IDisposable, IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly bool[] _raw;
    private readonly int _columns;

    /// <param name="writer">Where to write.</param>
    /// <param name="header">The column names, in order.</param>
    /// <param name="rawColumns">Columns whose values are never neutralised (numbers such as <c>priority</c>).</param>
    /// <param name="ownsWriter">Dispose the writer with this object.</param>
    public CsvOutput(TextWriter writer, IReadOnlyList<string> header, IEnumerable<string>? rawColumns = null, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        _writer = writer;
        _ownsWriter = ownsWriter;
        _columns = header.Count;
        var raw = new HashSet<string>(rawColumns ?? [], StringComparer.Ordinal);
        _raw = [.. header.Select(raw.Contains)];
        WriteCells(header, neutralise: false);
    }

    /// <summary>Opens <paramref name="path"/> for writing (UTF-8, no BOM) and writes the header.</summary>
    public static CsvOutput Create(string path, IReadOnlyList<string> header, IEnumerable<string>? rawColumns = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var writer = new StreamWriter(path, append: false, Utf8NoBom) { NewLine = "\n" };
        return new CsvOutput(writer, header, rawColumns, ownsWriter: true);
    }

    /// <summary>Writes one row; it must have as many cells as the header. Null is written as an empty cell.</summary>
    public void WriteRow(params IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != _columns)
            throw new ArgumentException($"Row has {cells.Count} cells, the header {_columns}.", nameof(cells));
        WriteCells(cells, neutralise: true);
    }

    private void WriteCells(IReadOnlyList<string?> cells, bool neutralise)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            var value = cells[i] ?? "";
            if (neutralise && !_raw[i]) value = Neutralise(value);
            _writer.Write(Quote(value));
        }
        _writer.Write('\n');
    }

    /// <summary>Prefixes <c>'</c> to a value a spreadsheet would read as a formula.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;

    /// <summary>RFC 4180: quote a value holding a comma, quote, CR or LF, doubling inner quotes.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter) _writer.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        if (_ownsWriter) await _writer.DisposeAsync();
    }
}
