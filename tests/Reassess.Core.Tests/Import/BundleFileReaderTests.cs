using Reassess.Import;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>
/// The reader shares one string per repeated value, so a bundle of millions of rows holds one copy of each code; and it
/// hands rows over in parts while it reads, so they can be written before the file is finished.
/// </summary>
public sealed class BundleFileReaderTests
{
    [Fact]
    public void Repeated_cells_share_one_string_and_keep_their_values()
    {
        using var bundle = Bundle.Empty();
        bundle.Write("involvements.csv", "force,investigation_id,person_id,role\n"
            + "MPS,INV-1,P1,victim\nMPS,INV-1,P2,suspect\nMPS,INV-2,P1,suspect\nMPS,INV-1,P3,witness\n");
        var errors = new List<ImportError>();
        var rows = new BundleFileReader(bundle.Directory, BundleSchema.Involvements, BundleSchema.InvolvementColumns)
            .ReadAll(row => row with { Cells = (string?[])row.Cells.Clone() }, errors, [], CancellationToken.None);
        Assert.Empty(errors);
        Assert.Equal(["INV-1", "INV-1", "INV-2", "INV-1"], rows.Select(r => r.Cells[1]));
        Assert.Equal(["P1", "P2", "P1", "P3"], rows.Select(r => r.Cells[2]));
        // A column of codes (force) shares one string throughout; any other column within a run of equal cells.
        Assert.All(rows, r => Assert.Same(rows[0].Cells[0], r.Cells[0]));
        Assert.Same(rows[0].Cells[1], rows[1].Cells[1]);
        Assert.NotSame(rows[1].Cells[1], rows[3].Cells[1]);
    }

    [Fact]
    public void Parts_are_handed_over_in_file_order_each_with_the_index_of_its_first_row()
    {
        using var bundle = Bundle.Empty();
        bundle.Write("involvements.csv", "force,investigation_id,person_id,role\n"
            + string.Concat(Enumerable.Range(1, 5).Select(n => $"MPS,INV-{n},P{n},victim\n")) + "MPS,INV-6,P6\n");
        var parts = new List<(List<CsvRow> Rows, int First, int Expected)>();
        var rows = new BundleFileReader(bundle.Directory, BundleSchema.Involvements, BundleSchema.InvolvementColumns)
            .ReadAll(row => row with { Cells = (string?[])row.Cells.Clone() }, [], [], CancellationToken.None, (part, first, expected) => parts.Add((part, first, expected)), partRows: 2);
        Assert.Equal([0, 2, 4], parts.Select(p => p.First));
        Assert.Equal([2, 2, 2], parts.Select(p => p.Rows.Count));
        Assert.Equal(rows, parts.SelectMany(p => p.Rows)); // every row once, in order, the row with too few fields included
        Assert.NotNull(rows[5].ShapeError);
        Assert.All(parts, p => Assert.InRange(p.Expected, 6, 8)); // estimated from the first rows' length (the last row is shorter)
    }
}
