using Microsoft.EntityFrameworkCore;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Reviews;

[Trait("Category", "Database")]
public class ReviewQueriesTests
{
    private static List<string> Refs(QueuePage page) => [.. page.Rows.Select(r => r.InvestigationRef)];

    [Fact]
    public async Task The_queue_holds_the_forces_candidates_of_the_latest_run_by_priority_with_a_stable_tie_break()
    {
        await using var world = await CreateAsync();
        var page = await world.Query(q => q.QueueAsync(Reviewer, new QueueFilter()));
        // MPS-0004 is only in the older run, MPS-0005 no longer qualifies, KNT-0006 is another force's.
        Assert.Equal(["MPS-0002", "MPS-0001", "MPS-0003"], Refs(page));
        Assert.Equal(3, page.Total);
        Assert.All(page.Rows, r => Assert.Equal(ReviewStatus.Queued, r.Status));
        Assert.Equal(3, page.CountsByStatus[ReviewStatus.Queued]);

        var kent = await world.Query(q => q.QueueAsync(KentReviewer, new QueueFilter()));
        Assert.Equal(["KNT-0006"], Refs(kent));
        Assert.Empty((await world.Query(q => q.QueueAsync(National, new QueueFilter()))).Rows);
        Assert.Empty((await world.Query(q => q.QueueAsync(Auditor, new QueueFilter()))).Rows);
    }

    [Theory]
    [InlineData("intrafamilial", null, null, "MPS-0002;MPS-0003")]
    [InlineData("online", null, null, "MPS-0003")]
    [InlineData("family", null, null, "")]          // a label, not a substring of one
    [InlineData(null, 2015, null, "MPS-0001")]
    [InlineData(null, null, CandidateBasis.Linked, "MPS-0003")]
    [InlineData(null, null, CandidateBasis.Criteria, "MPS-0002;MPS-0001")]
    [InlineData("network", 2015, CandidateBasis.Criteria, "MPS-0001")]
    public async Task The_queue_filters_by_typology_year_and_basis(string? typology, int? year, CandidateBasis? basis, string expected)
    {
        await using var world = await CreateAsync();
        var page = await world.Query(q => q.QueueAsync(Supervisor, new QueueFilter { Typology = typology, Year = year, Basis = basis }));
        Assert.Equal(expected, string.Join(";", Refs(page)));
    }

    [Fact]
    public async Task The_queue_filters_by_status_and_reviewer_and_counts_each_status_under_the_other_filters()
    {
        await using var world = await CreateAsync();
        await world.AssignedAsync(world.Case);
        await world.SubmittedAsync(world.Candidates["MPS-0003"]);

        var assigned = await world.Query(q => q.QueueAsync(Supervisor, new QueueFilter { Status = ReviewStatus.Assigned }));
        Assert.Equal(["MPS-0001"], Refs(assigned));
        Assert.Equal((Reviewer.UserName, ReviewStatus.Assigned), (assigned.Rows[0].ReviewerUserName, assigned.Rows[0].Status));
        Assert.NotNull(assigned.Rows[0].ReviewId);
        Assert.Equal(1, assigned.Total);
        Assert.Equal(1, assigned.CountsByStatus[ReviewStatus.Assigned]);
        Assert.Equal(1, assigned.CountsByStatus[ReviewStatus.Submitted]);
        Assert.Equal(1, assigned.CountsByStatus[ReviewStatus.Queued]);
        Assert.Equal(0, assigned.CountsByStatus[ReviewStatus.Approved]);

        var queued = await world.Query(q => q.QueueAsync(Supervisor, new QueueFilter { Status = ReviewStatus.Queued }));
        Assert.Equal(["MPS-0002"], Refs(queued));

        var mine = await world.Query(q => q.QueueAsync(Supervisor, new QueueFilter { Reviewer = "REV.ONE" }));
        Assert.Equal(["MPS-0001", "MPS-0003"], Refs(mine));
        Assert.Equal(0, mine.CountsByStatus[ReviewStatus.Queued]);

        var intrafamilial = await world.Query(q => q.QueueAsync(Supervisor, new QueueFilter { Typology = "intrafamilial" }));
        Assert.Equal((1, 1, 0), (intrafamilial.CountsByStatus[ReviewStatus.Queued], intrafamilial.CountsByStatus[ReviewStatus.Submitted], intrafamilial.CountsByStatus[ReviewStatus.Assigned]));
    }

