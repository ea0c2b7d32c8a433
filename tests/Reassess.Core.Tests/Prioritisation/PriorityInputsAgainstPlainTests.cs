using Reassess.Linkage;
using Reassess.Prioritisation;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// <see cref="PriorityInputsLoader"/> keeps its reads in grouped arrays and builds each candidate's inputs in scratch lists
/// (for the collector's sake at 1M investigations). On a synthetic bundle, before and after a link run, every candidate's
/// inputs are exactly those of the plain version it replaced (<see cref="PlainPriorityInputsLoader"/>): occupations, the
/// other investigations' names and count, other victims, and both lead factors with their words.
/// </summary>
[Trait("Category", "Database")]
public sealed class PriorityInputsAgainstPlainTests
{
    [Fact]
    public async Task Every_candidate_gets_the_inputs_the_plain_loader_gives_with_and_without_linkage()
    {
        var (unlinked, linked) = await BeforeAndAfterLinking.CompareAsync(seed: 5, CompareAsync);

        // Not a trivial agreement: other investigations, other victims and later offending are found, more with linkage.
        Assert.True(unlinked.Linked > 20 && unlinked.Victims > 0 && unlinked.Later > 0, $"unlinked: {unlinked}");
        Assert.True(linked.Linked >= unlinked.Linked && linked.Later > unlinked.Later, $"linked {linked}, unlinked {unlinked}");
    }

    private static async Task<(int Linked, int Victims, int Later)> CompareAsync(DatabaseTarget target, CriteriaProfile profile, DateOnly asOf)
    {
        var screened = await new ScreeningService(TimeProvider.System, new StoredLinkageFacts()).ScreenAsync(target, profile, asOf, runBy: null);
        var facts = screened.Candidates.Select(c => c.Facts).ToList();
        Assert.NotEmpty(facts);
        await using var db = ReassessDatabase.CreateContext(target);
        var linkage = await new StoredLinkageFacts().LoadAsync(db, default);
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
        var actual = await PriorityInputsLoader.LoadAsync(connection, facts, profile, linkage, default);
        var expected = await PlainPriorityInputsLoader.LoadAsync(connection, facts, profile, linkage, default);
        Assert.Equal(expected.Count, actual.Count);
        int linked = 0, victims = 0, later = 0;
        foreach (var f in facts)
        {
            var (e, a) = (expected[f.Id], actual[f.Id]);
            var at = $"{f.Force} {f.InvestigationRef}";
            Assert.True(e.AccessOccupations.SequenceEqual(a.AccessOccupations, StringComparer.Ordinal), $"{at} occupations");
            Assert.Equal(e.LinkedInvestigationRefs.Count, a.LinkedInvestigationRefs.Count);
            Assert.True(e.LinkedInvestigationRefs.SequenceEqual(a.LinkedInvestigationRefs, StringComparer.Ordinal),
                $"{at} linked: plain [{string.Join(", ", e.LinkedInvestigationRefs)}], loader [{string.Join(", ", a.LinkedInvestigationRefs)}]");
            Assert.True(e.LinkedVictims == a.LinkedVictims, $"{at} linked victims: plain {e.LinkedVictims}, loader {a.LinkedVictims}");
            Assert.Equal(e.LaterOffending, a.LaterOffending);
            Assert.True(e.LaterOffendingFound.SequenceEqual(a.LaterOffendingFound, StringComparer.Ordinal), $"{at} later_offending");
            Assert.Equal(e.UnrecordedIdentifiers, a.UnrecordedIdentifiers);
            Assert.True(e.UnrecordedIdentifiersFound.SequenceEqual(a.UnrecordedIdentifiersFound, StringComparer.Ordinal), $"{at} unrecorded_identifier");
            if (e.LinkedInvestigationRefs.Count > 0) linked++;
            victims += e.LinkedVictims;
            later += e.LaterOffending;
        }
        return (linked, victims, later);
    }
}
