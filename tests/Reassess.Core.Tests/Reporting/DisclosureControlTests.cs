using Reassess.Reporting;

namespace Reassess.Tests.Reporting;

/// <summary>
/// Properties of the public summary's disclosure control (reports.md) over many random tables, from a fixed seed so a
/// failure reproduces: no published cell counts 1 to 4, no suppressed value follows from the shown totals (by iterated
/// solving of single-unknown rows and columns, or by any linear combination of them), totals are true, zero shows 0.
/// </summary>
public sealed class DisclosureControlTests
{
    private const int Cases = 2500;

    [Fact]
    public void No_published_cell_counts_one_to_four()
    {
        foreach (var table in RandomTables())
            for (var i = 0; i < table.RowCount; i++)
                for (var j = 0; j < table.ColumnCount; j++)
                {
                    var shown = table.Display(i, j);
                    if (shown == ProtectedTable.Suppressed) continue;
                    Assert.Equal(table.Value(i, j).ToString(System.Globalization.CultureInfo.InvariantCulture), shown);
                    Assert.False(table.Value(i, j) is >= 1 and <= 4, $"published {shown} at ({i},{j})");
                }
    }

    [Fact]
    public void Totals_are_the_true_totals()
    {
        var random = new Random(7);
        for (var n = 0; n < Cases; n++)
        {
            var values = RandomValues(random);
            var table = Protect(values);
            for (var i = 0; i < table.RowCount; i++)
                Assert.Equal(Enumerable.Range(0, table.ColumnCount).Sum(j => values[i, j]), table.RowTotal(i));
            for (var j = 0; j < table.ColumnCount; j++)
                Assert.Equal(Enumerable.Range(0, table.RowCount).Sum(i => values[i, j]), table.ColumnTotal(j));
            Assert.Equal(values.Cast<long>().Sum(), table.GrandTotal);
        }
    }

    [Fact]
    public void Iterated_solving_of_single_unknown_lines_recovers_nothing()
    {
        foreach (var table in RandomTables())
        {
            var known = new bool[table.RowCount, table.ColumnCount];
            for (var i = 0; i < table.RowCount; i++)
                for (var j = 0; j < table.ColumnCount; j++)
                    known[i, j] = !table.IsSuppressed(i, j);
            // What an attacker does: any shown total with one unknown cell gives that cell; repeat until nothing moves.
            bool progress;
            do
            {
                progress = false;
                if (table.RowTotalsShown)
                    for (var i = 0; i < table.RowCount; i++)
                    {
                        var unknown = Enumerable.Range(0, table.ColumnCount).Where(j => !known[i, j]).ToList();
                        if (unknown.Count == 1) { known[i, unknown[0]] = true; progress = true; }
                    }
                if (table.ColumnTotalsShown)
                    for (var j = 0; j < table.ColumnCount; j++)
                    {
                        var unknown = Enumerable.Range(0, table.RowCount).Where(i => !known[i, j]).ToList();
                        if (unknown.Count == 1) { known[unknown[0], j] = true; progress = true; }
                    }
            } while (progress);

            for (var i = 0; i < table.RowCount; i++)
                for (var j = 0; j < table.ColumnCount; j++)
                    if (table.IsSuppressed(i, j)) Assert.False(known[i, j], $"({i},{j}) recovered in {Describe(table)}");
        }
    }

    [Fact]
    public void No_suppressed_cell_is_fixed_by_any_combination_of_the_totals()
    {
        foreach (var table in RandomTables())
        {
            var unknowns = new List<(int Row, int Column)>();
            for (var i = 0; i < table.RowCount; i++)
                for (var j = 0; j < table.ColumnCount; j++)
                    if (table.IsSuppressed(i, j)) unknowns.Add((i, j));
            if (unknowns.Count == 0) continue;

            // One equation per shown total, over the suppressed cells only (published cells are constants).
            var equations = new List<double[]>();
            if (table.RowTotalsShown)
                for (var i = 0; i < table.RowCount; i++)
                    equations.Add([.. unknowns.Select(u => u.Row == i ? 1.0 : 0.0)]);
            if (table.ColumnTotalsShown)
                for (var j = 0; j < table.ColumnCount; j++)
                    equations.Add([.. unknowns.Select(u => u.Column == j ? 1.0 : 0.0)]);

            var rank = Rank(equations);
            for (var k = 0; k < unknowns.Count; k++)
            {
                // The cell is determined exactly when its unit vector lies in the span of the equations.
                var unit = new double[unknowns.Count];
                unit[k] = 1;
                Assert.True(Rank([.. equations, unit]) > rank, $"{unknowns[k]} is determined in {Describe(table)}");
            }
        }
    }

