using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public class BlockingTests
{
    private struct Collect
    {
        public HashSet<(int, int)> Pairs;
    }

    private static HashSet<(int, int)> Compared(RecordFeatures f, BlockedPairs blocked)
    {
        var state = new Collect { Pairs = [] };
        foreach (var block in blocked.Blocks)
            blocked.ForEachPair(block, false, f.Source, ref state, static (ref Collect s, int a, int b) => Assert.True(s.Pairs.Add((a, b)), $"pair ({a}, {b}) compared twice"));
        return state.Pairs;
    }

    [Theory]
    [InlineData(0L)]       // automatic budget
    [InlineData(10L)]      // a budget so small every loose rule is skipped
    public void Blocking_never_drops_a_pair_an_exact_rule_links(long budget)
    {
        var (records, _) = LinkageEngineTests.Synthetic(400, 17);
        // Pairs sharing only an identifier, and pairs equal on name and date of birth but nothing else.
        records.Add(new PersonRecord("i1", "Quentin", "Ashdown", new DateOnly(1970, 1, 1), Identifier: "AB/123456"));
        records.Add(new PersonRecord("i2", "Rosalind", "Yarrow", new DateOnly(1999, 9, 9), Identifier: "ab123456"));
        records.Add(new PersonRecord("n1", "Walter", "Pelham", new DateOnly(1960, 2, 3), Postcode: "ZZ1 1AA"));
        records.Add(new PersonRecord("n2", "Walter", "Pelham", new DateOnly(1960, 2, 3), Postcode: "ZZ9 9ZZ"));
        var f = new RecordFeatures(records);
        var rules = BlockingRule.Defaults(f, deterministicIdentifier: true);
        var blocked = BlockedPairs.Build(f, rules, linkOnly: false, budget == 0 ? 2_000_000 : budget, null, CancellationToken.None);
        var compared = Compared(f, blocked);

        for (var a = 0; a < records.Count; a++)
            for (var b = a + 1; b < records.Count; b++)
            {
                var sameIdentifier = f.Identifier.Ids[a] >= 0 && f.Identifier.Ids[a] == f.Identifier.Ids[b];
                var sameNameAndDob = f.Forenames.Ids[a] >= 0 && f.Forenames.Ids[a] == f.Forenames.Ids[b]
                    && f.Surname.Ids[a] >= 0 && f.Surname.Ids[a] == f.Surname.Ids[b] && f.DateOfBirth[a] >= 0 && f.DateOfBirth[a] == f.DateOfBirth[b];
                if (sameIdentifier || sameNameAndDob) Assert.Contains((a, b), compared);
            }
    }

    [Theory]
    [InlineData("Phillips", "Darik", "Phillps", "Darik")]   // surname misspelt: forename, surname initial, day and month
    [InlineData("Fenotby", "John", "Fenotby", "Johnny")]    // forename differs: surname, forename initial, day and month
    public void A_year_of_birth_one_out_with_a_name_misspelt_is_still_compared(string surname1, string forename1, string surname2, string forename2)
    {
        var (records, _) = LinkageEngineTests.Synthetic(300, 29);
        records.Add(new PersonRecord("y1", forename1, surname1, new DateOnly(1981, 9, 25)));
        records.Add(new PersonRecord("y2", forename2, surname2, new DateOnly(1980, 9, 25)));
        var f = new RecordFeatures(records);
        var blocked = BlockedPairs.Build(f, BlockingRule.Defaults(f, true), linkOnly: false, 2_000_000, null, CancellationToken.None);
        Assert.Contains((records.Count - 2, records.Count - 1), Compared(f, blocked));
    }

    [Theory]
    [InlineData("Caldowfield", "Adam", "Caldowfield", "Adm", "surname+forename initial")]      // forename misspelt
    [InlineData("Kirkunford", "Hakas", "Krikunford", "Hakas", "forename+surname initial")]     // surname misspelt
    public void A_name_misspelt_with_no_date_of_birth_on_one_record_is_compared_by_one_name_and_the_other_s_initial(
        string surname1, string forename1, string surname2, string forename2, string rule)
    {
        var (records, _) = LinkageEngineTests.Synthetic(300, 31);
        records.Add(new PersonRecord("m1", forename1, surname1, new DateOnly(1958, 7, 25), Postcode: "ZZ2 2LF"));
        records.Add(new PersonRecord("m2", forename2, surname2, null));
        var f = new RecordFeatures(records);
        var pair = (records.Count - 2, records.Count - 1);
        var rules = BlockingRule.Defaults(f, true);
        Assert.Contains(pair, Compared(f, BlockedPairs.Build(f, rules, linkOnly: false, 2_000_000, null, CancellationToken.None)));

        rules.RemoveAll(r => r.Name == rule);
        Assert.DoesNotContain(pair, Compared(f, BlockedPairs.Build(f, rules, linkOnly: false, 2_000_000, null, CancellationToken.None)));
    }

    [Fact]
    public void The_name_and_initial_rules_widen_the_candidates_without_teaching_m()
    {
        var f = new RecordFeatures([new PersonRecord("a", "Adam", "Caldowfield", new DateOnly(1958, 7, 25)), new PersonRecord("b", "Adm", "Caldowfield", null)]);
        var rules = BlockingRule.Defaults(f, true);
        Assert.All(rules.Where(r => r.Name.EndsWith(" initial", StringComparison.Ordinal)), r => Assert.False(r.Trains));
        Assert.Equal(2, rules.Count(r => r.Name.EndsWith(" initial", StringComparison.Ordinal)));
        Assert.All(rules.Where(r => !r.Name.EndsWith(" initial", StringComparison.Ordinal)), r => Assert.True(r.Trains));
    }

    [Fact]
    public void Over_several_forces_the_loosest_rules_look_within_each_force()
    {
        // Three records born the same day with no name in common, two in one force and one in another, and a namesake
        // of the first, with no date of birth, in the other force.
        var records = new List<PersonRecord>
        {
            new("a", "Adam", "Caldowfield", new DateOnly(1958, 7, 25), Force: "MPS"),
            new("b", "Hakas", "Kirkunford", new DateOnly(1958, 7, 25), Force: "MPS"),
            new("c", "Darik", "Phillips", new DateOnly(1958, 7, 25), Force: "GMP"),
            new("d", "Adam", "Caldowfield", null, Force: "GMP"),
        };
        var f = new RecordFeatures(records);
        var rules = BlockingRule.Defaults(f, true);
        Assert.Contains(rules, r => r.Name == "dob within a force");
        Assert.Contains(rules, r => r.Name == "surname+forename initial within a force");
        Assert.Contains(rules, r => r.Name == "forename+surname initial within a force");
        var byDob = rules.FindIndex(r => r.Name == "dob within a force");
        var blocked = BlockedPairs.Build(f, [rules[byDob]], linkOnly: false, 2_000_000, null, CancellationToken.None);
        Assert.Equal([(0, 1)], Compared(f, blocked));
        // The same name in two forces is still compared, by the rules on the full name.
        Assert.Contains((0, 3), Compared(f, BlockedPairs.Build(f, rules, linkOnly: false, 2_000_000, null, CancellationToken.None)));

        // One force, or none (a CSV given to dedupe): the rules are the plain ones.
        var single = new RecordFeatures([.. records.Select(r => r with { Force = "MPS" })]);
        Assert.Contains(BlockingRule.Defaults(single, true), r => r.Name == "dob");
        Assert.DoesNotContain(BlockingRule.Defaults(single, true), r => r.Name.EndsWith(" within a force", StringComparison.Ordinal));
    }

    [Fact]
    public void Day_and_month_of_birth_ignore_the_year_and_an_initial_is_a_name_s_first_letter()
    {
        var f = new RecordFeatures([new PersonRecord("a", "Darik", "Phillips", null), new PersonRecord("b", null, "Phillps", null)]);
        Assert.Equal('p', char.ToLowerInvariant((char)BlockingRule.Initial(f, f.Surname.Ids[0])));
        Assert.Equal(BlockingRule.Initial(f, f.Surname.Ids[0]), BlockingRule.Initial(f, f.Surname.Ids[1]));
        Assert.Equal(-1, BlockingRule.Initial(f, f.ForenameFirst[1]));
        Assert.Equal(925, BlockingRule.DayAndMonth(19810925));
        Assert.Equal(BlockingRule.DayAndMonth(19800925), BlockingRule.DayAndMonth(19810925));
        Assert.Equal(-1, BlockingRule.DayAndMonth(-1));
    }

    [Fact]
    public void Releasing_the_scored_rules_keeps_the_deterministic_blocks_that_clustering_joins()
    {
        var (records, _) = LinkageEngineTests.Synthetic(200, 5);
        records.Add(new PersonRecord("i1", "Quentin", "Ashdown", new DateOnly(1970, 1, 1), Identifier: "AB/123456"));
        records.Add(new PersonRecord("i2", "Rosalind", "Yarrow", new DateOnly(1999, 9, 9), Identifier: "ab123456"));
        var f = new RecordFeatures(records);
        var rules = BlockingRule.Defaults(f, deterministicIdentifier: true);
        var blocked = BlockedPairs.Build(f, rules, linkOnly: false, 2_000_000, null, CancellationToken.None);
        var deterministicBlocks = blocked.Blocks.Where(b => rules[b.Rule].Deterministic).ToList();
        Assert.Contains(blocked.Blocks, b => !rules[b.Rule].Deterministic);

        blocked.ReleaseScored();

        Assert.Equal(deterministicBlocks, blocked.Blocks);
        for (var r = 0; r < rules.Count; r++)
        {
            if (rules[r].Deterministic) Assert.NotNull(blocked.Keys[r]);
            else Assert.Null(blocked.Keys[r]);
        }
        var clusters = Clustering.Cluster(records.Count, [], 0.9, blocked, null);
        Assert.Equal(clusters[^1], clusters[^2]);
    }

    [Fact]
    public void Records_sharing_an_identifier_are_one_person_whatever_else_differs()
    {
        var (records, _) = LinkageEngineTests.Synthetic(100, 2);
        records.Add(new PersonRecord("i1", "Quentin", "Ashdown", new DateOnly(1970, 1, 1), Identifier: "PNC 12/345678A"));
        records.Add(new PersonRecord("i2", "Rosalind", "Yarrow", new DateOnly(1999, 9, 9), Identifier: "12345678a"));
        var result = new LinkageEngine().Run(records, new LinkageOptions());
        Assert.NotEqual(result.ClusterOf[^1], result.ClusterOf[^2]); // "PNC" makes the normalised identifiers differ
        records[^2] = records[^2] with { Identifier = "12/345678A" };
        result = new LinkageEngine().Run(records, new LinkageOptions());
        Assert.Equal(result.ClusterOf[^1], result.ClusterOf[^2]);
    }

    [Fact]
    public void Link_only_compares_across_the_two_sources()
    {
        var (records, _) = LinkageEngineTests.Synthetic(200, 4);
        records = [.. records.Select((r, i) => r with { Source = i % 2 + 1 })];
        var f = new RecordFeatures(records);
        var blocked = BlockedPairs.Build(f, BlockingRule.Defaults(f, true), linkOnly: true, 2_000_000, null, CancellationToken.None);
        var state = new Collect { Pairs = [] };
        foreach (var block in blocked.Blocks)
            blocked.ForEachPair(block, true, f.Source, ref state, static (ref Collect s, int a, int b) => s.Pairs.Add((a, b)));
        Assert.NotEmpty(state.Pairs);
        Assert.All(state.Pairs, p => Assert.NotEqual(records[p.Item1].Source, records[p.Item2].Source));
    }
}
