using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

/// <summary>
/// The parts of the model that let linkage hold on data shaped unlike the sets it was built on (issue 23, item 2):
/// partial dates, nicknames, name frequency, a cut chosen from the fitted model, clusters split on contradictions.
/// </summary>
public sealed class GeneralisationTests
{
    [Theory]
    [InlineData("1960", "yyyy-MM-dd", "19600000")]
    [InlineData("1960-05", "yyyy-MM-dd", "19600500")]
    [InlineData("05/1960", "dd/MM/yyyy", "19600500")]
    [InlineData("1960-00-00", "yyyy-MM-dd", "19600000")]
    [InlineData("1960-13-02", "yyyy-MM-dd", "19601302")]
    public void Partial_and_impossible_dates_are_kept_as_digits(string value, string format, string digits)
    {
        Assert.True(PeopleCsv.TryParseDate(value, format, out var date, out var text));
        Assert.Null(date);
        Assert.Equal(digits, text);
    }

    [Theory]
    [InlineData("0000-00-00")]
    [InlineData("1960-14")]
    [InlineData("unknown")]
    public void Placeholders_and_nonsense_are_not_dates(string value) =>
        Assert.False(PeopleCsv.TryParseDate(value, "yyyy-MM-dd", out _, out _));

    [Fact]
    public void A_partial_date_in_a_csv_is_read_and_matches_its_full_date()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-partial-").FullName;
        try
        {
            var path = Path.Combine(dir, "people.csv");
            File.WriteAllLines(path, ["id,forenames,surname,dob", "a,Ada,Quennell,1960-05-14", "b,Ada,Quennell,1960-00-00", "c,Ada,Quennell,1950"]);
            var (_, records) = PeopleCsv.Read(path, "id", [ColumnMapping.Parse("forenames=forenames"), ColumnMapping.Parse("surname=surname"), ColumnMapping.Parse("dob=dob:yyyy-MM-dd")]);
            var f = new RecordFeatures(records);
            var c = new DateOfBirthComparison(f);
            Assert.Equal("partial date, known parts agree", c.Levels[c.Level(0, 1)]);
            Assert.Equal("different", c.Levels[c.Level(0, 2)]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Bob", "Robert")]
    [InlineData("Muhammad", "Mohammed")]
    [InlineData("Shaun", "Sean")]
    public void Nicknames_and_transliterations_reach_the_nickname_level(string a, string b)
    {
        var f = new RecordFeatures([new PersonRecord("a", a, "Quennell", null), new PersonRecord("b", b, "Quennell", null), new PersonRecord("c", "Walter", "Quennell", null)]);
        var c = new ForenameComparison(f);
        Assert.Equal("nickname or same first name", c.Levels[c.Level(0, 1)]);
        Assert.Equal("different", c.Levels[c.Level(0, 2)]);
    }

    [Fact]
    public void A_common_surname_agreeing_weighs_less_than_a_rare_one()
    {
        // 60 of 200 records are Smiths; Quennell appears twice.
        var records = new List<PersonRecord>();
        for (var i = 0; i < 200; i++)
            records.Add(new PersonRecord($"r{i}", "Ada", i < 60 ? "Smith" : i < 62 ? "Quennell" : $"Surname{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}", null));
        var f = new RecordFeatures(records);
        var model = new FellegiSunterModel([new SurnameComparison(f)]);
        Estimation.EstimateU(model, f, new LinkageOptions(), new ParallelOptions());
        model.M[0][1] = 0.9;
        for (var l = 2; l < model.M[0].Length; l++) model.M[0][l] = 0.1 / (model.M[0].Length - 2);
        model.Lambda = 0.01;
        model.UpdateWeights();

        var smith = model.Weights[0][1] + model.TermFrequencyAdjustment(0, 0);
        var quennell = model.Weights[0][1] + model.TermFrequencyAdjustment(0, 60);
        Assert.True(quennell > smith + 3, $"Quennell {quennell:F2} bits, Smith {smith:F2} bits");
        // Exactly the frequencies': log2(u_exact / frequency) adds log2(60 / 2) ≈ 4.9 bits between the two.
        Assert.Equal(Math.Log2(60.0 / 2), quennell - smith, 3);
    }

    [Fact]
    public void The_cut_is_chosen_from_the_posteriors_not_fixed()
    {
        // 100 near-certain pairs, 100 pairs at 0.6, 1,000 unlikely ones.
        var probabilities = Enumerable.Repeat(0.995, 100).Concat(Enumerable.Repeat(0.6, 100)).Concat(Enumerable.Repeat(0.05, 1000)).ToList();
        // Taking the 0.6 pairs too would expect precision (99.5 + 60) / 200 ≈ 0.80: below a 0.98 target.
        Assert.Equal(0.995, Threshold.Choose(probabilities, 0.98, 0.9));
        // With a 0.75 target the 0.6 pairs raise the expected F1 (from 0.64 to 0.78), so they are taken.
        Assert.Equal(0.6, Threshold.Choose(probabilities, 0.75, 0.9));
        // Nothing scored: the fallback.
        Assert.Equal(0.9, Threshold.Choose([0.001], 0.98, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => Threshold.Choose(probabilities, 1.0, 0.9));
    }

    [Fact]
    public void The_engine_cuts_where_the_fitted_model_says()
    {
        var (records, _) = LinkageEngineTests.Synthetic(600, 5);
        var options = new LinkageOptions { ChooseMatchProbability = true, ProposeProbability = Threshold.ScoreFloor };
        var result = new LinkageEngine().Run(records, options);
        // The pairs returned are all those scored at or above the floor, so the cut can be worked out again from them.
        Assert.Equal(Threshold.Choose(result.Pairs.Select(p => p.Probability), options.TargetPrecision, 0.9), result.MatchProbability);
        Assert.NotEqual(0.9, result.MatchProbability);
        Assert.InRange(result.MatchProbability, Threshold.Lowest, Threshold.Highest);
        // Every pair at or above the cut is in one cluster (no contradictions in this set, no split asked).
        foreach (var p in result.Pairs.Where(p => p.Probability >= result.MatchProbability))
            Assert.Equal(result.ClusterOf[p.Left], result.ClusterOf[p.Right]);
    }

    /// <summary>Background people to teach the model, then one chain: Tobias and Agnes Ashdown at one postcode, born
    /// nineteen years apart (relatives: another forename, another date of birth), and a record of the surname and
    /// postcode alone that links to both.</summary>
    private static (List<PersonRecord> Records, int First) Chain()
    {
        var (records, _) = LinkageEngineTests.Synthetic(600, 11);
        var first = records.Count;
        records.Add(new PersonRecord("q1", "Tobias", "Ashdown", new DateOnly(1971, 5, 4), Postcode: "ZZ9 9QQ"));
        records.Add(new PersonRecord("q2", null, "Ashdown", null, Postcode: "ZZ9 9QQ"));
        records.Add(new PersonRecord("q3", "Agnes", "Ashdown", new DateOnly(1990, 11, 23), Postcode: "ZZ9 9QQ"));
        return (records, first);
    }

    [Fact]
    public void A_cluster_whose_members_contradict_is_split()
    {
        var (records, first) = Chain();
        var linked = new LinkageEngine().Run(records, new LinkageOptions { MatchProbability = 0.5, ProposeProbability = 0.001 });
        var weights = string.Join("; ", linked.Pairs.Where(p => p.Left >= first).Select(p => $"{p.Left - first}-{p.Right - first} {p.Weight:F1}"));
        // Chained: q1–q2 and q2–q3 are links, so connected components put all three together.
        Assert.True(linked.ClusterOf[first] == linked.ClusterOf[first + 2], weights);
        Assert.Equal(0, linked.SplitClusters);

        var split = new LinkageEngine().Run(records, new LinkageOptions { MatchProbability = 0.5, SplitContradictions = true });
        Assert.True(split.ClusterOf[first] != split.ClusterOf[first + 2], weights);
        Assert.True(split.SplitClusters >= 1);
        // A split only ever parts records: no two records together after it were apart before.
        for (var i = 0; i < records.Count; i++)
            for (var j = i + 1; j < records.Count; j++)
                if (split.ClusterOf[i] == split.ClusterOf[j]) Assert.Equal(linked.ClusterOf[i], linked.ClusterOf[j]);
    }

    [Fact]
    public void A_reviewer_confirmation_is_never_split()
    {
        var (records, first) = Chain();
        var result = new LinkageEngine().Run(records, new LinkageOptions { MatchProbability = 0.5, SplitContradictions = true }, [new PairDecision(first, first + 2, SamePerson: true)]);
        Assert.Equal(result.ClusterOf[first], result.ClusterOf[first + 2]);
    }
}
