using Microsoft.EntityFrameworkCore;
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
            return await new ReviewQueries(db, counts).QueueAsync(Supervisor, f);
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
        var form = await world.LeadsDismissedAsync(CompleteForm());
        await world.Run(s => s.SubmitAsync(Supervisor, own.Review!.Id, own.Review.Version, form));

        var waiting = await world.Query(q => q.AwaitingSignOffAsync(Supervisor));
        Assert.Equal([("MPS-0002", true), ("MPS-0001", false)], waiting.Select(r => (r.InvestigationRef, r.CanSignOff)).ToList());
        Assert.All(await world.Query(q => q.AwaitingSignOffAsync(OtherSupervisor)), r => Assert.True(r.CanSignOff));
        Assert.Empty(await world.Query(q => q.AwaitingSignOffAsync(Reviewer)));
        Assert.Empty(await world.Query(q => q.AwaitingSignOffAsync(KentSupervisor)));
    }

    [Fact]
    public async Task The_assignees_are_the_active_reviewers_and_supervisors_of_the_actors_force()
    {
        await using var world = await CreateAsync();
        Assert.Equal(["rev.one", "rev.two", "sup.one", "sup.two"], await world.Query(q => q.AssigneesAsync(Supervisor)));
        Assert.Equal(["rev.kent", "sup.kent"], await world.Query(q => q.AssigneesAsync(KentReviewer)));
        Assert.Empty(await world.Query(q => q.AssigneesAsync(National)));
    }
}