    [Fact]
    public void Zero_is_published_as_zero_unless_needed_as_a_complement()
    {
        var table = DisclosureControl.Protect(["A", "B"], ["2020", "2021"], new long[,] { { 0, 7 }, { 9, 12 } });
        Assert.Equal("0", table.Display(0, 0));
        Assert.Equal("7", table.Display(0, 1));
        Assert.All(new[] { (0, 0), (0, 1), (1, 0), (1, 1) }, c => Assert.Equal(CellProtection.Published, table.Protection(c.Item1, c.Item2)));
    }

    [Fact]
    public void A_lone_small_cell_takes_the_smallest_complements_of_its_row_and_column()
    {
        // 3 is primary; its row's smallest positive cell is 6 and its column's is 8; 6 and 8 then need a fourth cell
        // to close the rectangle: (1,1) = 20 is the only one that does.
        var table = DisclosureControl.Protect(["A", "B", "C"], ["x", "y", "z"], new long[,] { { 3, 6, 50 }, { 8, 20, 30 }, { 9, 40, 60 } });
        Assert.Equal(CellProtection.Primary, table.Protection(0, 0));
        Assert.Equal(CellProtection.Secondary, table.Protection(0, 1));
        Assert.Equal(CellProtection.Secondary, table.Protection(1, 0));
        Assert.Equal(CellProtection.Secondary, table.Protection(1, 1));
        Assert.Equal(4, Count(table, CellProtection.Primary) + Count(table, CellProtection.Secondary));
    }

    [Fact]
    public void A_single_row_is_protected_against_its_row_total_only()
    {
        var table = DisclosureControl.Protect(["MPS"], ["2019", "2020", "2021"], new long[,] { { 2, 15, 9 } });
        Assert.False(table.ColumnTotalsShown);
        Assert.Equal(["[c]", "15", "[c]"], new[] { table.Display(0, 0), table.Display(0, 1), table.Display(0, 2) });
    }

    [Fact]
    public void The_same_table_is_always_protected_the_same_way()
    {
        var random = new Random(11);
        for (var n = 0; n < 200; n++)
        {
            var values = RandomValues(random);
            Assert.Equal(Describe(Protect(values)), Describe(Protect(values)));
        }
    }

    private static int Count(ProtectedTable t, CellProtection p) =>
        Enumerable.Range(0, t.RowCount).Sum(i => Enumerable.Range(0, t.ColumnCount).Count(j => t.Protection(i, j) == p));

    private static IEnumerable<ProtectedTable> RandomTables()
    {
        var random = new Random(20251126);
        for (var n = 0; n < Cases; n++) yield return Protect(RandomValues(random));
    }

    private static ProtectedTable Protect(long[,] values) =>
        DisclosureControl.Protect(
            [.. Enumerable.Range(0, values.GetLength(0)).Select(i => $"r{i}")],
            [.. Enumerable.Range(0, values.GetLength(1)).Select(j => $"c{j}")],
            values);

    /// <summary>Shapes from 1×1 to 7×7; a mix of zeros, small counts and larger ones, sometimes nearly all small.</summary>
    private static long[,] RandomValues(Random random)
    {
        int rows = random.Next(1, 8), cols = random.Next(1, 8);
        var mostlySmall = random.Next(4) == 0;
        var values = new long[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
            {
                var roll = random.Next(10);
                values[i, j] = roll < 3 ? 0 : roll < (mostlySmall ? 9 : 6) ? random.Next(1, 5) : random.Next(5, 80);
            }
        return values;
    }

    private static string Describe(ProtectedTable t) =>
        string.Join(" / ", Enumerable.Range(0, t.RowCount).Select(i =>
            string.Join(" ", Enumerable.Range(0, t.ColumnCount).Select(j => t.IsSuppressed(i, j) ? $"[{t.Value(i, j)}]" : t.Display(i, j)))));

    private static int Rank(IReadOnlyList<double[]> rows)
    {
        var m = rows.Select(r => (double[])r.Clone()).ToArray();
        if (m.Length == 0) return 0;
        int width = m[0].Length, rank = 0;
        for (var col = 0; col < width && rank < m.Length; col++)
        {
            var pivot = Enumerable.Range(rank, m.Length - rank).OrderByDescending(r => Math.Abs(m[r][col])).First();
            if (Math.Abs(m[pivot][col]) < 1e-9) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var r = 0; r < m.Length; r++)
            {
                if (r == rank) continue;
                var f = m[r][col] / m[rank][col];
                if (f == 0) continue;
                for (var c = col; c < width; c++) m[r][c] -= f * m[rank][c];
            }
            rank++;
        }
        return rank;
    }
}
