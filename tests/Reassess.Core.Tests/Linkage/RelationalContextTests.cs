using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public class RelationalContextTests
{
    [Fact]
    public void Levels_are_same_group_then_associate_then_link_then_nothing_and_missing_without_context()
    {
        var c = new RelationalContext(7);
        c.AddGroup(0, 1); c.AddAssociate(0, 10);
        c.AddGroup(1, 1); c.AddAssociate(1, 10); // same investigation as 0 (and so the same victim)
        c.AddGroup(2, 2); c.AddAssociate(2, 10); // another investigation, the same victim as 0
        c.AddGroup(3, 3); c.AddLink(3, 7);
        c.AddGroup(4, 4); c.AddLink(4, 7); c.AddAssociate(4, 11);
        c.AddGroup(5, 5); c.AddAssociate(5, 12);
        c.AddGroup(6, 6); // recorded alone, with nothing seen
        var cmp = new ContextComparison(c);
        Assert.Equal(ContextComparison.SameGroup, cmp.Level(0, 1));
        Assert.Equal(ContextComparison.SharedAssociate, cmp.Level(0, 2));
        Assert.Equal(ContextComparison.SharedLink, cmp.Level(3, 4));
        Assert.Equal(ContextComparison.Nothing, cmp.Level(0, 5));
        Assert.Equal(ContextComparison.Missing, cmp.Level(0, 6));
        Assert.Equal(ContextComparison.Missing, cmp.Level(6, 6));

        var pairs = cmp.SharingPairs(new int[7], linkOnly: false);
        Assert.Equal([(0, 2, 2), (1, 2, 2), (3, 4, 3)], pairs.OrderBy(p => p).ToList()); // same-investigation pairs are only counted
        Assert.Equal([0L, 1, 2, 1, 0], cmp.PairCounts);
    }

    [Fact]
    public void Co_members_of_one_large_investigation_are_not_listed_as_sharing_pairs_but_are_still_counted()
    {
        // Twelve nominals of one investigation, each seen with the eleven others: every pair shares associates, and every
        // pair is the same-group level. One more nominal elsewhere is seen with one of them.
        const int members = 12;
        var c = new RelationalContext(members + 1);
        for (var p = 0; p < members; p++)
        {
            c.AddGroup(p, 1);
            for (var q = 0; q < members; q++)
                if (q != p) c.AddAssociate(p, 100 + q);
        }
        c.AddGroup(members, 2); c.AddAssociate(members, 100 + 3);
        var cmp = new ContextComparison(c);
        var pairs = cmp.SharingPairs(new int[members + 1], linkOnly: false);
        Assert.All(pairs, p => Assert.Equal(members, p.Right));
        Assert.Equal(members - 1, pairs.Count); // the outsider shares associate 3 with every member but 3 itself
        Assert.Equal(members * (members - 1) / 2, cmp.PairCounts[ContextComparison.SameGroup]);
        Assert.Equal(members - 1, cmp.PairCounts[ContextComparison.SharedAssociate]);
    }

    [Fact]
    public void Context_is_complete_once_compared_and_reads_the_same_sets_again()
    {
        var c = new RelationalContext(2);
        c.AddGroup(0, 1); c.AddAssociate(0, 5);
        c.AddGroup(1, 2); c.AddAssociate(1, 5);
        var first = new ContextComparison(c);
        var second = new ContextComparison(c);
        Assert.Equal(ContextComparison.SharedAssociate, first.Level(0, 1));
        Assert.Equal(ContextComparison.SharedAssociate, second.Level(0, 1));
        Assert.Throws<InvalidOperationException>(() => c.AddAssociate(0, 6));
    }

    [Fact]
    public void An_associate_or_identifier_seen_with_too_many_records_is_a_hub_and_no_evidence()
    {
        var n = ContextComparison.MaxHolders + 1;
        var c = new RelationalContext(n + 2);
        for (var r = 0; r < n; r++)
        {
            c.AddGroup(r, r);
            c.AddLink(r, 99); // a switchboard number seen in every investigation
        }
        c.AddGroup(n, n); c.AddAssociate(n, 5);
        c.AddGroup(n + 1, n + 1); c.AddAssociate(n + 1, 5);
        var cmp = new ContextComparison(c);
        Assert.Equal(ContextComparison.Nothing, cmp.Level(0, 1));
        Assert.Equal(ContextComparison.SharedAssociate, cmp.Level(n, n + 1));
        Assert.Single(cmp.SharingPairs(new int[n + 2], linkOnly: false));
    }

    [Fact]
    public void Recorded_in_the_same_investigation_never_counts_for_a_match_and_m_needs_enough_confident_pairs()
    {
        var c = new RelationalContext(4);
        c.AddGroup(0, 1); c.AddAssociate(0, 9);
        c.AddGroup(1, 1); c.AddAssociate(1, 9);
        c.AddGroup(2, 2); c.AddAssociate(2, 9);
        c.AddGroup(3, 3); c.AddAssociate(3, 8);
        var cmp = new ContextComparison(c);
        cmp.SharingPairs(new int[4], linkOnly: false);
        cmp.EstimateU(new int[4], linkOnly: false);
        Assert.Equal(1 / 6.0, cmp.U[ContextComparison.SameGroup], 9);
        Assert.Equal(2 / 6.0, cmp.U[ContextComparison.SharedAssociate], 9);

        Assert.False(cmp.EstimateM(Enumerable.Repeat(ContextComparison.SharedAssociate, ContextComparison.MinConfidentPairs - 1)));
        // Confident matches often recorded in one investigation: still no weight for it.
        var levels = Enumerable.Repeat(ContextComparison.SameGroup, 30).Concat(Enumerable.Repeat(ContextComparison.Nothing, 10));
        Assert.True(cmp.EstimateM(levels));
        Assert.True(cmp.M[ContextComparison.SameGroup] > cmp.U[ContextComparison.SameGroup]);
        Assert.Equal(0, cmp.Weights[ContextComparison.SameGroup]);
    }

    /// <summary>
    /// Namesakes everywhere (four forenames, three surnames, 3,000 people). Some people are recorded again with their
    /// whole record, some with their name alone; half of each kind were recorded with the same victim again.
    /// </summary>
    private static (List<PersonRecord> Records, List<int> Truth, Func<int[], RelationalContext> Context, HashSet<int> NameOnlyShared, HashSet<int> NameOnlyApart) World()
    {
        string[] male = ["oliver", "george"], female = ["amelia", "isla"], surnames = ["ashdown", "brennick", "carrow"];
        var rng = new Random(23);
        var records = new List<PersonRecord>();
        var truth = new List<int>();
        var victim = new List<int>();
        var shared = new HashSet<int>();
        var apart = new HashSet<int>();
        var originals = new List<PersonRecord>();
        for (var p = 0; p < 3000; p++)
        {
            var isMale = rng.Next(2) == 0;
            var f = isMale ? male[rng.Next(2)] : female[rng.Next(2)];
            var s = surnames[rng.Next(surnames.Length)];
            var dob = new DateOnly(1950, 1, 1).AddDays((p * 6) + rng.Next(6));
            var pc = $"ZZ{rng.Next(1, 30)} {rng.Next(1, 9)}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}";
            var record = new PersonRecord($"p{p}", f, s, dob, isMale ? "M" : "F", pc);
            records.Add(record);
            originals.Add(record);
            truth.Add(p);
            victim.Add(100_000 + p);
        }
        for (var k = 0; k < 150; k++)
        {
            var p = k * 20;
            var o = originals[p];
            records.Add(o with { Id = $"d{p}" });
            truth.Add(p);
            victim.Add(k % 2 == 0 ? 100_000 + p : 200_000 + p);

            var q = k * 20 + 10;
            var n = originals[q];
            records.Add(new PersonRecord($"n{q}", n.Forenames, n.Surname, null, n.Sex));
            truth.Add(q);
            victim.Add(k % 2 == 0 ? 100_000 + q : 200_000 + q);
            (k % 2 == 0 ? shared : apart).Add(records.Count - 1);
        }
        // Each record is its own investigation with its own victim, except the victims recorded again.
        RelationalContext Context(int[] clusters)
        {
            var c = new RelationalContext(records.Count, associate => $"victim V{associate}");
            for (var r = 0; r < records.Count; r++)
            {
                c.AddGroup(r, r);
                c.AddAssociate(r, victim[r]);
            }
            return c;
        }
        return (records, truth, Context, shared, apart);
    }

    [Fact]
    public void A_shared_victim_tips_a_name_only_duplicate_and_the_explanation_says_so()
    {
        var (records, truth, context, shared, apart) = World();
        var plain = new LinkageEngine().Run(records, new LinkageOptions());
        var relational = new LinkageEngine().Run(records, new LinkageOptions(), context: context);
        int Linked(LinkageResult r, IEnumerable<int> duplicates) => duplicates.Count(d => r.ClusterOf[d] == r.ClusterOf[records.FindIndex(x => x.Id == "p" + truth[d])]);

        Assert.True(Linked(plain, shared) <= shared.Count / 10, $"names alone linked {Linked(plain, shared)} of {shared.Count}");
        Assert.True(Linked(relational, shared) >= 0.9 * shared.Count, $"with the shared victim {Linked(relational, shared)} of {shared.Count}");
        Assert.True(Linked(relational, apart) <= apart.Count / 10, $"without it {Linked(relational, apart)} of {apart.Count}");

        // No namesakes merged, with or without context.
        for (var i = 0; i < records.Count; i++)
            for (var j = i + 1; j < records.Count; j++)
                if (relational.ClusterOf[i] == relational.ClusterOf[j]) Assert.Equal(truth[i], truth[j]);

        var d = shared.First();
        var pair = relational.Pairs.Single(p => p.Right == d || p.Left == d);
        var field = Assert.Single(pair.Contributions, c => c.Field == "context");
        Assert.StartsWith("shares an associate: both seen with victim V", field.Level, StringComparison.Ordinal);
        Assert.True(field.Weight > 0);
        foreach (var p in relational.Pairs)
            Assert.Equal(p.Weight, relational.Model.PriorWeight + p.Contributions.Sum(c => c.Weight), 6);
        Assert.Contains("context", relational.Model.Fields.Keys);
    }

    [Fact]
    public void Relational_evidence_gives_the_same_result_every_run()
    {
        var (records, _, context, _, _) = World();
        var a = new LinkageEngine().Run(records, new LinkageOptions { Seed = 3 }, context: context);
        var b = new LinkageEngine().Run(records, new LinkageOptions { Seed = 3 }, context: context);
        Assert.Equal(a.ClusterOf, b.ClusterOf);
        Assert.Equal(a.Pairs.Select(p => (p.Left, p.Right, p.Weight)), b.Pairs.Select(p => (p.Left, p.Right, p.Weight)));
    }
}
