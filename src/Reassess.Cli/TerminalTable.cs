using Spectre.Console;
using Spectre.Console.Rendering;

namespace Reassess.Cli;

/// <summary>
/// A table laid out to fit the terminal it is written to (80 columns when output is redirected), so that no header is
/// cut short and no number or code is split across lines:
/// <list type="number">
/// <item>as one table when every column fits at its natural width (only a free-text column may wrap, at word breaks);</item>
/// <item>otherwise turned round (columns become rows: years as rows), when that fits;</item>
/// <item>otherwise split into several tables, each repeating the first column;</item>
/// <item>and as a last resort in long format, one line per cell: row, column, value.</item>
/// </list>
/// </summary>
public sealed class TerminalTable(params string[] headers)
{
    private readonly List<(string[] Cells, bool Bold)> rows = [];
    private readonly HashSet<int> numeric = [];
    private int? freeText;

    /// <summary>The narrowest a free-text column is squeezed to before the table is laid out another way.</summary>
    public const int MinimumFreeText = 24;

    public string? Title { get; init; }

    public IReadOnlyList<string> Headers { get; } = headers;

    /// <summary>Right-aligns these columns (counts, weights).</summary>
    public TerminalTable Numeric(params int[] columns)
    {
        foreach (var c in columns) numeric.Add(c);
        return this;
    }

    /// <summary>The one column of prose (evidence, a justification) that may wrap at word breaks.</summary>
    public TerminalTable FreeText(int column)
    {
        freeText = column;
        return this;
    }

    public TerminalTable AddRow(params string[] cells) => AddRow(false, cells);

    public TerminalTable AddRow(bool bold, params string[] cells)
    {
        if (cells.Length != Headers.Count) throw new ArgumentException($"a row of {Headers.Count} cells was expected, not {cells.Length}", nameof(cells));
        rows.Add((cells, bold));
        return this;
    }

    public int RowCount => rows.Count;

    /// <summary>Width of a table with <paramref name="widths"/>: a rounded border and one space either side of each cell.</summary>
    internal static int TableWidth(IEnumerable<int> widths)
    {
        var n = 0;
        var sum = 0;
        foreach (var w in widths) { sum += w; n++; }
        return sum + 3 * n + 1;
    }

    private static int Width(string text) => text.Split('\n').Max(line => line.Length);

    private int Natural(int column) => Math.Max(Width(Headers[column]), rows.Count == 0 ? 0 : rows.Max(r => Width(r.Cells[column])));

    public void Write(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var width = console.Profile.Width;
        var natural = Enumerable.Range(0, Headers.Count).Select(Natural).ToArray();
        if (Title is not null) console.MarkupLine("[bold]" + Markup.Escape(Title) + "[/]");

        if (TableWidth(natural) <= width || FitsWithFreeTextWrapped(natural, width))
        {
            Render(console, Enumerable.Range(0, Headers.Count).ToList(), Headers, rows);
            return;
        }
        if (TurnedRound() is { } turned && TableWidth(Enumerable.Range(0, turned.Headers.Count).Select(turned.Natural)) <= width)
        {
            turned.Render(console, Enumerable.Range(0, turned.Headers.Count).ToList(), turned.Headers, turned.rows);
            return;
        }
        var chunks = Chunks(natural, width);
        if (chunks is not null)
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                if (i > 0) console.MarkupLine($"[grey]{Markup.Escape(Headers[0])}, continued ({i + 1} of {chunks.Count}):[/]");
                Render(console, chunks[i], Headers, rows);
            }
            return;
        }
        WriteLong(console);
    }

    private bool FitsWithFreeTextWrapped(int[] natural, int width)
    {
        if (freeText is not { } free) return false;
        var others = natural.Where((_, c) => c != free);
        return TableWidth(others.Append(MinimumFreeText)) <= width;
    }

    /// <summary>Columns become rows (a report of a few measures over many years reads best with the years down the side).</summary>
    private TerminalTable? TurnedRound()
    {
        if (rows.Count == 0 || rows.Count > 12 || freeText is not null) return null;
        // A total row becomes a total column, and a column's cells cannot be bold one by one: turned round, totals would
        // read as one more row of data, so such a table is split instead.
        if (rows.Any(r => r.Bold)) return null;
        var turned = new TerminalTable([Headers[0], .. rows.Select(r => r.Cells[0])]);
        for (var c = 1; c < Headers.Count; c++)
        {
            turned.AddRow([Headers[c], .. rows.Select(r => r.Cells[c])]);
            if (numeric.Contains(c)) turned.numeric.UnionWith(Enumerable.Range(1, rows.Count));
        }
        return turned;
    }

    /// <summary>Groups of columns, each with the first, that fit at their natural widths; null when one does not fit alone.</summary>
    private List<List<int>>? Chunks(int[] natural, int width)
    {
        var chunks = new List<List<int>>();
        var current = new List<int> { 0 };
        for (var c = 1; c < Headers.Count; c++)
        {
            if (TableWidth([.. current.Select(i => natural[i]), natural[c]]) <= width)
            {
                current.Add(c);
                continue;
            }
            if (current.Count == 1) return null; // even the first column with this one is too wide
            chunks.Add(current);
            current = [0, c];
            if (TableWidth(current.Select(i => natural[i])) > width) return null;
        }
        chunks.Add(current);
        return chunks;
    }

    private void WriteLong(IAnsiConsole console)
    {
        foreach (var (cells, bold) in rows)
        {
            console.MarkupLine((bold ? "[bold]" : "") + Markup.Escape(Headers[0] + ": " + cells[0]) + (bold ? "[/]" : ""));
            for (var c = 1; c < Headers.Count; c++)
                console.WriteLine("  " + Headers[c] + ": " + cells[c]);
        }
    }

    private void Render(IAnsiConsole console, IReadOnlyList<int> columns, IReadOnlyList<string> names, List<(string[] Cells, bool Bold)> body)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns)
        {
            var column = new TableColumn(Markup.Escape(names[c]));
            if (numeric.Contains(c)) column.RightAligned();
            if (c != freeText) column.NoWrap();
            table.AddColumn(column);
        }
        foreach (var (cells, bold) in body)
            table.AddRow([.. columns.Select(c => (IRenderable)new Markup(bold ? "[bold]" + Markup.Escape(cells[c]) + "[/]" : Markup.Escape(cells[c])))]);
        console.Write(table);
    }
}
