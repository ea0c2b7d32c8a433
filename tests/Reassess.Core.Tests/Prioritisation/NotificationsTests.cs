using Reassess.Prioritisation;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// The workbench's notifications (issue 21, item 5): what waits for a user, counted from the reviews themselves, and the
/// events of their work read from the reviews' transitions and the notices of reviews taken off them.
/// </summary>
[Trait("Category", "Database")]
public sealed class NotificationsTests
{
    private static async Task<WorkCounts> CountsAsync(Reassess.Tests.Reviews.ReviewWorld world, Reassess.Access.Actor actor)
    {
        await using var db = world.Context();
        return await new Reassess.Prioritisation.Notifications(db, world.Clock).CountsAsync(actor);
    }

    private static async Task<IReadOnlyList<WorkEvent>> EventsAsync(Reassess.Tests.Reviews.ReviewWorld world, Reassess.Access.Actor actor)
    {
        await using var db = world.Context();
        return await new Reassess.Prioritisation.Notifications(db, world.Clock).EventsAsync(actor);
    }

    [Fact]
    public async Task Counts_follow_a_review_from_assigned_to_submitted_to_returned_for_the_reviewer_and_the_supervisors_of_the_force_only()
    {
        await using var world = await CreateAsync();
        Assert.Equal(WorkCounts.None, await CountsAsync(world, Reviewer));

        await world.AssignedAsync();
        Assert.Equal(new WorkCounts(1, 0, 0), await CountsAsync(world, Reviewer));
        Assert.Equal(WorkCounts.None, await CountsAsync(world, OtherReviewer));
        var events = await EventsAsync(world, Reviewer);
        var first = Assert.Single(events);
        Assert.Equal((Supervisor.UserName, "Assigned to you.", "MPS-0001"), (first.Actor, first.Text, first.InvestigationRef));

        var submitted = await world.SubmittedAsync(world.Candidates["MPS-0002"]);
        Assert.Equal(new WorkCounts(1, 0, 0), await CountsAsync(world, Reviewer)); // the submitted one waits for others now
        Assert.Equal(1, (await CountsAsync(world, Supervisor)).AwaitingSignOff);
        Assert.Equal(1, (await CountsAsync(world, OtherSupervisor)).AwaitingSignOff);
        Assert.Equal(0, (await CountsAsync(world, KentSupervisor)).AwaitingSignOff);
        Assert.Equal(WorkCounts.None, await CountsAsync(world, National));
        Assert.Equal(WorkCounts.None, await CountsAsync(world, Auditor));

        var returned = await world.Run(s => s.ReturnAsync(Supervisor, submitted.Id, submitted.Version, "Say why the phone download is proportionate."));
        Assert.Equal(ReviewOutcome.Done, returned.Outcome);
        Assert.Equal(new WorkCounts(1, 1, 0), await CountsAsync(world, Reviewer));
        Assert.Equal(0, (await CountsAsync(world, Supervisor)).AwaitingSignOff);
        var latest = (await EventsAsync(world, Reviewer))[0];
        Assert.Equal("MPS-0002", latest.InvestigationRef);
        Assert.Equal("Returned to you: Say why the phone download is proportionate.", latest.Text);
        Assert.Equal(Supervisor.UserName, latest.Actor);
    }

    [Fact]
    public async Task The_previous_reviewer_is_told_of_a_reassignment_and_a_users_own_moves_are_not_events()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var taken = await world.Run(s => s.AssignAsync(Supervisor, review.CandidateId, OtherReviewer.UserName));
        await using (var db = world.Context())
            await new Reassess.Prioritisation.Notifications(db, world.Clock).TellReassignedAsync(Supervisor, Reviewer.UserName, review.CandidateId, "MPS-0001", OtherReviewer.UserName, ReviewStatus.Assigned);
        var told = await EventsAsync(world, Reviewer);
        Assert.Contains(told, e => e.Text == $"Reassigned to {OtherReviewer.UserName}; it was {ReviewService.Describe(ReviewStatus.Assigned)} with you." && e.Actor == Supervisor.UserName);
        Assert.Equal(ReviewOutcome.Done, taken.Outcome);
        Assert.Equal(WorkCounts.None, await CountsAsync(world, Reviewer));
        Assert.Equal(new WorkCounts(1, 0, 0), await CountsAsync(world, OtherReviewer));
        Assert.Contains(await EventsAsync(world, OtherReviewer), e => e.InvestigationRef == "MPS-0001" && e.Actor == Supervisor.UserName);
        // The new reviewer sees the assignment; nobody is told of what they did themselves.
        Assert.All(await EventsAsync(world, Supervisor), e => Assert.NotEqual(Supervisor.UserName, e.Actor));
    }

    [Fact]
    public async Task Counts_are_read_once_per_instance_for_the_same_user_as_the_navigation_and_page_of_one_request_ask()
    {
        await using var world = await CreateAsync();
        await using var db = world.Context();
        var notifications = new Reassess.Prioritisation.Notifications(db, world.Clock);
        Assert.Equal(WorkCounts.None, await notifications.CountsAsync(Reviewer));
        await world.AssignedAsync();
        // The same request keeps what it read; the next request (a new instance) reads anew.
        Assert.Equal(WorkCounts.None, await notifications.CountsAsync(Reviewer));
        Assert.Equal(new WorkCounts(1, 0, 0), await CountsAsync(world, Reviewer));
        Assert.Equal(WorkCounts.None, await notifications.CountsAsync(OtherReviewer));
    }
}
