using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Reviews;
using Reassess.Storage;

namespace Reassess.Prioritisation;

/// <summary>What waits for a user: reviews assigned to them, returned to them, and (supervisors) awaiting their sign-off.</summary>
public sealed record WorkCounts(int Assigned, int Returned, int AwaitingSignOff)
{
    public static WorkCounts None { get; } = new(0, 0, 0);

    public int Total => Assigned + Returned + AwaitingSignOff;
}

/// <summary>One thing that happened to a user's work, newest first in the list.</summary>
public sealed record WorkEvent(DateTimeOffset At, long CandidateId, string InvestigationRef, string Actor, string Text);

/// <summary>
/// The workbench's notifications. The counts and most events are read from the reviews and their transitions (who assigned,
/// submitted, returned or approved what); only a review taken off its reviewer, whose history then belongs to the new
/// reviewer, is written as a <see cref="WorkbenchNotice"/>.
/// </summary>
public sealed class Notifications(ReassessDbContext db, TimeProvider clock)
{
    public const int EventLimit = 30;

    // One instance per request (scoped): the navigation and the page ask for the same counts once between them.
    private (string Key, WorkCounts Counts)? _counts;

    /// <summary>
    /// The user's counts: two indexed counts at most, asked once per instance (a request) for the same user; a change
    /// made through this instance (<see cref="TellReassignedAsync"/>) forgets them.
    /// </summary>
    public async Task<WorkCounts> CountsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var key = actor.Role + "|" + actor.Force + "|" + actor.UserName;
        if (_counts is { } known && known.Key == key) return known.Counts;
        var counts = await ReadCountsAsync(actor, cancellationToken);
        _counts = (key, counts);
        return counts;
    }

    // Both counts are compiled once: the navigation shows them on every page, and EF Core's translation of the queries each
    // time cost more than the two index reads themselves.
    private static readonly Func<ReassessDbContext, string, string, IAsyncEnumerable<StatusCount>> MineByStatus = EF.CompileAsyncQuery<ReassessDbContext, string, string, StatusCount>(
        (ReassessDbContext db, string force, string user) => db.Set<Review>().AsNoTracking()
            .Where(r => r.Force == force && r.ReviewerUserName != null && r.ReviewerUserName.ToUpper() == user)
            .GroupBy(r => r.Status).Select(g => new StatusCount(g.Key, g.Count())));

    private static readonly Func<ReassessDbContext, string, string, CancellationToken, Task<int>> AwaitingSignOff = EF.CompileAsyncQuery(
        (ReassessDbContext db, string force, string user, CancellationToken _) => db.Set<Review>().AsNoTracking()
            .Count(r => r.Force == force && r.Status == ReviewStatus.Submitted && (r.ReviewerUserName == null || r.ReviewerUserName.ToUpper() != user)));

    private sealed record StatusCount(ReviewStatus Key, int Count);

    private async Task<WorkCounts> ReadCountsAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null || actor.Role is not (Roles.Reviewer or Roles.Supervisor)) return WorkCounts.None;
        var force = actor.Force.ToUpperInvariant();
        var user = actor.UserName.ToUpperInvariant();
        // (force, reviewer) index: the user's own reviews, a handful.
        var mine = new List<(ReviewStatus Key, int Count)>();
        await foreach (var row in MineByStatus(db, force, user).WithCancellation(cancellationToken)) mine.Add((row.Key, row.Count));
        int Of(params ReviewStatus[] statuses) => mine.Where(m => statuses.Contains(m.Key)).Sum(m => m.Count);
        var awaiting = 0;
        if (actor.Role == Roles.Supervisor)
        {
            // (force, status) index; another supervisor signs off a supervisor's own review.
            awaiting = await AwaitingSignOff(db, force, user, cancellationToken);
        }
        return new WorkCounts(Of(ReviewStatus.Assigned, ReviewStatus.InReview), Of(ReviewStatus.Returned), awaiting);
    }

    /// <summary>
    /// The latest events of the user's work: moves of their reviews made by someone else (assigned to them, returned,
    /// approved, reopened), and reviews taken off them.
    /// </summary>
    public async Task<IReadOnlyList<WorkEvent>> EventsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return [];
        var force = actor.Force.ToUpperInvariant();
        var user = actor.UserName.ToUpperInvariant();
        var moves = await (
            from r in db.Set<Review>().AsNoTracking()
            where r.Force == force && r.ReviewerUserName != null && r.ReviewerUserName.ToUpper() == user
            join t in db.Set<ReviewTransition>().AsNoTracking() on r.CandidateId equals t.CandidateId
            where t.Actor.ToUpper() != user
            join c in db.Set<Screening.Candidate>().AsNoTracking() on r.CandidateId equals c.Id
            orderby t.Id descending
            select new { t.At, t.CandidateId, c.InvestigationRef, t.Actor, t.From, t.To, t.Comment }).Take(EventLimit).ToListAsync(cancellationToken);
        var notices = await db.Set<WorkbenchNotice>().AsNoTracking().Where(n => n.UserName == user)
            .OrderByDescending(n => n.Id).Take(EventLimit).ToListAsync(cancellationToken);
        return [.. moves.Select(m => new WorkEvent(m.At, m.CandidateId, m.InvestigationRef, m.Actor, Describe(m.From, m.To, m.Comment, actor.UserName)))
            .Concat(notices.Select(n => new WorkEvent(n.At, n.CandidateId, n.InvestigationRef, n.Actor, n.Text)))
            .OrderByDescending(e => e.At).Take(EventLimit)];
    }

    /// <summary>Tells <paramref name="previousReviewer"/> that <paramref name="actor"/> gave their review to someone else.</summary>
    public async Task TellReassignedAsync(Actor actor, string previousReviewer, long candidateId, string investigationRef, string newReviewer, ReviewStatus wasStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(previousReviewer);
        db.Add(new WorkbenchNotice
        {
            UserName = previousReviewer.ToUpperInvariant(),
            Force = (actor.Force ?? "").ToUpperInvariant(),
            CandidateId = candidateId,
            InvestigationRef = investigationRef,
            Text = $"Reassigned to {newReviewer}; it was {ReviewService.Describe(wasStatus)} with you.",
            Actor = actor.UserName,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        _counts = null;
    }

    private static string Describe(ReviewStatus from, ReviewStatus to, string? comment, string user) => to switch
    {
        // The service writes "Assigned to NAME."; told to NAME, that is "to you" (an earlier assignment to another stays as it is).
        ReviewStatus.Assigned => comment is null || string.Equals(comment, $"Assigned to {user}.", StringComparison.OrdinalIgnoreCase) ? "Assigned to you." : comment,
        ReviewStatus.Returned => "Returned to you" + (string.IsNullOrWhiteSpace(comment) ? "." : ": " + comment),
        ReviewStatus.Approved => "Approved" + (string.IsNullOrWhiteSpace(comment) ? "." : ": " + comment),
        _ => $"Moved from {ReviewService.Describe(from)} to {ReviewService.Describe(to)}" + (string.IsNullOrWhiteSpace(comment) ? "." : ": " + comment),
    };
}
