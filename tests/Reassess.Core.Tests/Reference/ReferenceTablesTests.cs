using Reassess.Reference;

namespace Reassess.Tests.Reference;

/// <summary>
/// The reference codes built into Reassess are the ones docs/import-format.md ("Reference codes") lists for its users,
/// with the same flags: which outcomes count as no further action, which offence codes are child-specific or contact
/// offences (screening decides by them, so a user reading the page must be reading what the code does).
/// </summary>
public sealed class ReferenceTablesTests
{
    [Fact]
    public void The_documented_outcome_types_are_the_built_in_ones_with_the_same_NFA_flags()
    {
        var documented = TableRows("| code | outcome | NFA |")
            .Select(cells => (Code: cells[0], Nfa: cells[2] == "yes"))
            .ToList();
        Assert.Equal(
            OutcomeTypes.All.Select(o => (o.Code, o.CountsAsNfa)),
            documented.Select(d => (d.Code, d.Nfa)));
    }

    [Fact]
    public void The_documented_sexual_offence_codes_are_the_built_in_ones_with_the_same_flags()
    {
        var documented = TableRows("| code | offence | child-specific | contact |")
            .Select(cells => (Code: cells[0], Child: cells[2] == "yes", Contact: cells[3] == "yes"))
            .ToList();
        Assert.Equal(
            SexualOffenceCodes.All.Select(o => (o.Code, o.ChildSpecific, o.Contact)),
            documented);
    }

    [Fact]
    public void Codes_are_found_whatever_their_case_and_surrounding_spaces()
    {
        Assert.Equal("1A", OutcomeTypes.Find(" 1a ")?.Code);
        Assert.Equal("19E", SexualOffenceCodes.Find("19e")?.Code);
        Assert.Equal("IC3", OfficerObservedEthnicities.Find("ic3 ")?.Code);
    }

    [Fact]
    public void An_unknown_code_is_not_found()
    {
        Assert.Null(OutcomeTypes.Find("99"));
        Assert.Null(SexualOffenceCodes.Find("99Z"));
        Assert.Null(SelfDefinedEthnicities.Find(null));
    }

    /// <summary>The cells of each row of the markdown table under this header line (the separator row skipped).</summary>
    private static List<string[]> TableRows(string header)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "import-format.md"));
        var at = Array.IndexOf(lines, header);
        Assert.True(at >= 0, $"docs/import-format.md has no table headed '{header}'");
        return [.. lines.Skip(at + 2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reassess.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Reassess.slnx above {AppContext.BaseDirectory}");
    }
}
