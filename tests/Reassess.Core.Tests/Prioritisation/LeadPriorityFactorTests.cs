using Microsoft.EntityFrameworkCore;
using Reassess.Linkage;
using Reassess.Screening;
using Reassess.Tests.Leads;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// <c>later_offending</c> and <c>unrecorded_identifier</c> as priority factors (issue 20): weighted in both shipped profiles,
/// applied per lead found for the candidate, and explained by naming what was found.
/// </summary>
[Trait("Category", "Database")]
public sealed class LeadPriorityFactorTests
{
    private static async Task<Dictionary<string, Dictionary<string, double>>> FactorsAsync(LeadWorld world)
    {
        await using var db = world.Context();
        var candidates = await db.Set<Candidate>().AsNoTracking().ToListAsync();
        return candidates.ToDictionary(c => c.InvestigationRef, c => Reassess.Cases.CaseQueries.ParseFactors(c.PriorityFactors).ToDictionary(f => f.Name, f => f.Contribution));
    }

    [Theory]
    [InlineData("met-2025")]
    [InlineData("beaconport-2025")]
    public async Task A_candidate_with_such_leads_gets_each_factor_at_its_weight_and_one_without_gets_none(string profileName)
    {
        var profile = CriteriaProfileLoader.LoadShipped(profileName);
        var later = profile.Priority.Weights[PriorityFactorNames.LaterOffending];
        var unrecorded = profile.Priority.Weights[PriorityFactorNames.UnrecordedIdentifier];
        Assert.True(later > 0 && unrecorded > 0, $"{profileName} weights both lead factors");

        await using var world = await LeadWorld.CreateAsync(linked: true, profileName);
        var factors = await FactorsAsync(world);
        // Two later offences (P101 in MPS, P102 as GMP's P501) and one unrecorded vehicle.
        Assert.Equal(2 * later, factors[LeadWorld.Case1][PriorityFactorNames.LaterOffending], 3);
        Assert.Equal(unrecorded, factors[LeadWorld.Case1][PriorityFactorNames.UnrecordedIdentifier], 3);
        Assert.Equal(0, factors[LeadWorld.Case4][PriorityFactorNames.LaterOffending]);
        Assert.Equal(0, factors[LeadWorld.Case4][PriorityFactorNames.UnrecordedIdentifier]);
        Assert.Equal(unrecorded, factors[LeadWorld.GmpCase][PriorityFactorNames.UnrecordedIdentifier], 3);
    }

    [Fact]
    public async Task Without_a_link_run_only_the_same_nominal_offends_later()
    {
        await using var world = await LeadWorld.CreateAsync(linked: false);
        var factors = await FactorsAsync(world);
        Assert.Equal(8, factors[LeadWorld.Case1][PriorityFactorNames.LaterOffending], 3); // P101 only: P102 is not P501 without linkage
    }

    [Fact]
    public async Task The_factors_words_name_what_was_found_and_another_forces_investigation_only_by_its_force()
    {
        await using var world = await LeadWorld.CreateAsync(linked: true);
        var service = new ScreeningService(world.Clock, new StoredLinkageFacts());
        var explained = await service.ExplainAsync(world.Target, CriteriaProfileLoader.LoadShipped("met-2025"), "MPS", LeadWorld.Case1, LeadWorld.AsOf);
        Assert.NotNull(explained);
        var factors = explained.Factors.ToDictionary(f => f.Name);

        var later = factors[PriorityFactorNames.LaterOffending];
        Assert.Equal((8, 2, 16), (later.Weight, later.Quantity, later.Contribution));
        Assert.Contains("P101 in MPS/MPS/22/0000002", later.Detail, StringComparison.Ordinal);
        Assert.Contains("P102 in an investigation (GMP)", later.Detail, StringComparison.Ordinal);

        var unrecorded = factors[PriorityFactorNames.UnrecordedIdentifier];
        Assert.Equal((6, 1, 6), (unrecorded.Weight, unrecorded.Quantity, unrecorded.Contribution));
        Assert.Contains("vehicle AB12CDE", unrecorded.Detail, StringComparison.Ordinal);

        // The linked investigations too: the case page shows these words, so another force's reference is never in them.
        Assert.Contains("MPS MPS/22/0000002", factors[PriorityFactorNames.LinkedInvestigations].Detail, StringComparison.Ordinal);
        Assert.Contains("an investigation (GMP)", factors[PriorityFactorNames.LinkedInvestigations].Detail, StringComparison.Ordinal);
        Assert.All(explained.Factors, f => Assert.DoesNotContain(LeadWorld.GmpLater, f.Detail, StringComparison.Ordinal));

        var none = await service.ExplainAsync(world.Target, CriteriaProfileLoader.LoadShipped("met-2025"), "MPS", LeadWorld.Case4, LeadWorld.AsOf);
        Assert.Equal("no suspect suspected again after the outcome", none!.Factors.Single(f => f.Name == PriorityFactorNames.LaterOffending).Detail);
        Assert.Equal("no identifier written but unrecorded", none.Factors.Single(f => f.Name == PriorityFactorNames.UnrecordedIdentifier).Detail);
    }
}
