using Reassess.Import;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>The reader shares one string per repeated value, so a bundle of millions of rows holds one copy of each code.</summary>
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
}
