using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Cases;
using Reassess.Leads;
using Reassess.Screening;
using Reassess.Tests.Leads;

namespace Reassess.Tests.Cases;

/// <summary>The case page's leads (<see cref="CaseLeadsQueries"/>, <see cref="CaseLeadFinder"/>): grouped under the four questions, with evidence, as the case's force sees them.</summary>
[Trait("Category", "Database")]
public sealed class CaseLeadsTests
{
    private static readonly Actor Reviewer = new("rev.one", Roles.Reviewer, "MPS");
    private static readonly Actor GmpReviewer = new("rev.gmp", Roles.Reviewer, "GMP");

    private static async Task<(CaseLeads? Leads, CaseLeads? Again)> LeadsAsync(LeadWorld world, Actor actor, string reference)
    {
        await using var db = world.Context();
        using var caches = new CaseCaches();
        var candidate = await db.Set<Candidate>().AsNoTracking().SingleAsync(c => c.InvestigationRef == reference);
        var queries = new CaseLeadsQueries(db, new CaseLeadFinder(caches, world.Clock));
        return (await queries.LeadsAsync(actor, candidate), await queries.LeadsAsync(actor, candidate));
    }

    [Fact]
    public async Task The_leads_are_grouped_under_the_four_questions_and_the_data_gaps_each_with_its_evidence()
    {
        await using var world = await LeadWorld.CreateAsync(linked: true);
        var (leads, again) = await LeadsAsync(world, Reviewer, LeadWorld.Case1);
        Assert.NotNull(leads);
        Assert.Same(leads, again); // kept until the data changes
        Assert.True(leads.Linked);
        Assert.Equal(new DateOnly(2025, 10, 31), leads.AsOf); // today, by the injected clock
        Assert.Equal(
            [ReviewQuestion.LinesOfEnquiry, ReviewQuestion.ExtantRisks, ReviewQuestion.Safeguarding, ReviewQuestion.Opportunities, ReviewQuestion.DataGaps],
            leads.Groups.Select(g => g.Question));
        CaseLead In(ReviewQuestion q, string kind, string? subject = null) =>
            Assert.Single(leads.Groups.Single(g => g.Question == q).Leads, l => l.Kind == kind && (subject is null || l.SubjectRef == subject));

        var vehicle = In(ReviewQuestion.LinesOfEnquiry, "unrecorded_identifier");
        Assert.Equal(("AB12CDE", "line of enquiry: cctv_anpr"), (vehicle.Value, vehicle.Proposes));
        Assert.Contains("written as \"ab12 cde\" in the summary", vehicle.Evidence, StringComparison.Ordinal);

        // A later offence is an extant risk from the suspect and an opportunity: it is shown under both.
        var risk = In(ReviewQuestion.ExtantRisks, "later_offending", "P102");
        var opportunity = In(ReviewQuestion.Opportunities, "later_offending", "P102");
        Assert.Equal(("an investigation (GMP)", "extant risk from the suspect"), (risk.Value, risk.Proposes));
        Assert.Equal("opportunity: new_evidence", opportunity.Proposes);
        Assert.Contains("after this investigation's outcome on 2021-01-01", risk.Evidence, StringComparison.Ordinal);
        Assert.Contains("as a person (GMP)", risk.Evidence, StringComparison.Ordinal); // the other force's nominal, unnamed
        Assert.Equal("MPS/MPS/22/0000002", In(ReviewQuestion.ExtantRisks, "later_offending", "P101").Value); // the case's own force is named

        // The victims are 20 on the as-of date: no safeguarding lead.
        Assert.Empty(leads.Groups.Single(g => g.Question == ReviewQuestion.Safeguarding).Leads);
        // Five leads (a vehicle, two later offences, two linked suspects); the later offences and the charged linked case
        // (an opportunity for a CPS review) each answer two questions.
        Assert.Equal((5, 8), (leads.Count, leads.Groups.Sum(g => g.Leads.Count)));
    }

