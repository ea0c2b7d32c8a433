using Reassess.Output;

namespace Reassess.Tests.Output;

public sealed class CsvOutputTests
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+44", "'+44")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Cells_that_a_spreadsheet_would_run_are_neutralised(string value, string expected) =>
        Assert.Equal(expected, CsvOutput.Neutralise(value));

    [Fact]
    public void Rows_are_quoted_as_RFC_4180_and_raw_columns_are_left_alone()
    {
        var sw = new StringWriter();
        using (var csv = new CsvOutput(sw, ["id", "note", "priority"], rawColumns: ["priority"]))
        {
            csv.WriteRow("a,b", "say \"hi\"\nthen", "-1.5");
            csv.WriteRow("=x", null, "2");
        }
        Assert.Equal("id,note,priority\n\"a,b\",\"say \"\"hi\"\"\nthen\",-1.5\n'=x,,2\n", sw.ToString());
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        using var csv = new CsvOutput(new StringWriter(), ["a", "b"]);
        Assert.Throws<ArgumentException>(() => csv.WriteRow("only one"));
    }
}
