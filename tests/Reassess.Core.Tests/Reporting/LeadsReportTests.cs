using Reassess.Leads;
using Reassess.Linkage;
using Reassess.Records;
using Reassess.Reporting;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Leads;

namespace Reassess.Tests.Reporting;

/// <summary>Leads by kind in the progress report (issue 20): proposed from the leads engine, decisions from <see cref="ILeadDecisionCounts"/>.</summary>
[Trait("Category", "Database")]
public sealed class LeadsReportTests
{
    /// <summary>Decisions as a store that keeps them would count them: here, given per kind by the test.</summary>
    private sealed class GivenDecisions(IReadOnlyDictionary<LeadKind, LeadDecisionTally> tallies) : ILeadDecisionCounts
    {
        public List<(string Profile, string? Force)> Asked { get; } = [];

        public bool Recorded => true;

        public Task<IReadOnlyDictionary<LeadKind, LeadDecisionTally>> CountAsync(ReassessDbContext db, string profileName, string? force, CancellationToken cancellationToken)
        {
            Asked.Add((profileName, force));
            return Task.FromResult(tallies);
        }
    }

    [Fact]
    public async Task Proposed_leads_are_counted_by_kind_for_the_candidates_in_scope_as_the_leads_engine_finds_them()
    {
        await using var world = await LeadWorld.CreateAsync();
        await using var db = world.Context();
        var rows = await LeadsReport.LoadAsync(db, LeadWorld.AsOf, null, new StoredLinkageFacts(), NoLeadDecisions.Instance);

        // Every kind, once, under the one profile screened; the same counts as the engine's own.
        Assert.Equal(Enum.GetValues<LeadKind>(), rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.Equal("met-2025", r.Profile));
        var engine = await new LeadFinder(new StoredLinkageFacts()).ForCandidatesAsync(db, CriteriaProfileLoader.LoadShipped("met-2025"), LeadWorld.AsOf);
        Assert.Equal(engine.CountByKind().Select(k => k.Count), rows.Select(r => r.Proposed));
        var unrecorded = rows.Single(r => r.Kind == LeadKind.UnrecordedIdentifier);
        Assert.Equal((2, 2), (unrecorded.Proposed, unrecorded.Candidates)); // AB12CDE (MPS), GH12JKL (GMP)
        Assert.Equal((2, 1), (rows.Single(r => r.Kind == LeadKind.LaterOffending).Proposed, rows.Single(r => r.Kind == LeadKind.LaterOffending).Candidates));

        // A force sees its own candidates only.
        var mps = await LeadsReport.LoadAsync(db, LeadWorld.AsOf, "mps", new StoredLinkageFacts(), NoLeadDecisions.Instance);
        Assert.Equal(1, mps.Single(r => r.Kind == LeadKind.UnrecordedIdentifier).Proposed);
    }

    [Fact]
    public async Task The_proposed_counts_are_kept_until_the_stored_data_moves_on()
    {
        await using var world = await LeadWorld.CreateAsync();
        async Task<int> LaterAsync()
        {
            await using var db = world.Context();
            var rows = await LeadsReport.LoadAsync(db, LeadWorld.AsOf, "MPS", new StoredLinkageFacts(), NoLeadDecisions.Instance);
            return rows.Single(r => r.Kind == LeadKind.LaterOffending).Proposed;
        }
        Assert.Equal(2, await LaterAsync());

        // P101 is a suspect again in 2023: written straight to the store, which moves no data version …
        await using (var db = world.Context())
        {
            db.Investigations.Add(new Investigation { Id = 6, Force = "MPS", InvestigationRef = "MPS/23/0000006", RecordedDate = new DateOnly(2023, 2, 1), OffenceFrom = new DateOnly(2023, 1, 1), OffenceCodes = "19C" });
            db.Involvements.Add(new Involvement { Id = 100, Force = "MPS", InvestigationId = 6, InvestigationRef = "MPS/23/0000006", PersonId = 101, PersonRef = "P101", Role = InvolvementRole.Suspect });
            await db.SaveChangesAsync();
        }
        Assert.Equal(2, await LaterAsync());
        // … until screening runs again, and the counts are found again.
        await new ScreeningService(world.Clock, new StoredLinkageFacts()).ScreenAsync(world.Target, CriteriaProfileLoader.LoadShipped("met-2025"), LeadWorld.AsOf, "test");
        Assert.Equal(3, await LaterAsync());
    }

