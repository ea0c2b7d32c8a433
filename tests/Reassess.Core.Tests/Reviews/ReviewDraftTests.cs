using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Reviews;

/// <summary>
/// Drafts saved while the reviewer types (the review page's autosave calls <see cref="ReviewService.SaveDraftAsync"/> every
/// few seconds): each save moves the version token on by one and is audited, none adds to the submitted versions, a save or
/// submission based on the last token is not a conflict, and someone else's save in between is one.
/// </summary>
[Trait("Category", "Database")]
public class ReviewDraftTests
{
    [Fact]
    public async Task Many_draft_saves_keep_one_draft_add_no_version_and_the_submission_after_them_is_not_a_conflict()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var version = review.Version;
        for (var i = 1; i <= 12; i++)
        {
            var text = "The victim now lives out of the area" + new string('.', i);
            var saved = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, version, new ReviewForm { Rationale = text }));
            Assert.Equal(ReviewOutcome.Done, saved.Outcome);
            Assert.Equal(version + 1, saved.Review!.Version);
            version = saved.Review.Version;
        }

        await using (var db = world.Context())
        {
            Assert.Empty(await db.Set<ReviewVersion>().ToListAsync());
            var stored = await db.Set<Review>().SingleAsync();
            Assert.Equal("The victim now lives out of the area............", stored.ReadForm().Rationale);
            Assert.Equal(version, stored.Version);
            var trail = await AuditQueries.FindAsync(db, new AuditQuery { Case = "1" });
            Assert.Equal(12, trail.Count(e => e.Operation == ReviewService.Operations.SaveDraft && e.Outcome == AuditOutcome.Success));
        }

        var form = await world.LeadsDismissedAsync(CompleteForm());
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, version, form));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);
        await using var after = world.Context();
        Assert.Equal(1, Assert.Single(await after.Set<ReviewVersion>().ToListAsync()).Number);
    }

    [Fact]
    public async Task A_draft_saved_elsewhere_in_between_is_a_conflict_and_is_not_overwritten()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var mine = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm { Rationale = "Typed in the first tab." }));
        // A second tab, opened on the first draft, saves before the first tab's next autosave.
        var other = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, mine.Review!.Version, new ReviewForm { Rationale = "Typed in the second tab." }));
        Assert.Equal(ReviewOutcome.Done, other.Outcome);

        var next = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, mine.Review!.Version, new ReviewForm { Rationale = "More in the first tab." }));
        Assert.Equal(ReviewOutcome.ConcurrencyConflict, next.Outcome);
        Assert.Equal(other.Review!.Version, next.Review!.Version);
        await using var db = world.Context();
        Assert.Equal("Typed in the second tab.", (await db.Set<Review>().SingleAsync()).ReadForm().Rationale);
    }
}