    [Fact]
    public async Task Kept_queue_counts_agree_with_counting_afresh_and_follow_a_new_screening_run()
    {
        await using var world = await CreateAsync();
        await world.AssignedAsync(world.Case);
        var counts = new QueueCounts();
        QueueFilter[] filters =
        [
            new(), new() { Typology = "intrafamilial" }, new() { Typology = " Intrafamilial " }, new() { Year = 2015 },
            new() { Basis = CandidateBasis.Linked }, new() { Status = ReviewStatus.Queued }, new() { Reviewer = "rev.one" },
        ];
        async Task<QueuePage> Kept(QueueFilter f)
        {
            await using var db = world.Context();
            return await new ReviewQueries(db, world.Clock, counts).QueueAsync(Supervisor, f);
        }
        foreach (var filter in filters)
        {
            var fresh = await world.Query(q => q.QueueAsync(Supervisor, filter));
            for (var round = 0; round < 2; round++)
            {
                var kept = await Kept(filter);
                Assert.Equal(fresh.Total, kept.Total);
                Assert.Equal(fresh.CountsByStatus, kept.CountsByStatus);
                Assert.Equal(Refs(fresh), Refs(kept));
            }
        }

        // A new run restamps the queue: MPS-0004 qualifies again. The kept count of the old run is not used for it.
        await using (var db = world.Context())
        {
            var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 3, 2), RunBy = "test", StartedAt = world.Clock.GetUtcNow(), CompletedAt = world.Clock.GetUtcNow() };
            db.Add(run);
            await db.SaveChangesAsync();
            await db.Set<Candidate>().Where(c => c.Force == "MPS" && c.InvestigationRef != "MPS-0005")
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LatestRunId, run.Id));
        }
        var after = await Kept(new QueueFilter());
        Assert.Equal(4, after.Total);
        Assert.Equal(["MPS-0004", "MPS-0002", "MPS-0001", "MPS-0003"], Refs(after));
    }

    [Fact]
    public async Task The_queue_is_paged_in_the_same_order()
    {
        await using var world = await CreateAsync();
        var first = await world.Query(q => q.QueueAsync(Reviewer, new QueueFilter { PageSize = 2, Page = 1 }));
        var second = await world.Query(q => q.QueueAsync(Reviewer, new QueueFilter { PageSize = 2, Page = 2 }));
        Assert.Equal(["MPS-0002", "MPS-0001"], Refs(first));
        Assert.Equal(["MPS-0003"], Refs(second));
        Assert.Equal((3, 3), (first.Total, second.Total));
    }

    [Fact]
    public async Task My_work_lists_the_reviewers_open_reviews_with_returned_ones_first()
    {
        await using var world = await CreateAsync();
        var submitted = await world.SubmittedAsync(world.Candidates["MPS-0002"]);
        await world.Run(s => s.ReturnAsync(Supervisor, submitted.Id, submitted.Version, "Add the referral date."));
        await world.AssignedAsync(world.Case);
        await world.Run(s => s.TakeAsync(OtherReviewer, world.Candidates["MPS-0003"]));

        var mine = await world.Query(q => q.MyWorkAsync(Reviewer));
        Assert.Equal([("MPS-0002", ReviewStatus.Returned), ("MPS-0001", ReviewStatus.Assigned)], mine.Select(r => (r.InvestigationRef, r.Status)).ToList());
        Assert.Equal(["MPS-0003"], (await world.Query(q => q.MyWorkAsync(OtherReviewer))).Select(r => r.InvestigationRef).ToList());
        Assert.Empty(await world.Query(q => q.MyWorkAsync(KentReviewer)));
    }

    [Fact]
    public async Task Awaiting_sign_off_lists_submitted_reviews_oldest_first_and_marks_a_supervisors_own()
    {
        await using var world = await CreateAsync();
        await world.SubmittedAsync(world.Candidates["MPS-0002"]);
        world.Clock.Advance(TimeSpan.FromHours(2));
        var own = await world.Run(s => s.TakeAsync(Supervisor, world.Case));
        await world.Run(s => s.SubmitAsync(Supervisor, own.Review!.Id, own.Review.Version, CompleteForm()));

        var waiting = await world.Query(q => q.AwaitingSignOffAsync(Supervisor));
        Assert.Equal([("MPS-0002", true), ("MPS-0001", false)], waiting.Select(r => (r.InvestigationRef, r.CanSignOff)).ToList());
        Assert.All(await world.Query(q => q.AwaitingSignOffAsync(OtherSupervisor)), r => Assert.True(r.CanSignOff));
        Assert.Empty(await world.Query(q => q.AwaitingSignOffAsync(Reviewer)));
        Assert.Empty(await world.Query(q => q.AwaitingSignOffAsync(KentSupervisor)));
    }

    [Fact]
    public async Task The_case_page_shows_the_facts_the_people_the_factors_the_review_and_its_history_in_order()
    {
        await using var world = await CreateAsync();
        var submitted = await world.SubmittedAsync();
        await world.Run(s => s.ReturnAsync(Supervisor, submitted.Id, submitted.Version, "More on suspect B."));

        var detail = await world.Query(q => q.CaseAsync(Reviewer, world.Case));
        Assert.NotNull(detail);
        Assert.Equal("MPS-0001", detail.Investigation.InvestigationRef);
        Assert.Equal(["19D Rape of a female child under 16"], detail.OffenceDescriptions);
        Assert.Equal("15 Evidential difficulties - named suspect identified; victim supports action", detail.OutcomeDescription);
        Assert.Equal([new PriorityContribution("suspect_count", 5)], detail.PriorityFactors);

        Assert.Equal(
            [(Victim, InvolvementRole.Victim), (SuspectA, InvolvementRole.Suspect), (SuspectB, InvolvementRole.Suspect)],
            detail.People.Select(p => (p.PersonId, p.Role)).ToList());
        var victim = detail.People[0];
        Assert.Equal((14, 25, "Amy Carrow"), (victim.AgeAtOffence!.Value, victim.AgeToday!.Value, victim.Name)); // born 2001-01-15, offence 2015-04-01
        Assert.False(victim.EthnicityRecorded); // NS: asked, not stated
        Assert.Equal(44, detail.People[1].AgeAtOffence); // born 1970-04-02: the day before his birthday
        Assert.True(detail.People[2].EthnicityRecorded);
        Assert.Equal("English / Welsh / Scottish / Northern Irish / British", detail.People[2].EthnicityName);
        Assert.Null(detail.People[2].AgeAtOffence);

        Assert.Equal(ReviewStatus.Returned, detail.Status);
        Assert.Equal(Recommendation.ReinvestigateLocally, detail.Form.Recommendation);
        Assert.Equal(ReviewStatus.Returned, Assert.Single(detail.Versions).Decision);
        Assert.Equal(
            [ReviewStatus.Assigned, ReviewStatus.InReview, ReviewStatus.Submitted, ReviewStatus.Returned],
            detail.History.Select(t => t.To).ToList());
        Assert.Equal(new CaseActions(CanTake: false, CanAssign: false, CanEdit: true, CanSignOff: false, CanReopen: false), detail.Actions);
        Assert.Equal(("met-2025", new DateOnly(2026, 3, 1)), (detail.Run!.ProfileName, detail.Run.AsOf));
    }

    [Fact]
    public async Task The_assignees_are_the_active_reviewers_and_supervisors_of_the_actors_force()
    {
        await using var world = await CreateAsync();
        Assert.Equal(["rev.one", "rev.two", "sup.one", "sup.two"], await world.Query(q => q.AssigneesAsync(Supervisor)));
        Assert.Equal(["rev.kent", "sup.kent"], await world.Query(q => q.AssigneesAsync(KentReviewer)));
        Assert.Empty(await world.Query(q => q.AssigneesAsync(National)));
    }

    [Fact]
    public async Task The_case_page_of_another_forces_case_is_not_found_and_national_oversight_may_read_it()
    {
        await using var world = await CreateAsync();
        Assert.Null(await world.Query(q => q.CaseAsync(KentReviewer, world.Case)));
        Assert.Null(await world.Query(q => q.CaseAsync(Reviewer, world.KentCase)));
        Assert.Null(await world.Query(q => q.CaseAsync(Auditor, world.Case)));
        Assert.Null(await world.Query(q => q.CaseAsync(Reviewer, 999_999)));

        var national = await world.Query(q => q.CaseAsync(National, world.Case));
        Assert.NotNull(national);
        Assert.Equal(new CaseActions(false, false, false, false, false), national.Actions);
        var queued = await world.Query(q => q.CaseAsync(Reviewer, world.Case));
        Assert.Equal(new CaseActions(CanTake: true, CanAssign: false, CanEdit: false, CanSignOff: false, CanReopen: false), queued!.Actions);
        Assert.Empty(queued.History);
        Assert.Null(queued.Review);
    }

    [Theory]
    [InlineData("suspect_count=2;victim_under_18_today=3.5", "suspect_count:2|victim_under_18_today:3.5")]
    [InlineData("", "")]
    [InlineData("a=1;broken;b=x;c=-0.25", "a:1|c:-0.25")]
    public void Priority_factors_are_read_from_name_equals_contribution_pairs(string text, string expected) =>
        Assert.Equal(expected, string.Join("|", ReviewQueries.ParseFactors(text).Select(f => $"{f.Name}:{f.Contribution.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));
}
