using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public class HouseholdDependenceTests
{
    // Forenames far apart (no shared first letter, no nickname, no NYSIIS code in common): pairs of them are "different".
    private static readonly string[] Forenames = ["oliver", "amelia", "george", "isla", "harry", "brenda", "noah", "mia", "kenneth", "ursula", "walter", "yvonne", "conrad", "edith", "percy", "zelda"];

    /// <summary>Fictional families: each a surname and a postcode of its own, with two members of different forenames
    /// and years of birth; and strangers, whose surname and postcode are drawn independently from pools of 400.</summary>
    private static List<PersonRecord> People(int families, int strangers, int seed)
    {
        var rng = new Random(seed);
        var records = new List<PersonRecord>();
        for (var i = 0; i < families; i++)
        {
            var surname = "fam" + Letters(i);
            var postcode = $"ZF{i % 90 + 1} {i / 90 + 1}XY";
            var first = rng.Next(Forenames.Length);
            var second = (first + 1 + rng.Next(Forenames.Length - 1)) % Forenames.Length;
            records.Add(new PersonRecord($"f{i}a", Forenames[first], surname, new DateOnly(1950 + rng.Next(20), 1 + rng.Next(12), 1 + rng.Next(28)), Postcode: postcode));
            records.Add(new PersonRecord($"f{i}b", Forenames[second], surname, new DateOnly(1975 + rng.Next(20), 1 + rng.Next(12), 1 + rng.Next(28)), Postcode: postcode));
        }
        for (var j = 0; j < strangers; j++)
            records.Add(new PersonRecord($"s{j}", Forenames[rng.Next(Forenames.Length)], "str" + Letters(rng.Next(400)), new DateOnly(1940 + rng.Next(60), 1 + rng.Next(12), 1 + rng.Next(28)),
                Postcode: $"ZS{rng.Next(1, 21)} {rng.Next(1, 21)}XY"));
        return records;
    }

    /// <summary>A number written in letters (names lose their digits when normalised): 0 → "aaa", 1 → "aab", ….</summary>
    private static string Letters(int n) => string.Concat((char)('a' + n / 676 % 26), (char)('a' + n / 26 % 26), (char)('a' + n % 26));

    private static FellegiSunterModel Fitted(List<PersonRecord> records)
    {
        var f = new RecordFeatures(records);
        var model = new FellegiSunterModel(LinkageEngine.Comparisons(f));
        var options = new LinkageOptions();
        Estimation.EstimateU(model, f, options, new ParallelOptions());
        HouseholdDependence.Estimate(model, f, LinkageEngine.TotalPairs(f, linkOnly: false), linkOnly: false, seed: 1, new ParallelOptions());
        return model;
    }

    private static int Mask(FellegiSunterModel model, params string[] fields)
    {
        var mask = 0;
        for (var j = 0; j < model.HouseholdFields.Length; j++)
            if (fields.Contains(model.Comparisons[model.HouseholdFields[j]].Field)) mask |= 1 << j;
        return mask;
    }

    [Fact]
    public void Families_agreeing_on_surname_and_postcode_have_that_joint_agreement_discounted()
    {
        var model = Fitted(People(families: 300, strangers: 2_000, seed: 3));

        // Some 310 pairs agree on both (300 of them families) where independence expects about 10: log2 of the ratio.
        Assert.True(model.HouseholdCorrection[Mask(model, "surname", "postcode")] < -4, $"correction {model.HouseholdCorrection[Mask(model, "surname", "postcode")]:F2}");
    }

    [Fact]
    public void Surname_and_postcode_drawn_independently_are_not_discounted()
    {
        var model = Fitted(People(families: 0, strangers: 3_000, seed: 4));

        Assert.InRange(model.HouseholdCorrection[Mask(model, "surname", "postcode")], -1, 0);
    }

    [Theory]
    [InlineData(0, 2_000)]
    [InlineData(300, 2_000)]
    [InlineData(1_000, 0)]
    public void A_correction_only_takes_weight_off_and_only_for_two_fields_or_more(int families, int strangers)
    {
        var model = Fitted(People(families, strangers, seed: 5));

        Assert.Equal(1 << model.HouseholdFields.Length, model.HouseholdCorrection.Length);
        for (var mask = 0; mask < model.HouseholdCorrection.Length; mask++)
        {
            Assert.True(model.HouseholdCorrection[mask] <= 0);
            if (System.Numerics.BitOperations.PopCount((uint)mask) < 2) Assert.Equal(0, model.HouseholdCorrection[mask]);
        }
    }

    [Fact]
    public void A_pairs_weight_and_its_explanation_carry_the_correction()
    {
        var records = People(families: 300, strangers: 2_000, seed: 3);
        var model = Fitted(records);
        for (var k = 0; k < model.Comparisons.Length; k++)
            for (var l = 1; l < model.M[k].Length; l++) model.M[k][l] = l == 1 ? 0.9 : 0.1 / (model.M[k].Length - 2);
        model.Lambda = 1e-4;
        model.UpdateWeights();
        var correction = model.HouseholdCorrection[Mask(model, "surname", "postcode")];

        Assert.True(model.TryScore(0, 1, double.NegativeInfinity, out var corrected, out var pattern)); // one family's two members
        var explanation = new PairExplanation(model, 0, 1, pattern);
        Assert.Equal(correction, explanation.Single(c => c.Field == PairExplanation.HouseholdField).Weight, 9);
        Assert.Equal(corrected, model.PriorWeight + explanation.Sum(c => c.Weight), 9);

        model.SetHousehold([], []);
        Assert.True(model.TryScore(0, 1, double.NegativeInfinity, out var uncorrected, out _));
        Assert.Equal(uncorrected + correction, corrected, 9);
        Assert.DoesNotContain(new PairExplanation(model, 0, 1, pattern), c => c.Field == PairExplanation.HouseholdField);
    }
}
