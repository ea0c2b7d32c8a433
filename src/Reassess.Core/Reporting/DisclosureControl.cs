using System.Globalization;

namespace Reassess.Reporting;

/// <summary>Why a cell of a protected table is, or is not, published.</summary>
public enum CellProtection
{
    /// <summary>The true value is published (zero is published as 0).</summary>
    Published,
    /// <summary>Primary suppression: the value is 1 to 4, small enough to identify someone.</summary>
    Primary,
    /// <summary>Secondary (complementary) suppression: published, it would let a primary value be worked out from the totals.</summary>
    Secondary,
}

/// <summary>
/// A count table (rows × columns) after statistical disclosure control, with its true totals. A row's total is shown when
/// the table has two or more columns and a column's total when it has two or more rows (a total of a single cell would
/// be that cell).
/// </summary>
public sealed class ProtectedTable
{
    private readonly long[,] _values;
    private readonly CellProtection[,] _protection;

    internal ProtectedTable(IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, long[,] values, CellProtection[,] protection)
    {
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
        _values = values;
        _protection = protection;
    }

    /// <summary>What a suppressed cell shows.</summary>
    public const string Suppressed = "[c]";

    public IReadOnlyList<string> RowLabels { get; }
    public IReadOnlyList<string> ColumnLabels { get; }
    public int RowCount => RowLabels.Count;
    public int ColumnCount => ColumnLabels.Count;
    public bool RowTotalsShown => ColumnCount >= 2;
    public bool ColumnTotalsShown => RowCount >= 2;

    /// <summary>The true value (never publish it directly: use <see cref="Display"/>).</summary>
    public long Value(int row, int column) => _values[row, column];

    public CellProtection Protection(int row, int column) => _protection[row, column];

    public bool IsSuppressed(int row, int column) => _protection[row, column] != CellProtection.Published;

    /// <summary>The published text of a cell: the value, or <c>[c]</c>.</summary>
    public string Display(int row, int column) =>
        IsSuppressed(row, column) ? Suppressed : _values[row, column].ToString(CultureInfo.InvariantCulture);

    /// <summary>The true total of a row.</summary>
    public long RowTotal(int row)
    {
        long sum = 0;
        for (var j = 0; j < ColumnCount; j++) sum += _values[row, j];
        return sum;
    }

    /// <summary>The true total of a column.</summary>
    public long ColumnTotal(int column)
    {
        long sum = 0;
        for (var i = 0; i < RowCount; i++) sum += _values[i, column];
        return sum;
    }

    public long GrandTotal
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < RowCount; i++) sum += RowTotal(i);
            return sum;
        }
    }
}

/// <summary>
/// Statistical disclosure control for published counts (docs/outputs.md, reassess report public): no published cell counts 1 to 4
/// (primary suppression, shown <c>[c]</c>); secondary suppression so that no suppressed value can be worked out from the
/// true totals of its row and column; zero is published as 0.
/// </summary>
/// <remarks>
/// <para>
/// The suppressed cells and the shown totals form a system of linear equations, one per row or column whose total is
/// shown. A suppressed value is fixed by that system exactly when its cell is a <em>bridge</em> of the bipartite graph
/// whose nodes are the constrained rows and columns (rows or columns whose totals are not shown merge into one free
/// node) and whose edges are the suppressed cells: a cell on a cycle can move by +1/−1 around the cycle without changing
/// any total. So the method adds complementary cells until no suppressed cell is a bridge. That also rules out every
/// row or column with a single unknown, and so the iterated solving of such lines.
/// </para>
/// <para>
/// Complements are chosen deterministically: a lone suppressed cell in a line takes the smallest positive published cell
/// of that line (then the smallest zero), lowest position first on ties; a remaining bridge takes the smallest such cell
/// that closes a cycle through it. Positive complements are preferred because a zero beside a small value can pin it
/// once one knows counts cannot be negative.
/// </para>
/// <para>
/// Not covered: bounds an attacker gets from knowing that primary cells lie in 1..4 and that counts are non-negative
/// (interval disclosure); tables that share cells (each measure is protected on its own).
/// </para>
/// </remarks>
public static class DisclosureControl
{
    /// <summary>Counts from 1 to this are never published.</summary>
    public const int MaxSuppressed = 4;

