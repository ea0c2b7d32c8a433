using Reassess.Leads;
using Reassess.Linkage;
using Reassess.Prioritisation;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;
using Xunit.Abstractions;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// <see cref="PriorityInputsLoader"/> finds the two lead factors from its own shared read (later_offending) and asks the
/// leads engine only about candidates with an identifier written (unrecorded_identifier). On a synthetic bundle with
/// planted leads, before and after a link run, every candidate's lead factors are exactly what the leads engine finds for
/// all the candidates at once, as the loader used to ask it.
/// </summary>
[Trait("Category", "Database")]
public sealed class SharedReadPriorityInputsTests(ITestOutputHelper output)
{
    private static readonly IReadOnlySet<LeadKind> FactorKinds = new HashSet<LeadKind> { LeadKind.LaterOffending, LeadKind.UnrecordedIdentifier };

    [Fact]
    public async Task The_lead_factors_from_the_shared_read_are_those_the_leads_engine_finds_with_and_without_linkage()
    {
        var (unlinked, linked) = await BeforeAndAfterLinking.CompareAsync(seed: 7, CompareAsync);

        // Not a trivial agreement: both factors are found, and linkage finds later offending the nominal alone does not.
        Assert.True(unlinked.Later > 0 && unlinked.Unrecorded > 0, $"unlinked: {unlinked}");
        Assert.True(linked.Later > unlinked.Later, $"linked {linked}, unlinked {unlinked}");
    }

    private async Task<(int Candidates, int Later, int Unrecorded)> CompareAsync(DatabaseTarget target, CriteriaProfile profile, DateOnly asOf)
    {
        var screened = await new ScreeningService(TimeProvider.System, new StoredLinkageFacts()).ScreenAsync(target, profile, asOf, runBy: null);
        var facts = screened.Candidates.Select(c => c.Facts).ToList();
        await using var db = ReassessDatabase.CreateContext(target);
        var linkage = await new StoredLinkageFacts().LoadAsync(db, default);
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
        var inputs = await PriorityInputsLoader.LoadAsync(connection, facts, profile, linkage, default);
        // The previous path: the leads engine for every candidate, both kinds, worded as the factors word them.
        var leads = await LeadEngine.FindAsync(connection, null, [.. facts.Select(f => f.Id)], LeadRules.For(profile, default),
            linkage, linked: linkage.ResolvedPersonOf.Count > 0, FactorKinds, default);

        int later = 0, unrecorded = 0;
        foreach (var f in facts)
        {
            var found = leads.GetValueOrDefault(f.Id) ?? [];
            var expectedLater = found.Where(l => l.Kind == LeadKind.LaterOffending).Select(l => $"{l.SubjectRef} in {l.ValueInForce}").ToList();
            var expectedUnrecorded = found.Where(l => l.Kind == LeadKind.UnrecordedIdentifier)
                .Select(l => (l.IdentifierKind is { } k ? Token.Of(k) + " " : "") + l.Value).ToList();
            var actual = inputs[f.Id];
            Assert.True(expectedLater.SequenceEqual(actual.LaterOffendingFound, StringComparer.Ordinal),
                $"{f.Force} {f.InvestigationRef} later_offending: engine [{string.Join(", ", expectedLater)}], loader [{string.Join(", ", actual.LaterOffendingFound)}]");
            Assert.True(expectedUnrecorded.SequenceEqual(actual.UnrecordedIdentifiersFound, StringComparer.Ordinal),
                $"{f.Force} {f.InvestigationRef} unrecorded_identifier: engine [{string.Join(", ", expectedUnrecorded)}], loader [{string.Join(", ", actual.UnrecordedIdentifiersFound)}]");
            Assert.Equal(expectedLater.Count, actual.LaterOffending);
            Assert.Equal(expectedUnrecorded.Count, actual.UnrecordedIdentifiers);
            later += expectedLater.Count;
            unrecorded += expectedUnrecorded.Count;
        }
        output.WriteLine($"{facts.Count} candidates (linked: {linkage.ResolvedPersonOf.Count > 0}): {later} later_offending, {unrecorded} unrecorded_identifier");
        return (facts.Count, later, unrecorded);
    }
}
