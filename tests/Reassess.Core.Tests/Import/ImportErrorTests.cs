using Reassess.Import;

namespace Reassess.Tests.Import;

public sealed class ImportErrorTests
{
    [Fact]
    public void An_error_prints_on_one_line_whatever_value_it_quotes()
    {
        var error = new ImportError("involvements.csv", 6, "interviewed", "'true\"\nMPS,MPS/16/1,P1,suspect\r\nGMP\t' is not a boolean (true or false)");
        var printed = error.ToString();
        Assert.DoesNotContain('\n', printed);
        Assert.DoesNotContain('\r', printed);
        Assert.StartsWith("involvements.csv:6: interviewed: 'true\"\\nMPS,MPS/16/1,P1,suspect\\r\\nGMP\\t' is not a boolean", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_quoted_value_is_cut()
    {
        var printed = new ImportError("investigations.csv", 2, "summary", "'" + new string('x', 100_000) + "' is too long").ToString();
        Assert.True(printed.Length < ImportError.MaxPrintedReason + 100);
        Assert.EndsWith("… (cut)", printed, StringComparison.Ordinal);
        Assert.Equal("investigations.csv:2: summary: short", new ImportError("investigations.csv", 2, "summary", "short").ToString());
    }
}