    [Fact]
    public async Task Another_forces_case_reference_and_nominal_are_never_in_what_the_page_shows()
    {
        await using var world = await LeadWorld.CreateAsync(linked: true);
        var (leads, _) = await LeadsAsync(world, Reviewer, LeadWorld.Case1);
        var shown = leads!.Groups.SelectMany(g => g.Leads).SelectMany(l => new[] { l.Kind, l.SubjectRef ?? "", l.Value, l.Evidence, l.Proposes }).ToList();
        Assert.Contains(shown, s => s.Contains("an investigation (GMP)", StringComparison.Ordinal));
        Assert.All(shown, s =>
        {
            Assert.DoesNotContain(LeadWorld.GmpLater, s, StringComparison.Ordinal);
            Assert.DoesNotContain("P501", s, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_link_run_the_leads_say_they_use_the_same_nominal_only()
    {
        await using var world = await LeadWorld.CreateAsync(linked: false);
        var (leads, _) = await LeadsAsync(world, Reviewer, LeadWorld.Case1);
        Assert.False(leads!.Linked);
        var later = Assert.Single(leads.Groups.Single(g => g.Question == ReviewQuestion.ExtantRisks).Leads, l => l.Kind == "later_offending");
        Assert.Equal("P101", later.SubjectRef);
        Assert.Contains("same nominal only", later.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_forces_reviewer_gets_no_leads_and_a_case_without_leads_has_empty_groups()
    {
        await using var world = await LeadWorld.CreateAsync();
        Assert.Null((await LeadsAsync(world, GmpReviewer, LeadWorld.Case1)).Leads);
        var (quiet, _) = await LeadsAsync(world, Reviewer, LeadWorld.Case4);
        Assert.Equal(0, quiet!.Count);
        Assert.All(quiet.Groups, g => Assert.Empty(g.Leads));
    }

    [Fact]
    public async Task The_kept_leads_are_found_again_after_a_link_run_a_record_change_a_screening_run_an_import_or_a_new_day()
    {
        await using var world = await LeadWorld.CreateAsync(linked: false);
        using var caches = new CaseCaches();
        var finder = new CaseLeadFinder(caches, world.Clock);
        async Task<CaseLeadSet> Find()
        {
            await using var db = world.Context();
            var candidate = await db.Set<Candidate>().AsNoTracking().SingleAsync(c => c.InvestigationRef == LeadWorld.Case1);
            return await finder.ForCandidateAsync(db, candidate);
        }
        async Task Change(Action<Reassess.Storage.ReassessDbContext> change)
        {
            await using var db = world.Context();
            change(db);
            await db.SaveChangesAsync();
        }
        var now = world.Clock.GetUtcNow();

        var first = await Find();
        Assert.Same(first, await Find()); // kept: neither the page nor the review finds them again
        Assert.Same(first.ForReview, (await Find()).ForReview);
        Assert.False(first.Linked);

        // A link run completes: the leads are found again, with the resolved people.
        await Change(db =>
        {
            db.Add(new Reassess.Linkage.Resolution.LinkageRun { StartedAt = now, CompletedAt = now, CompletedStage = Reassess.Linkage.Resolution.LinkageStage.Networks, InputFingerprint = "test", Seed = 1 });
            db.AddRange(new Reassess.Linkage.Resolution.ResolvedPerson { PersonId = 102, ResolvedId = 102 }, new Reassess.Linkage.Resolution.ResolvedPerson { PersonId = 501, ResolvedId = 102 });
        });
        var linked = await Find();
        Assert.NotSame(first, linked);
        Assert.True(linked.Linked);
        Assert.DoesNotContain(linked.ForReview.Leads, l => l.Evidence.Contains("same nominal only", StringComparison.Ordinal));

        // A record change (a corrected date of birth, as a data gap closed by a review records it): a victim is now a child.
        Assert.DoesNotContain(linked.Leads, l => l.Kind == LeadKind.VictimStillChild);
        await Change(db =>
        {
            db.People.Single(p => p.Id == 201).DateOfBirth = new DateOnly(2010, 1, 1);
            db.RecordChanges.Add(new Reassess.Import.RecordChange { Entity = "person", RecordId = 201, Field = "date_of_birth", ChangedAt = now, ChangedBy = "test" });
        });
        var changed = await Find();
        Assert.Equal("P201", Assert.Single(changed.ForReview.Leads, l => l.Kind == LeadKind.VictimStillChild).SubjectRef);

        // A screening run and an import each make them found again.
        await new ScreeningService(world.Clock, new Reassess.Linkage.StoredLinkageFacts()).ScreenAsync(world.Target, CriteriaProfileLoader.LoadShipped("met-2025"), LeadWorld.AsOf, "test");
        var screened = await Find();
        Assert.NotSame(changed, screened);
        await Change(db => db.ImportBatches.Add(new Reassess.Import.ImportBatch { Forces = "MPS", Source = "test", BundleHash = "00", ImportedBy = "test", StartedAt = now, CompletedAt = now }));
        var imported = await Find();
        Assert.NotSame(screened, imported);
        Assert.Same(imported, await Find());

        // The next day: found as of that day.
        world.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await Find();
        Assert.NotSame(imported, tomorrow);
        Assert.Equal(LeadWorld.AsOf.AddDays(1), tomorrow.AsOf);
    }
}