    [Fact]
    public async Task Without_recorded_decisions_accepted_and_dismissed_are_left_empty_and_the_note_says_why()
    {
        await using var world = await LeadWorld.CreateAsync();
        await using var db = world.Context();
        var rows = await LeadsReport.LoadAsync(db, LeadWorld.AsOf, null, new StoredLinkageFacts(), NoLeadDecisions.Instance);
        Assert.All(rows, r => Assert.Equal((null, null, null), (r.Accepted, r.Dismissed, r.AcceptanceRate)));
        var section = LeadsReport.Section(rows, decisionsRecorded: false);
        Assert.All(section.Table!.Rows, row => Assert.Equal(["", "", ""], row.Skip(4)));
        Assert.Contains("lead decisions are not recorded", section.Table.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_decisions_give_accepted_dismissed_and_the_acceptance_rate_by_kind()
    {
        await using var world = await LeadWorld.CreateAsync();
        await using var db = world.Context();
        var decisions = new GivenDecisions(new Dictionary<LeadKind, LeadDecisionTally>
        {
            [LeadKind.UnrecordedIdentifier] = new(3, 1),
            [LeadKind.DataGap] = new(0, 2),
        });
        var rows = await LeadsReport.LoadAsync(db, LeadWorld.AsOf, "MPS", new StoredLinkageFacts(), decisions);
        Assert.Equal([("met-2025", "MPS")], decisions.Asked);
        Assert.Equal(0.75, rows.Single(r => r.Kind == LeadKind.UnrecordedIdentifier).AcceptanceRate);
        Assert.Equal(0, rows.Single(r => r.Kind == LeadKind.DataGap).AcceptanceRate);
        var none = rows.Single(r => r.Kind == LeadKind.SuspectDeceased); // nothing decided: zero counts, no rate
        Assert.Equal((0, 0, null), (none.Accepted, none.Dismissed, none.AcceptanceRate));
        var row = LeadsReport.Section(rows, decisionsRecorded: true).Table!.Rows.Single(r => r[1] == "unrecorded_identifier");
        Assert.Equal(["met-2025", "unrecorded_identifier", "1", "1", "3", "1", "75.0%"], row);
    }

    [Fact]
    public async Task The_progress_report_that_reassess_report_and_the_workbench_show_carries_the_leads_by_kind()
    {
        await using var world = await LeadWorld.CreateAsync();
        await using var db = world.Context();
        var report = await ReportAssembly.ProgressAsync(db, LeadWorld.AsOf, "MPS");
        var section = Assert.Single(report.Sections, s => s.Heading == LeadsReport.Heading);
        Assert.Equal(["profile", "kind", "proposed", "candidates", "accepted", "dismissed", "acceptance rate"], section.Table!.Columns.Select(c => c.Name));
        Assert.Equal("1", section.Table.Rows.Single(r => r[1] == "unrecorded_identifier")[2]);
        Assert.False(report.ContainsCaseLevelData);

        // Before any screening run there is nothing to count, and the section says so.
        await using var empty = await Reassess.Tests.Support.TestDatabase.CreateAsync();
        await using var emptyDb = ReassessDatabase.CreateContext(empty.Target);
        var nothing = Assert.Single((await ReportAssembly.ProgressAsync(emptyDb, LeadWorld.AsOf)).Sections, s => s.Heading == LeadsReport.Heading);
        Assert.Empty(nothing.Table!.Rows);
        Assert.Contains("no leads to count", nothing.Text, StringComparison.Ordinal);
    }
}
