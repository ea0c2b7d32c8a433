using Reassess.Linkage;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Prioritisation;

namespace Reassess.Tests.Screening;

/// <summary>
/// A large screening pass reads its candidates' priority inputs in two halves on two connections at once. Every candidate
/// must come out exactly as from one read (the same candidates, factors, words and priorities), before and after a link
/// run, since a candidate's inputs (later offending, other investigations and victims of its suspects' people) reach across
/// the halves.
/// </summary>
[Trait("Category", "Database")]
public sealed class ScreeningInPartsTests
{
    [Fact]
    public async Task Priority_inputs_read_in_two_halves_give_every_candidate_what_one_read_gives()
    {
        var (unlinked, linked) = await BeforeAndAfterLinking.CompareAsync(seed: 11, CompareAsync);

        // Not a trivial agreement: there are candidates, and some have factors that reach other investigations.
        Assert.True(unlinked > 20, $"{unlinked} candidates with factors from other investigations before linking");
        Assert.True(linked >= unlinked, $"linked {linked}, unlinked {unlinked}");
    }

    /// <summary>Screens once in one read and once in halves; returns how many candidates have a factor from other investigations.</summary>
    private static async Task<int> CompareAsync(DatabaseTarget target, CriteriaProfile profile, DateOnly asOf)
    {
        var whole = await new ScreeningService(TimeProvider.System, new StoredLinkageFacts()) { PriorityInputsSplitAt = int.MaxValue }
            .ScreenAsync(target, profile, asOf, runBy: null);
        var halves = await new ScreeningService(TimeProvider.System, new StoredLinkageFacts()) { PriorityInputsSplitAt = 2 }
            .ScreenAsync(target, profile, asOf, runBy: null);
        Assert.NotEmpty(whole.Candidates);
        Assert.Equal(whole.Candidates.Count, halves.Candidates.Count);
        var reaching = 0;
        for (var i = 0; i < whole.Candidates.Count; i++)
        {
            var (a, b) = (whole.Candidates[i], halves.Candidates[i]);
            Assert.Equal(a.Facts.Id, b.Facts.Id);
            Assert.Equal(a.PriorityFactors, b.PriorityFactors);
            Assert.Equal(a.Priority, b.Priority);
            if (a.Factors.Any(f => f.Quantity > 0 && (f.Name == PriorityFactorNames.LinkedInvestigations || f.Name == PriorityFactorNames.LinkedVictims || f.Name == PriorityFactorNames.LaterOffending))) reaching++;
        }
        return reaching;
    }
}
