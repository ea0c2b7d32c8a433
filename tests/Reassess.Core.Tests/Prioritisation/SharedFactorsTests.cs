using Reassess.Prioritisation;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// A screening pass takes its candidates' factors from <see cref="PriorityScore.SharedFactors"/>, made once per distinct
/// value: each must be the factor the plain path makes, to the bit.
/// </summary>
public sealed class SharedFactorsTests
{
    [Fact]
    public void Shared_factors_are_those_made_without_words_for_varied_candidates()
    {
        var random = new Random(17);
        var shared = new PriorityScore.SharedFactors();
        foreach (var profile in new[] { Met, Beaconport })
            for (var i = 0; i < 2_000; i++)
            {
                var facts = Qualifying(i).With(f =>
                {
                    f.RecordedDate = new DateOnly(2005, 1, 1).AddDays(random.Next(0, 7_600));
                    f.OffenceCodes = random.Next(2) == 0 ? "19C" : "19D;17A";
                    f.OutcomeCode = random.Next(3) == 0 ? "16" : "15";
                });
                var assessment = Assess(profile, facts);
                var inputs = new PriorityInputs(random.Next(3) == 0 ? ["teacher"] : [], [.. Enumerable.Repeat("MPS X", random.Next(0, 12))],
                    random.Next(0, 12), random.Next(0, 12), random.Next(0, 3));
                var plain = PriorityScore.Factors(profile, assessment, inputs, AsOf, details: false);
                var fromShared = PriorityScore.Factors(profile, assessment, inputs, AsOf, shared);
                Assert.Equal(plain, fromShared);
                Assert.Equal(PriorityScore.Describe(plain), PriorityScore.Describe(fromShared));
                Assert.Equal(BitConverter.DoubleToInt64Bits(PriorityScore.Total(plain)), BitConverter.DoubleToInt64Bits(PriorityScore.Total(fromShared)));
            }
        // Made once per distinct value: far fewer than the 44,000 factors handed out.
        Assert.InRange(shared.Count, 11, 3_000);
    }

    [Fact]
    public void A_factor_is_reused_only_for_the_same_name_weight_and_quantity_to_the_bit()
    {
        var shared = new PriorityScore.SharedFactors();
        var zero = shared.Get(0, "a", -2, 0d);
        var negativeZero = shared.Get(0, "a", -2, -0d);
        Assert.Equal("-0", PriorityScore.Number(negativeZero.Quantity));
        Assert.NotSame(zero, negativeZero);
        Assert.Same(negativeZero, shared.Get(0, "a", -2, -0d));
        var other = shared.Get(0, "a", 3, 1d);
        Assert.Equal(new PriorityFactor("a", 3, 1, 3, ""), other);
        Assert.Equal(new PriorityFactor("a", 4, 1, 4, ""), shared.Get(0, "a", 4, 1d));
        Assert.Equal(new PriorityFactor("b", 4, 1, 4, ""), shared.Get(0, "b", 4, 1d));
    }
}
