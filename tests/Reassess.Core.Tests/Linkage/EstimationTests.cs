using Reassess.Linkage;

namespace Reassess.Core.Tests.Linkage;

public class EstimationTests
{
    private sealed class Levels(string field, int count) : FieldComparison(field, [.. Enumerable.Range(1, count).Select(i => "level" + i)])
    {
        public override int Level(int a, int b) => 0;
    }

    [Fact]
    public void Em_recovers_m_and_lambda_of_a_known_mixture()
    {
        // Three fields; true m and u per level (index 0 = missing, unused).
        double[][] m = [[0, 0.85, 0.10, 0.05], [0, 0.90, 0.10], [0, 0.70, 0.20, 0.10]];
        double[][] u = [[0, 0.01, 0.04, 0.95], [0, 0.05, 0.95], [0, 0.002, 0.02, 0.978]];
        const double totalPairs = 10_000_000;
        const double matches = 2_000;
        var model = new FellegiSunterModel([new Levels("a", 3), new Levels("b", 2), new Levels("c", 3)]);
        for (var k = 0; k < 3; k++)
        {
            model.U[k][0] = 1;
            for (var l = 1; l < u[k].Length; l++) model.U[k][l] = u[k][l];
        }

        // Expected counts of every pattern among blocked pairs: all matches, and the non-matches of a blocking rule
        // that keeps 1 pair in 200 (independent of the fields, so the u of blocked non-matches stays as above).
        var counts = new Dictionary<ulong, long>();
        const double blockedNonMatches = totalPairs / 200;
        for (var a = 1; a <= 3; a++)
            for (var b = 1; b <= 2; b++)
                for (var c = 1; c <= 3; c++)
                {
                    var pm = m[0][a] * m[1][b] * m[2][c];
                    var pu = u[0][a] * u[1][b] * u[2][c];
                    var pattern = (ulong)(uint)a | ((ulong)(uint)b << 4) | ((ulong)(uint)c << 8);
                    counts[pattern] = (long)Math.Round(matches * pm + blockedNonMatches * pu);
                }

        // The non-matches outside the blocks are absent: λ is the share among all pairs only if EM sees
        // the blocked share; here the blocked set is the whole evidence, so λ is compared with matches / blocked pairs.
        var blocked = counts.Values.Sum();
        Estimation.Expectation(model, counts, blocked, records: 10_000, maxIterations: 500);

        Assert.Equal(matches / blocked, model.Lambda, 0.1 * matches / blocked);
        for (var k = 0; k < 3; k++)
            for (var l = 1; l < m[k].Length; l++)
                Assert.True(Math.Abs(model.M[k][l] - m[k][l]) < 0.03, $"field {k} level {l}: m {model.M[k][l]:F3}, expected {m[k][l]:F3}");
    }

    [Fact]
    public void U_of_an_exact_match_is_the_share_of_random_pairs_agreeing()
    {
        // 4 Smiths, 2 Jones, 4 unique surnames among 10 records: 6 + 1 agreeing pairs of 45.
        string[] surnames = ["smith", "smith", "smith", "smith", "jones", "jones", "ashdown", "brennick", "carrow", "dunmore"];
        var f = new RecordFeatures([.. surnames.Select((s, i) => new PersonRecord("r" + i, null, s, null))]);
        Assert.Equal(7.0 / 45, f.Surname.ExactAgreement, 9);
        var model = new FellegiSunterModel(LinkageEngine.Comparisons(f));
        Estimation.EstimateU(model, f, new LinkageOptions(), new ParallelOptions());
        Assert.Equal(7.0 / 45, model.U[0][1], 9);
    }

    [Fact]
    public void A_common_surname_counts_for_less_than_a_rare_one()
    {
        var (records, _) = LinkageEngineTests.Synthetic(200, 21);
        records.AddRange(Enumerable.Range(0, 40).Select(i => new PersonRecord("smith" + i, "x" + i, "smith", null)));
        records.Add(new PersonRecord("rare1", "y", "zabrowski", null));
        records.Add(new PersonRecord("rare2", "z", "zabrowski", null));
        var f = new RecordFeatures(records);
        var model = new FellegiSunterModel(LinkageEngine.Comparisons(f));
        Estimation.EstimateU(model, f, new LinkageOptions(), new ParallelOptions());
        for (var k = 0; k < model.Comparisons.Length; k++)
            for (var l = 1; l < model.M[k].Length; l++) model.M[k][l] = 1.0 / (model.M[k].Length - 1);
        var surname = Array.FindIndex(model.Comparisons, c => c.Field == "surname");
        var common = model.TermFrequencyAdjustment(surname, records.FindIndex(r => r.Id == "smith0"));
        var rare = model.TermFrequencyAdjustment(surname, records.FindIndex(r => r.Id == "rare1"));
        Assert.True(common < 0, $"common {common}");
        Assert.True(rare > common + 3, $"rare {rare}, common {common}");
    }
}