    /// <summary>Protects a table of counts; <paramref name="values"/> is [row, column] and must not be negative.</summary>
    public static ProtectedTable Protect(IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, long[,] values)
    {
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        ArgumentNullException.ThrowIfNull(values);
        int rows = rowLabels.Count, cols = columnLabels.Count;
        if (values.GetLength(0) != rows || values.GetLength(1) != cols)
            throw new ArgumentException($"Values are {values.GetLength(0)}×{values.GetLength(1)}, the labels {rows}×{cols}.", nameof(values));

        var copy = (long[,])values.Clone();
        var protection = new CellProtection[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
            {
                if (copy[i, j] < 0) throw new ArgumentException($"Count at ({i}, {j}) is negative.", nameof(values));
                if (copy[i, j] is >= 1 and <= MaxSuppressed) protection[i, j] = CellProtection.Primary;
            }

        var graph = new SuppressionGraph(copy, protection);
        while (graph.FindBridge() is { } bridge)
        {
            var complement = graph.ChooseComplement(bridge);
            if (complement is null) break; // cannot happen for a bridge (see ChooseComplement); the tests would show it
            protection[complement.Value.Row, complement.Value.Column] = CellProtection.Secondary;
        }
        return new ProtectedTable(rowLabels, columnLabels, copy, protection);
    }

    /// <summary>The suppressed cells as a graph over constrained lines (see the remarks on <see cref="DisclosureControl"/>).</summary>
    private sealed class SuppressionGraph(long[,] values, CellProtection[,] protection)
    {
        private readonly int _rows = values.GetLength(0);
        private readonly int _cols = values.GetLength(1);

        private int Free => _rows + _cols;
        private bool RowsConstrained => _cols >= 2;
        private bool ColumnsConstrained => _rows >= 2;
        private int RowNode(int i) => RowsConstrained ? i : Free;
        private int ColumnNode(int j) => ColumnsConstrained ? _rows + j : Free;
        private bool Suppressed(int i, int j) => protection[i, j] != CellProtection.Published;

        /// <summary>The first suppressed cell, in row-major order, that is a bridge; null when none is.</summary>
        public (int Row, int Column)? FindBridge()
        {
            for (var i = 0; i < _rows; i++)
                for (var j = 0; j < _cols; j++)
                {
                    if (!Suppressed(i, j)) continue;
                    var (a, b) = (RowNode(i), ColumnNode(j));
                    if (a == b) continue; // a single cell with no total shown: nothing constrains it
                    if (!Reachable(a, b, without: (i, j))) return (i, j);
                }
            return null;
        }

        /// <summary>Nodes reachable from <paramref name="from"/> over suppressed cells other than <paramref name="without"/>.</summary>
        private HashSet<int> Component(int from, (int, int) without)
        {
            var adjacent = new Dictionary<int, List<int>>();
            for (var i = 0; i < _rows; i++)
                for (var j = 0; j < _cols; j++)
                {
                    if (!Suppressed(i, j) || (i, j) == without) continue;
                    int a = RowNode(i), b = ColumnNode(j);
                    Link(a, b);
                    Link(b, a);
                }
            var seen = new HashSet<int> { from };
            var queue = new Queue<int>();
            queue.Enqueue(from);
            while (queue.Count > 0)
                foreach (var other in adjacent.GetValueOrDefault(queue.Dequeue()) ?? [])
                    if (seen.Add(other)) queue.Enqueue(other);
            return seen;

            void Link(int a, int b)
            {
                if (!adjacent.TryGetValue(a, out var list)) adjacent[a] = list = [];
                list.Add(b);
            }
        }

        private bool Reachable(int from, int to, (int, int) without) => Component(from, without).Contains(to);

        private int Degree(int node)
        {
            var n = 0;
            for (var i = 0; i < _rows; i++)
                for (var j = 0; j < _cols; j++)
                    if (Suppressed(i, j) && (RowNode(i) == node || ColumnNode(j) == node)) n++;
            return n;
        }

        /// <summary>
        /// The published cell to suppress next for <paramref name="bridge"/>: in the line where it is alone if it is,
        /// otherwise one joining the two sides the bridge separates (which puts the bridge on a cycle).
        /// </summary>
        public (int Row, int Column)? ChooseComplement((int Row, int Column) bridge)
        {
            var (r, c) = bridge;
            var rowNode = RowNode(r);
            var colNode = ColumnNode(c);
            if (RowsConstrained && Degree(rowNode) == 1)
                return Smallest(Enumerable.Range(0, _cols).Select(j => (r, j)));
            if (ColumnsConstrained && Degree(colNode) == 1)
                return Smallest(Enumerable.Range(0, _rows).Select(i => (i, c)));

            // Both ends have other suppressed cells: removing the bridge leaves a side with the row and a side with the
            // column; a cell from a row on the column's side to a column on the row's side closes a cycle through it.
            var rowSide = Component(rowNode, without: bridge);
            var colSide = Component(colNode, without: bridge);
            var candidates = new List<(int, int)>();
            for (var i = 0; i < _rows; i++)
                for (var j = 0; j < _cols; j++)
                {
                    int a = RowNode(i), b = ColumnNode(j);
                    if ((colSide.Contains(a) && rowSide.Contains(b)) || (rowSide.Contains(a) && colSide.Contains(b)))
                        candidates.Add((i, j));
                }
            return Smallest(candidates);
        }

        private (int Row, int Column)? Smallest(IEnumerable<(int Row, int Column)> cells)
        {
            (int, int)? best = null;
            long bestKey = long.MaxValue;
            foreach (var (i, j) in cells)
            {
                if (Suppressed(i, j)) continue;
                // Positive cells first (smallest value), then zeros; row-major order breaks ties because cells come in it.
                var key = values[i, j] > 0 ? values[i, j] : long.MaxValue - 1;
                if (key < bestKey)
                {
                    bestKey = key;
                    best = (i, j);
                }
            }
            return best;
        }
    }
}
