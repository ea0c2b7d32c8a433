using System.Globalization;
using Spectre.Console;

namespace Reassess.Cli.Tests.Layout;

/// <summary>
/// Tables fit the terminal: at 80 columns (and when output is redirected, which Spectre also lays out at 80) no line is
/// wider than the terminal, no header is cut short with an ellipsis, and every number and code is printed whole on one line.
/// </summary>
public sealed class TerminalTableTests
{
    private static (IAnsiConsole Console, StringWriter Output) Terminal(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return (console, output);
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    private static void AssertFits(string[] lines, int width)
    {
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        Assert.DoesNotContain(lines, line => line.Contains('…', StringComparison.Ordinal));
    }

    /// <summary>Fifteen years as columns, one row per force or measure: what <c>report public</c> prints.</summary>
    private static TerminalTable YearsAsColumns(int rows, bool total = false)
    {
        var years = Enumerable.Range(2011, 15).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray();
        var table = new TerminalTable(["force", .. years]).Numeric([.. Enumerable.Range(1, 15)]);
        for (var r = 0; r < rows; r++)
            table.AddRow(total && r == rows - 1, ["FORCE" + r.ToString("00", CultureInfo.InvariantCulture), .. years.Select((_, i) => (1_000 + 137 * i + r).ToString("N0", CultureInfo.InvariantCulture))]);
        return table;
    }

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(200)]
    public void A_report_of_many_years_fits_with_every_number_whole(int width)
    {
        var (console, output) = Terminal(width);
        YearsAsColumns(3).Write(console);
        var lines = Lines(output);
        AssertFits(lines, width);
        var text = output.ToString();
        for (var i = 0; i < 15; i++)
        {
            Assert.Contains((2011 + i).ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            for (var r = 0; r < 3; r++)
                Assert.Contains((1_000 + 137 * i + r).ToString("N0", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_few_rows_over_many_years_turn_round_with_the_years_down_the_side()
    {
        var (console, output) = Terminal(80);
        YearsAsColumns(3).Write(console);
        var lines = Lines(output);
        // Each year heads its own row: a line holding 2011 and that year's three values.
        Assert.Contains(lines, l => l.Contains("2011", StringComparison.Ordinal) && l.Contains("1,000", StringComparison.Ordinal) && l.Contains("1,002", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2025", StringComparison.Ordinal) && l.Contains("2,918", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_with_a_total_row_is_split_not_turned_round_so_the_total_stays_a_row()
    {
        var (console, output) = Terminal(80);
        YearsAsColumns(3, total: true).Write(console);
        var lines = Lines(output);
        AssertFits(lines, 80);
        Assert.Contains(lines, l => l.Contains("continued (2 of", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("FORCE02", StringComparison.Ordinal) && l.Contains("1,002", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_rows_over_many_years_split_into_tables_that_repeat_the_first_column()
    {
        var (console, output) = Terminal(80);
        YearsAsColumns(20, total: true).Write(console);
        var lines = Lines(output);
        AssertFits(lines, 80);
        Assert.Contains(lines, l => l.Contains("continued (2 of", StringComparison.Ordinal));
        // Every force appears once per part, and every part has the force column.
        var parts = lines.Count(l => l.Contains("continued (", StringComparison.Ordinal)) + 1;
        Assert.Equal(parts, lines.Count(l => l.Contains("FORCE07", StringComparison.Ordinal)));
        Assert.Contains("2,918", output.ToString(), StringComparison.Ordinal); // 2025's value for FORCE00, whole
    }

    [Fact]
    public void Free_text_wraps_at_word_breaks_while_codes_and_numbers_stay_whole()
    {
        var (console, output) = Terminal(80);
        const string evidence = "vehicle AB12CDE written in the summary of 2019-03-04 and recorded in 3 other investigations in 2 forces, never searched";
        new TerminalTable("kind", "subject", "value", "evidence").FreeText(3)
            .AddRow("unrecorded_identifier", "P000123456", "+447700900123", evidence)
            .Write(console);
        var lines = Lines(output);
        AssertFits(lines, 80);
        foreach (var whole in new[] { "unrecorded_identifier", "P000123456", "+447700900123", "AB12CDE", "2019-03-04", "investigations" })
            Assert.Contains(lines, l => l.Contains(whole, StringComparison.Ordinal));
    }

    [Fact]
    public void Columns_too_wide_for_any_table_fall_back_to_one_line_per_value()
    {
        var (console, output) = Terminal(40);
        new TerminalTable("network", "investigations")
            .AddRow("NET-0001", "MPS/12/0002355 MPS/13/0004711 GMP/14/0000042 WMP/15/0001234")
            .Write(console);
        var lines = Lines(output);
        Assert.Contains("network: NET-0001", lines);
        Assert.Contains(lines, l => l.StartsWith("  investigations: MPS/12/0002355", StringComparison.Ordinal));
        AssertFits(lines, 40); // the value wraps at word breaks: each reference whole
        foreach (var reference in new[] { "MPS/13/0004711", "GMP/14/0000042", "WMP/15/0001234" })
            Assert.Contains(lines, l => l.Contains(reference, StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_that_fits_is_one_table_with_totals_in_bold()
    {
        var (console, output) = Terminal(80);
        var table = new TerminalTable("role", "people", "recorded").Numeric(1, 2);
        table.AddRow("suspect", "1,234", "400 (32%)").AddRow(true, "all", "2,000", "900 (45%)");
        table.Write(console);
        var lines = Lines(output);
        AssertFits(lines, 80);
        Assert.Single(lines, l => l.Contains("suspect", StringComparison.Ordinal) && l.Contains("1,234", StringComparison.Ordinal) && l.Contains("400 (32%)", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => table.AddRow("too", "few"));
    }
}
