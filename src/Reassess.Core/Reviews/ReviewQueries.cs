using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reviews;

/// <summary>What the queue can be narrowed to. Every filter is optional; pages count from 1.</summary>
public sealed record QueueFilter
{
    /// <summary>A typology label (<c>intrafamilial</c>, <c>network</c>…): candidates carrying it.</summary>
    public string? Typology { get; init; }
    public ReviewStatus? Status { get; init; }
    /// <summary>Candidates whose review is assigned to this user.</summary>
    public string? Reviewer { get; init; }
    /// <summary>The investigation's recorded year.</summary>
    public int? Year { get; init; }
    /// <summary><see cref="CandidateBasis.Linked"/> for the missed groups linkage found.</summary>
    public CandidateBasis? Basis { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One candidate in the queue, with where its review stands.</summary>
public sealed record QueueRow(
    long CandidateId,
    string Force,
    string InvestigationRef,
    long InvestigationId,
    double Priority,
    string Typologies,
    CandidateBasis Basis,
    int RecordedYear,
    ReviewStatus Status,
    string? ReviewerUserName,
    long? ReviewId,
    int? ReviewVersion);

/// <summary>
/// A page of the queue: the candidates of the latest screening run for the force, most urgent first, with the number in
/// each status (under the same filters, whatever the status filter) for the counts at the top.
/// </summary>
public sealed record QueuePage(
    IReadOnlyList<QueueRow> Rows,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<ReviewStatus, int> CountsByStatus,
    long? RunId);

/// <summary>A review in someone's work list ("my work", "awaiting sign-off").</summary>
public sealed record WorkRow(
    long CandidateId,
    long ReviewId,
    int Version,
    long InvestigationId,
    string InvestigationRef,
    double Priority,
    string Typologies,
    ReviewStatus Status,
    string? ReviewerUserName,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? SubmittedAt,
    bool CanSignOff);

/// <summary>
/// The workbench's lists: the queue, "my work" and "awaiting sign-off" (the case itself is <see cref="Cases.CaseQueries"/>). Scoped like
/// <see cref="ReviewService"/>: another force's case is not found.
/// </summary>
public sealed class ReviewQueries(ReassessDbContext db, QueueCounts? queueCounts = null)
{
    /// <summary>
    /// The queue of the actor's force: the candidates of the latest screening run that still qualify, by priority (highest
    /// first), then investigation reference and candidate id so that equal priorities always come in the same order.
    /// </summary>
    public async Task<QueuePage> QueueAsync(Actor actor, QueueFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var empty = new QueuePage([], 0, page, size, Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0), null);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return empty;
        var force = actor.Force.ToUpperInvariant();

        var runId = await db.Set<Candidate>().Where(c => c.Force == force).MaxAsync(c => (long?)c.LatestRunId, cancellationToken);
        if (runId is null) return empty;

        var candidates = db.Set<Candidate>().AsNoTracking().Where(c => c.Force == force && c.LatestRunId == runId && c.StillQualifies);
        if (!string.IsNullOrWhiteSpace(filter.Typology))
        {
            var label = ";" + filter.Typology.Trim().ToLowerInvariant() + ";";
            candidates = candidates.Where(c => (";" + c.Typologies + ";").Contains(label));
        }
        if (filter.Year is { } year) candidates = candidates.Where(c => c.RecordedYear == year);
        if (filter.Basis is { } basis) candidates = candidates.Where(c => c.Basis == basis);

        var reviews = db.Set<Review>().AsNoTracking().Where(r => r.Force == force);
        if (!string.IsNullOrWhiteSpace(filter.Reviewer))
        {
            var reviewer = filter.Reviewer.Trim().ToUpperInvariant();
            reviews = reviews.Where(r => r.ReviewerUserName != null && r.ReviewerUserName.ToUpper() == reviewer);
            candidates = candidates.Where(c => reviews.Any(r => r.CandidateId == c.Id));
        }

        // Counts per status under every filter but the status one, so each count says what choosing it would show. Reviews
        // are far fewer than candidates, so the counts start from them; queued is whatever has no review.
        // Counting a national force's queue reads every one of its candidates' index entries; the candidates of one run
        // never change once it is recorded (a new run restamps them), so without a reviewer filter the count is kept.
        var countKey = new QueueCounts.Key(force, runId.Value, filter.Typology?.Trim().ToLowerInvariant(), filter.Year, filter.Basis);
        int all;
        if (queueCounts is not null && string.IsNullOrWhiteSpace(filter.Reviewer) && queueCounts.TryGet(countKey, out var known)) all = known;
        else
        {
            all = await candidates.CountAsync(cancellationToken);
            if (queueCounts is not null && string.IsNullOrWhiteSpace(filter.Reviewer)) queueCounts.Set(countKey, all);
        }
        var counted = await (
            from r in reviews
            join c in candidates on r.CandidateId equals c.Id
            group r by r.Status into g
            select new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, s => counted.Where(c => c.Status == s).Sum(c => c.Count));
        counts[ReviewStatus.Queued] += all - counted.Sum(c => c.Count);

        if (filter.Status is { } status)
        {
            candidates = status == ReviewStatus.Queued
                ? candidates.Where(c => !reviews.Any(r => r.CandidateId == c.Id && r.Status != ReviewStatus.Queued))
                : candidates.Where(c => reviews.Any(r => r.CandidateId == c.Id && r.Status == status));
        }
        var total = filter.Status is { } s2 ? counts[s2] : all;
        var rows =
            from c in candidates
            join r in db.Set<Review>().AsNoTracking() on c.Id equals r.CandidateId into joined
            from r in joined.DefaultIfEmpty()
            select new { c, r };
        var skip = (page - 1) * size;
        var pageRows = await rows
            .OrderByDescending(x => x.c.Priority).ThenBy(x => x.c.InvestigationRef).ThenBy(x => x.c.Id)
            .Skip(skip).Take(size)
            .Select(x => new QueueRow(
                x.c.Id, x.c.Force, x.c.InvestigationRef, x.c.InvestigationId, x.c.Priority, x.c.Typologies, x.c.Basis, x.c.RecordedYear,
                x.r == null ? ReviewStatus.Queued : x.r.Status,
                x.r == null ? null : x.r.ReviewerUserName,
                x.r == null ? null : x.r.Id,
                x.r == null ? null : x.r.Version))
            .ToListAsync(cancellationToken);
        return new QueuePage(pageRows, total, page, size, counts, runId);
    }

    /// <summary>
    /// "My work": the actor's reviews that are not yet approved (returned first, then in review, assigned and submitted),
    /// most urgent first within each.
    /// </summary>
    public async Task<IReadOnlyList<WorkRow>> MyWorkAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return [];
        var force = actor.Force.ToUpperInvariant();
        var user = actor.UserName.ToUpperInvariant();
        var open = new[] { ReviewStatus.Assigned, ReviewStatus.InReview, ReviewStatus.Returned, ReviewStatus.Submitted };
        var rows = await WorkRows(r => r.Force == force && r.ReviewerUserName != null && r.ReviewerUserName.ToUpper() == user && open.Contains(r.Status), actor)
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => WorkOrder(r.Status)).ThenByDescending(r => r.Priority).ThenBy(r => r.InvestigationRef, StringComparer.Ordinal)];
    }

    /// <summary>
    /// "Awaiting sign-off": the force's submitted reviews, longest waiting first. Empty for anyone but a supervisor.
    /// <see cref="WorkRow.CanSignOff"/> is false on the supervisor's own reviews (another supervisor must sign them off).
    /// </summary>
    public async Task<IReadOnlyList<WorkRow>> AwaitingSignOffAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Roles.Supervisor || actor.Force is null) return [];
        var force = actor.Force.ToUpperInvariant();
        var rows = await WorkRows(r => r.Force == force && r.Status == ReviewStatus.Submitted, actor).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.SubmittedAt).ThenBy(r => r.ReviewId)];
    }

    /// <summary>
    /// The users a case of the actor's force can be assigned to (active reviewers and supervisors of that force), by name:
    /// the choices of the assign box and of the queue's reviewer filter.
    /// </summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return [];
        return await AssigneesAsync(actor.Force, cancellationToken);
    }

    /// <summary>The active reviewers and supervisors of <paramref name="force"/>, by name (the caller may see the force).</summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(string force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        var upper = force.ToUpperInvariant();
        var names = await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && u.Force != null && u.Force.ToUpper() == upper && (u.Role == Roles.Reviewer || u.Role == Roles.Supervisor))
            .Select(u => u.UserName!)
            .ToListAsync(cancellationToken);
        return [.. names.Order(StringComparer.OrdinalIgnoreCase)];
    }

    private IQueryable<WorkRow> WorkRows(System.Linq.Expressions.Expression<Func<Review, bool>> which, Actor actor)
    {
        var self = actor.UserName.ToUpperInvariant();
        var supervisor = actor.Role == Roles.Supervisor;
        return
            from r in db.Set<Review>().AsNoTracking().Where(which)
            join c in db.Set<Candidate>().AsNoTracking() on r.CandidateId equals c.Id
            select new WorkRow(
                c.Id, r.Id, r.Version, c.InvestigationId, c.InvestigationRef, c.Priority, c.Typologies, r.Status, r.ReviewerUserName, r.AssignedAt, r.SubmittedAt,
                supervisor && r.Status == ReviewStatus.Submitted && (r.ReviewerUserName == null || r.ReviewerUserName.ToUpper() != self));
    }

    private static int WorkOrder(ReviewStatus status) => status switch
    {
        ReviewStatus.Returned => 0,
        ReviewStatus.InReview => 1,
        ReviewStatus.Assigned => 2,
        _ => 3,
    };

}

/// <summary>
/// The number of candidates of a force's screening run under the queue's candidate filters, shared across requests. A run's
/// candidates are fixed once it is recorded, so an entry never goes stale; it only stops being asked for when a newer run
/// is recorded. Bounded: it is emptied when it grows past <see cref="Capacity"/> entries.
/// </summary>
public sealed class QueueCounts
{
    public const int Capacity = 4096;

    public readonly record struct Key(string Force, long RunId, string? Typology, int? Year, CandidateBasis? Basis);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Key, int> _counts = new();

    public bool TryGet(Key key, out int count) => _counts.TryGetValue(key, out count);

    public void Set(Key key, int count)
    {
        if (_counts.Count >= Capacity) _counts.Clear();
        _counts[key] = count;
    }
}
