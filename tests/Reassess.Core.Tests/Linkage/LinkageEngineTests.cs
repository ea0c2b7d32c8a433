using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public class LinkageEngineTests
{
    private static readonly string[] Forenames = ["oliver", "amelia", "george", "isla", "harry", "ava", "noah", "mia", "leo", "ivy", "arthur", "grace", "oscar", "freya", "theo", "ruby"];
    private static readonly string[] Surnames = ["ashdown", "brennick", "carrow", "dunmore", "elstow", "farrant", "gilmore", "hathern", "ilbert", "jessop", "kilner", "lathom", "marlow", "norbury", "oakes", "pelham", "quarry", "rendle"];

    /// <summary>Fictional people, every third one recorded twice with a typing error in one field.</summary>
    internal static (List<PersonRecord> Records, List<int> Truth) Synthetic(int people, int seed)
    {
        var rng = new Random(seed);
        var records = new List<PersonRecord>();
        var truth = new List<int>();
        for (var p = 0; p < people; p++)
        {
            var f = Forenames[rng.Next(Forenames.Length)];
            var s = Surnames[rng.Next(Surnames.Length)];
            var dob = new DateOnly(1950, 1, 1).AddDays(rng.Next(50 * 365));
            var pc = $"ZZ{rng.Next(1, 20)} {rng.Next(1, 9)}XY";
            records.Add(new PersonRecord($"p{p}", f, s, dob, Postcode: pc));
            truth.Add(p);
            if (p % 3 != 0) continue;
            switch (rng.Next(4))
            {
                case 0: f = f[..^1]; break;
                case 1: s = s[0] + s[2..]; break;
                case 2: dob = dob.AddDays(1); break;
                default: pc = null; break;
            }
            records.Add(new PersonRecord($"d{p}", f, s, dob, Postcode: pc));
            truth.Add(p);
        }
        return (records, truth);
    }

    [Fact]
    public void Finds_the_duplicates_of_a_synthetic_set()
    {
        var (records, truth) = Synthetic(300, 3);
        var result = new LinkageEngine().Run(records, new LinkageOptions());
        var (tp, fp, fn) = Score(result, truth);
        Assert.True(tp >= 0.9 * (tp + fn), $"recall {tp}/{tp + fn}");
        Assert.True(tp >= 0.9 * (tp + fp), $"precision {tp}/{tp + fp}");
    }

    [Fact]
    public void Namesakes_are_not_merged_while_their_duplicates_are()
    {
        // Few names, many people: each full name is shared by about 250 people of different dates of birth and
        // postcodes (sex follows the forename); every fortieth person is recorded again without a postcode.
        string[] male = ["oliver", "george"], female = ["amelia", "isla"], surnames = ["ashdown", "brennick", "carrow"];
        var rng = new Random(17);
        var records = new List<PersonRecord>();
        var truth = new List<int>();
        for (var p = 0; p < 3000; p++)
        {
            var isMale = rng.Next(2) == 0;
            var f = isMale ? male[rng.Next(2)] : female[rng.Next(2)];
            var s = surnames[rng.Next(surnames.Length)];
            var dob = new DateOnly(1950, 1, 1).AddDays((p * 6) + rng.Next(6)); // no two people share a date of birth
            var pc = $"ZZ{rng.Next(1, 30)} {rng.Next(1, 9)}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}";
            records.Add(new PersonRecord($"p{p}", f, s, dob, isMale ? "M" : "F", pc));
            truth.Add(p);
            if (p % 40 != 0) continue;
            records.Add(new PersonRecord($"d{p}", f, s, dob, isMale ? "M" : "F"));
            truth.Add(p);
        }
        var result = new LinkageEngine().Run(records, new LinkageOptions());
        var (tp, fp, fn) = Score(result, truth);
        Assert.True(fp == 0, $"{fp} namesake pairs merged");
        Assert.True(tp >= 0.9 * (tp + fn), $"recall {tp}/{tp + fn}");
    }

    [Fact]
    public void Em_learns_from_unlabelled_records_that_one_person_s_records_sit_in_one_force()
    {
        // The synthetic set spread over forces of unequal size, each duplicate recorded by its original's force.
        string[] forces = ["MPS", "MPS", "MPS", "GMP", "GMP", "WYP", "KENT", "CUMBRIA", "DYFED", "NYP"];
        var (records, truth) = Synthetic(600, 19);
        var rng = new Random(19);
        var forceOf = new Dictionary<int, string>();
        records = [.. records.Select((r, i) => r with { Force = forceOf.TryGetValue(truth[i], out var f) ? f : forceOf[truth[i]] = forces[rng.Next(forces.Length)] })];

        var with = new LinkageEngine().Run(records, new LinkageOptions());
        var levels = with.Model.Fields["force"];
        Assert.True(levels[0].Weight > 1, $"same force {levels[0].Weight:F1} bits");
        Assert.True(levels[1].Weight < 0, $"different forces {levels[1].Weight:F1} bits");
        Assert.True(levels[1].M >= 0.1 - 1e-9, "pairs in two forces stay linkable");
        Assert.All(with.Pairs, p => Assert.Contains(p.Contributions, c => c.Field == "force" && c.Level == "same force"));
        var (tp, fp, fn) = Score(with, truth);
        var (tpWithout, fpWithout, _) = Score(new LinkageEngine().Run([.. records.Select(r => r with { Force = null })], new LinkageOptions()), truth);
        Assert.True(tp >= tpWithout, $"{tp} true pairs with the force against {tpWithout} without");
        Assert.True(fp <= fpWithout, $"{fp} false pairs with the force against {fpWithout} without");
        Assert.True(tp >= 0.9 * (tp + fn), $"recall {tp}/{tp + fn}");
    }

    private static (int Tp, int Fp, int Fn) Score(LinkageResult result, List<int> truth)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.Count; i++)
            for (var j = i + 1; j < truth.Count; j++)
            {
                var same = result.ClusterOf[i] == result.ClusterOf[j];
                if (same && truth[i] == truth[j]) tp++;
                else if (same) fp++;
                else if (truth[i] == truth[j]) fn++;
            }
        return (tp, fp, fn);
    }

    [Fact]
    public void Every_proposed_pair_explains_its_weight()
    {
        var (records, _) = Synthetic(100, 5);
        var result = new LinkageEngine().Run(records, new LinkageOptions());
        Assert.NotEmpty(result.Pairs);
        foreach (var p in result.Pairs)
        {
            Assert.True(p.Left < p.Right);
            Assert.True(p.Probability >= 0.5);
            Assert.Equal(p.Weight, result.Model.PriorWeight + p.Contributions.Sum(c => c.Weight), 6);
            Assert.Equal(p.Probability, 1 / (1 + Math.Pow(2, -p.Weight)), 9);
        }
    }

    [Fact]
    public void Reviewer_decisions_override_the_model()
    {
        var records = new List<PersonRecord>
        {
            new("a", "Oliver", "Ashdown", new DateOnly(1980, 1, 2), Postcode: "ZZ1 1AB"),
            new("b", "Oliver", "Ashdown", new DateOnly(1980, 1, 2), Postcode: "ZZ1 1AB"),
            new("c", "Amelia", "Brennick", new DateOnly(1991, 5, 6), Postcode: "ZZ9 9XY"),
        };
        var (more, _) = Synthetic(60, 11);
        records.AddRange(more);
        var engine = new LinkageEngine();
        var model = engine.Run(records, new LinkageOptions());
        Assert.Equal(model.ClusterOf[0], model.ClusterOf[1]);
        Assert.NotEqual(model.ClusterOf[0], model.ClusterOf[2]);

        var decided = engine.Run(records, new LinkageOptions(), [new PairDecision(0, 1, SamePerson: false), new PairDecision(2, 0, SamePerson: true)]);
        Assert.NotEqual(decided.ClusterOf[0], decided.ClusterOf[1]);
        Assert.Equal(decided.ClusterOf[0], decided.ClusterOf[2]);
    }

    [Fact]
    public void Every_pair_sharing_an_identifier_teaches_m_even_when_em_counts_a_sample()
    {
        var (records, truth) = Synthetic(300, 3);
        // Each duplicated person whose id is a multiple of 6 carries one PNC id on both records: 50 known pairs.
        var known = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (truth[i] % 6 != 0) continue;
            records[i] = records[i] with { Identifier = $"PNC{truth[i]}" };
            if (records[i].Id.StartsWith('d')) known++;
        }
        var messages = new List<string>();
        var result = new LinkageEngine().Run(records, new LinkageOptions { EmPairs = 500 }, progress: new Collect(messages));
        Assert.Equal(50, known);
        Assert.Contains(messages, m => m.Contains("pairs counted for EM (rate 0.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"m refined by {known} pairs sharing an identifier", StringComparison.Ordinal));
        var forenames = result.Model.Fields["forenames"];
        Assert.True(forenames[0].M > 0.5, $"exact forenames m {forenames[0].M:F3}"); // 3 in 4 duplicates keep the forename
    }

    private sealed class Collect(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result()
    {
        var (records, _) = Synthetic(200, 8);
        var a = new LinkageEngine().Run(records, new LinkageOptions { Seed = 4, RandomPairs = 5000 });
        var b = new LinkageEngine().Run(records, new LinkageOptions { Seed = 4, RandomPairs = 5000 });
        Assert.Equal(a.ClusterOf, b.ClusterOf);
        Assert.Equal(a.Pairs.Select(p => (p.Left, p.Right, p.Weight)), b.Pairs.Select(p => (p.Left, p.Right, p.Weight)));
    }
}
