using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

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

    /// <summary>A field whose level for a pair is read from a table (pairs absent are level 2, "disagree").</summary>
    private sealed class PairLevels(string field, Dictionary<(int, int), int> levels) : FieldComparison(field, ["agree", "disagree"])
    {
        public override int Level(int a, int b) => levels.GetValueOrDefault((Math.Min(a, b), Math.Max(a, b)), 2);
    }

    [Fact]
    public void Reviewers_decisions_refine_m_with_confirmed_pairs_and_u_with_rejected_ones()
    {
        // Pairs (0,1) and (2,3) agree on the field; (4,5) and (6,7) disagree.
        var model = new FellegiSunterModel([new PairLevels("surname", new() { [(0, 1)] = 1, [(2, 3)] = 1 })]);
        (model.M[0][1], model.M[0][2]) = (0.9, 0.1);
        (model.U[0][1], model.U[0][2]) = (0.01, 0.99);

        // Two confirmed pairs that disagree pull m of "disagree" up; two rejected pairs that agree pull u of "agree" up.
        var used = Estimation.FromDecisions(model, [new PairDecision(4, 5, true), new PairDecision(6, 7, true), new PairDecision(0, 1, false), new PairDecision(2, 3, false)],
            priorPairs: 8, uPriorPairs: 98);

        Assert.Equal((2, 2), used);
        Assert.Equal((2 + 8 * 0.1) / 10, model.M[0][2], 9);
        Assert.Equal((0 + 8 * 0.9) / 10, model.M[0][1], 9);
        Assert.Equal((2 + 98 * 0.01) / 100, model.U[0][1], 9);
        Assert.Equal((0 + 98 * 0.99) / 100, model.U[0][2], 9);

        // No decisions: nothing moves.
        Assert.Equal((0, 0), Estimation.FromDecisions(model, []));
        Assert.Equal(0.0298, model.U[0][1], 9);
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

    /// <summary>
    /// A data set full of namesakes: a rule blocking on the name yields thousands of namesake pairs and a few matches,
    /// a rule blocking on the date of birth the other way round. m for each field is learnt from the rule that does not
    /// block on it, and comes out close to the truth; λ is then re-estimated over the pairs with m held.
    /// </summary>
    [Fact]
    public void Training_by_rule_learns_m_from_the_rules_that_do_not_block_on_the_field()
    {
        double[] mTrue = [0, 0.9, 0.8, 0.6]; // exact agreement among matches: name, dob, postcode
        double[] uTrue = [0, 1e-3, 1e-4, 1e-4]; // and among random pairs
        var model = new FellegiSunterModel([new Levels("name", 2), new Levels("dob", 2), new Levels("postcode", 2)]);
        for (var k = 0; k < 3; k++)
        {
            model.U[k][0] = 1;
            model.U[k][1] = uTrue[k + 1];
            model.U[k][2] = 1 - uTrue[k + 1];
        }
        static ulong Pattern(int name, int dob, int pc) => (ulong)(uint)name | ((ulong)(uint)dob << 4) | ((ulong)(uint)pc << 8);
        static void Add(Dictionary<ulong, long> counts, ulong p, double n)
        {
            if (n >= 0.5) counts[p] = counts.GetValueOrDefault(p) + (long)Math.Round(n);
        }
        // All pairs 5·10⁸: namesakes and same-dob non-matches are u × all pairs, so the counts are one consistent mixture.
        const double allPairs = 5e8, matches = 2_000, namesakes = allPairs * 1e-3, sameDob = allPairs * 1e-4;
        var byName = new Dictionary<ulong, long>();
        var byDob = new Dictionary<ulong, long>();
        var all = new Dictionary<ulong, long>();
        foreach (var dob in new[] { 1, 2 })
            foreach (var pc in new[] { 1, 2 })
            {
                var pDob = dob == 1 ? mTrue[2] : 1 - mTrue[2];
                var pPc = pc == 1 ? mTrue[3] : 1 - mTrue[3];
                var uDob = dob == 1 ? uTrue[2] : 1 - uTrue[2];
                var uPc = pc == 1 ? uTrue[3] : 1 - uTrue[3];
                // Matches agreeing on the name, and namesakes (non-matches that share it).
                Add(byName, Pattern(1, dob, pc), (matches * mTrue[1] * pDob * pPc) + (namesakes * uDob * uPc));
                Add(all, Pattern(1, dob, pc), (matches * mTrue[1] * pDob * pPc) + (namesakes * uDob * uPc));
            }
        foreach (var name in new[] { 1, 2 })
            foreach (var pc in new[] { 1, 2 })
            {
                var pName = name == 1 ? mTrue[1] : 1 - mTrue[1];
                var pPc = pc == 1 ? mTrue[3] : 1 - mTrue[3];
                var uName = name == 1 ? uTrue[1] : 1 - uTrue[1];
                var uPc = pc == 1 ? uTrue[3] : 1 - uTrue[3];
                var n = (matches * mTrue[2] * pName * pPc) + (sameDob * uName * uPc);
                Add(byDob, Pattern(name, 1, pc), n);
                if (name == 2) Add(all, Pattern(name, 1, pc), n); // pairs agreeing on both were counted by the name rule
            }
        List<BlockingRule> rules = [new("name", false, _ => 0, false, "name"), new("dob", false, _ => 0, false, "dob")];

        Estimation.Expectation(model, all, allPairs, records: 100_000, maxIterations: 500);
        var trained = Estimation.TrainByRule(model, rules, [byName, byDob], records: 100_000, maxIterations: 500);
        Assert.Equal(2, trained);
        for (var k = 0; k < 3; k++)
            Assert.True(Math.Abs(model.M[k][1] - mTrue[k + 1]) < 0.05, $"{model.Comparisons[k].Field}: m {model.M[k][1]:F3}, expected {mTrue[k + 1]}");

        Estimation.EstimateLambda(model, all, allPairs, maxIterations: 500);
        var expected = (matches * mTrue[1]) + (matches * mTrue[2] * (1 - mTrue[1]));
        Assert.Equal(expected, model.Lambda * allPairs, 0.1 * expected);
    }

    /// <summary>
    /// Twins and siblings at one address agree on the surname, date of birth and postcode: EM takes many of them for
    /// matches and learns that a match's forenames often differ. Pairs sharing a PNC id are matches whatever EM thinks,
    /// so their levels give m directly, with the EM estimate kept as a prior worth a fixed number of pairs.
    /// </summary>
    [Fact]
    public void Pairs_sharing_an_identifier_give_m_with_the_em_estimate_as_prior()
    {
        var model = new FellegiSunterModel([new Levels("identifier", 2), new Levels("forenames", 3), new Levels("dob", 2)]);
        double[][] em = [[1, 0.9, 0.1], [1, 0.5, 0.2, 0.3], [1, 0.6, 0.4]];
        for (var k = 0; k < 3; k++) em[k].CopyTo(model.M[k], 0);
        static ulong Pattern(int id, int fore, int dob) => (ulong)(uint)id | ((ulong)(uint)fore << 4) | ((ulong)(uint)dob << 8);
        // 150 pairs sharing an identifier: forenames exact 120, near miss 30, never different; dob missing in 50.
        var labelled = new Dictionary<ulong, long>
        {
            [Pattern(1, 1, 1)] = 90,
            [Pattern(1, 2, 1)] = 10,
            [Pattern(1, 1, 0)] = 30,
            [Pattern(1, 2, 0)] = 20,
        };
        var rule = new BlockingRule("identifier", true, _ => 0, false, "identifier");

        var estimated = Estimation.MFromLabels(model, rule, labelled, priorPairs: 50);

        Assert.Equal(2, estimated);
        Assert.Equal(0.9, model.M[0][1], 9); // the rule's own field agrees by construction: untouched
        Assert.Equal((120 + (50 * 0.5)) / 200, model.M[1][1], 9);
        Assert.Equal((30 + (50 * 0.2)) / 200, model.M[1][2], 9);
        Assert.Equal(50 * 0.3 / 200, model.M[1][3], 9); // never seen among the labelled pairs: small, not zero
        Assert.Equal((100 + (50 * 0.6)) / 150, model.M[2][1], 9); // missing dates of birth are no evidence either way
        Assert.Equal(50 * 0.4 / 150, model.M[2][2], 9);
    }

    [Fact]
    public void The_part_played_is_not_learnt_from_pairs_sharing_a_pnc_id()
    {
        // A PNC id follows an arrest: pairs sharing one are all suspects, which says nothing of matches in general.
        var f = new RecordFeatures([new PersonRecord("a", "x", "y", null, Role: "suspect"), new PersonRecord("b", "x", "y", null, Role: "victim")]);
        var model = new FellegiSunterModel([new RoleComparison(f.Role), new Levels("identifier", 2)]);
        double[] em = [1, 0.6, 0.3, 0.05, 0.05];
        em.CopyTo(model.M[0], 0);
        var labelled = new Dictionary<ulong, long> { [1 | (1UL << 4)] = 500 };
        var estimated = Estimation.MFromLabels(model, new BlockingRule("identifier", true, _ => 0, false, "identifier"), labelled);
        Assert.Equal(0, estimated);
        Assert.Equal(em, model.M[0]);
    }

    /// <summary>
    /// Synthetic records of one person never disagree on their ethnicity, and pairs sharing a PNC id seldom show one
    /// that does: m of a disagreement learnt from them alone would be near zero, and one keying error would outweigh an
    /// exact name and date of birth. A recorded code keeps the disagreement its field is known to have.
    /// </summary>
    [Fact]
    public void A_recorded_code_keeps_its_least_disagreement_whatever_the_labelled_pairs_show()
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Ethnicity: "W1", Nationality: "GBR"), new PersonRecord("b", null, null, null, Ethnicity: "W9", Nationality: "POL")]);
        var comparisons = LinkageEngine.Comparisons(f);
        var model = new FellegiSunterModel([new Levels("identifier", 2), .. comparisons]);
        var ethnicity = 1 + Array.FindIndex(comparisons, c => c.Field == "self_defined_ethnicity");
        var nationality = 1 + Array.FindIndex(comparisons, c => c.Field == "nationality");
        for (var k = 1; k < model.Comparisons.Length; k++)
        {
            model.M[k][0] = 1;
            model.M[k][1] = 0.999;
            for (var l = 2; l < model.M[k].Length; l++) model.M[k][l] = 0.001 / (model.M[k].Length - 2);
        }
        // 400 pairs sharing an identifier, every one agreeing exactly on both codes.
        var labelled = new Dictionary<ulong, long> { [1 | (1UL << (4 * ethnicity)) | (1UL << (4 * nationality))] = 400 };

        Estimation.MFromLabels(model, new BlockingRule("identifier", true, _ => 0, false, "identifier"), labelled);

        foreach (var k in new[] { ethnicity, nationality })
        {
            var floor = model.Comparisons[k].MinDisagreementM;
            Assert.True(floor > 0, model.Comparisons[k].Field);
            for (var l = 2; l < model.M[k].Length; l++) Assert.Equal(floor, model.M[k][l], 9);
            Assert.Equal(1, model.M[k][1..].Sum(), 9);
        }
    }

    [Fact]
    public void Em_keeps_a_recorded_codes_least_disagreement()
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Nationality: "GBR"), new PersonRecord("b", null, null, null, Nationality: "POL")]);
        var model = new FellegiSunterModel([new Levels("name", 2), .. LinkageEngine.Comparisons(f)]);
        for (var k = 0; k < 2; k++)
        {
            model.U[k][0] = 1;
            model.U[k][1] = 0.01;
            model.U[k][2] = 0.99;
        }
        // Matches agree on both; non-matches seldom on the name and often on the nationality.
        static ulong Pattern(int name, int nationality) => (ulong)(uint)name | ((ulong)(uint)nationality << 4);
        var patterns = new Dictionary<ulong, long> { [Pattern(1, 1)] = 1_000, [Pattern(2, 1)] = 50_000, [Pattern(2, 2)] = 50_000 };

        Estimation.Expectation(model, patterns, totalPairs: 101_000, records: 10_000, maxIterations: 200);

        Assert.Equal(LinkageEngine.NationalityDisagreement, model.M[1][2], 9);
        Assert.Equal(1 - LinkageEngine.NationalityDisagreement, model.M[1][1], 9);
    }

    /// <summary>A name and a date of birth, each agreeing (level 1) or not (level 2): m 0.7, u 0.001 for agreement.</summary>
    private static FellegiSunterModel NameAndBirthModel()
    {
        var model = new FellegiSunterModel([new Levels("name", 2), new Levels("dob", 2)]);
        for (var k = 0; k < 2; k++)
        {
            model.U[k][0] = model.M[k][0] = 1;
            model.U[k][1] = 1e-3;
            model.U[k][2] = 1 - 1e-3;
            model.M[k][1] = 0.7;
            model.M[k][2] = 0.3;
        }
        return model;
    }

    [Fact]
    public void A_field_only_blocked_on_keeps_its_pooled_m()
    {
        var model = NameAndBirthModel();
        // Pairs blocked on the name all agree on it: they say nothing of its m, only of the date of birth's.
        var byName = new Dictionary<ulong, long> { [1 | (1UL << 4)] = 800, [1 | (2UL << 4)] = 100_200 };
        var trained = Estimation.TrainByRule(model, [new BlockingRule("name", false, _ => 0, false, "name")], [byName], records: 100_000, maxIterations: 500);
        Assert.Equal(1, trained);
        Assert.Equal(0.7, model.M[0][1], 9);
        Assert.Equal(0.3, model.M[0][2], 9);
        Assert.InRange(model.M[1][1], 0.75, 1); // about 800 matches, nearly all agreeing on the date of birth
    }

    [Fact]
    public void A_rule_that_only_widens_the_candidates_teaches_no_m()
    {
        var byName = new Dictionary<ulong, long> { [1 | (1UL << 4)] = 800, [1 | (2UL << 4)] = 100_200 };
        var training = NameAndBirthModel();
        Assert.Equal(1, Estimation.TrainByRule(training, [new BlockingRule("name", false, _ => 0, false, "name")], [byName], records: 100_000, maxIterations: 500));
        Assert.InRange(training.M[1][1], 0.75, 1);

        var widening = NameAndBirthModel();
        var trained = Estimation.TrainByRule(widening, [new BlockingRule("name", false, _ => 0, false, "name") { Trains = false }], [byName], records: 100_000, maxIterations: 500);

        Assert.Equal(0, trained);
        Assert.Equal(0.7, widening.M[1][1], 9);
        Assert.Equal(0.3, widening.M[1][2], 9);
    }

    [Fact]
    public void A_rule_whose_em_finds_no_second_class_is_not_separated()
    {
        var model = new FellegiSunterModel([new Levels("a", 2), new Levels("b", 2)]);
        for (var k = 0; k < 2; k++)
        {
            model.M[k][1] = model.U[k][1] = 0.3;
            model.M[k][2] = model.U[k][2] = 0.7;
        }
        Assert.Equal(0, Estimation.Separation(model, [false, false]), 9);
        model.M[0][1] = 0.95;
        model.M[0][2] = 0.05;
        model.U[0][1] = 1e-4;
        model.U[0][2] = 1 - 1e-4;
        Assert.True(Estimation.Separation(model, [false, false]) > Estimation.MinSeparationBits);
        Assert.Equal(0, Estimation.Separation(model, [true, false]), 9);
    }

    [Fact]
    public void A_near_miss_between_two_common_names_weighs_less_than_a_misspelt_rare_name()
    {
        // 40 Hills and 40 Halls (two common surnames a letter apart), one Miller and one Miiller (a typing error).
        var surnames = Enumerable.Repeat("hill", 40).Concat(Enumerable.Repeat("hall", 40)).Concat(["miller", "miiller"])
            .Concat(Enumerable.Range(0, 100).Select(i => "zed" + (char)('a' + (i / 26)) + (char)('a' + (i % 26))));
        var f = new RecordFeatures([.. surnames.Select((s, i) => new PersonRecord("r" + i, null, s, null))]);
        var model = new FellegiSunterModel([new SurnameComparison(f)]);
        Estimation.EstimateU(model, f, new LinkageOptions(), new ParallelOptions());
        int hill = 0, hall = 40, miller = 80, miiller = 81;
        var c = model.Comparisons[0];
        // Two common names a letter apart have a level of their own; the misspelt rare name is a plain near miss.
        Assert.Equal(FieldComparison.CloseCommon, c.Levels[c.Level(hill, hall)]);
        Assert.Equal(3, c.Level(miller, miiller));
        var common = c.Level(hill, hall);
        Assert.True(model.U[0][common] > model.U[0][3], "common names a letter apart are most often two people");
        // With the same m at every level, the common pair weighs less than the typing error, adjustments included.
        for (var l = 1; l < c.Levels.Length; l++) model.M[0][l] = 1.0 / (c.Levels.Length - 1);
        model.Lambda = 0.01;
        model.UpdateWeights();
        Assert.True(model.Weights[0][common] < model.Weights[0][3] + model.FuzzyAdjustment(0, 3, miller, miiller));
        Assert.True(model.FuzzyAdjustment(0, 3, miller, miiller) >= 0, "a rare name misspelt is most often a typing error");
        Assert.Equal(0, model.FuzzyAdjustment(0, 1, hill, hill)); // not a near-miss level: the exact level has its own
    }

    [Theory]
    [InlineData("surname,postcode", "forenames", false)]  // families share a surname and a postcode: the match class holds siblings
    [InlineData("surname,postcode", "dob", false)]
    [InlineData("surname,postcode", "sex", false)]
    [InlineData("postcode", "forenames", false)]
    [InlineData("city,surname", "dob", false)]
    [InlineData("address", "sex", false)]
    [InlineData("surname,postcode", "birth_place", true)]  // what relatives share is still taught
    [InlineData("surname,postcode", "occupation", true)]
    [InlineData("surname,postcode", "postcode", false)]   // a rule's own field agrees by construction
    [InlineData("surname,dob", "forenames", true)]        // a date of birth tells relatives apart: not a household key
    [InlineData("forenames,postcode", "dob", true)]
    [InlineData("identifier", "forenames", true)]
    [InlineData("dob", "surname", true)]
    public void A_rule_made_of_fields_relatives_share_does_not_teach_the_fields_that_tell_them_apart(string ruleFields, string field, bool teaches)
    {
        var rule = new BlockingRule("rule", false, _ => 0, false, ruleFields.Split(','));
        Assert.Equal(teaches, rule.Teaches(field));
    }

    [Fact]
    public void A_household_rule_leaves_the_forenames_m_at_its_pooled_estimate_and_trains_the_birthplace()
    {
        var model = new FellegiSunterModel([new Levels("forenames", 2), new Levels("birth_place", 2)]);
        for (var k = 0; k < 2; k++)
        {
            model.U[k][0] = model.M[k][0] = 1;
            model.U[k][1] = 1e-3;
            model.U[k][2] = 1 - 1e-3;
            model.M[k][1] = 0.7;
            model.M[k][2] = 0.3;
        }
        static ulong Pattern(int fore, int place) => (ulong)(uint)fore | ((ulong)(uint)place << 4);
        // Pairs sharing a surname and a postcode: 800 matches (one name, one birthplace), 400 siblings (another
        // forename, the same birthplace), and strangers who happen to share both keys.
        var byRule = new Dictionary<ulong, long>
        {
            [Pattern(1, 1)] = 800,
            [Pattern(2, 1)] = 400,
            [Pattern(2, 2)] = 100_000,
        };
        var trained = Estimation.TrainByRule(model, [new BlockingRule("surname+postcode", false, _ => 0, false, "surname", "postcode")], [byRule], records: 100_000, maxIterations: 500);

        Assert.Equal(1, trained);
        Assert.Equal(0.7, model.M[0][1], 9);
        Assert.Equal(0.3, model.M[0][2], 9);
        Assert.InRange(model.M[1][1], 0.8, 1); // trained (the pooled estimate was 0.7): the birthplace agrees among matches and siblings alike
    }
}
