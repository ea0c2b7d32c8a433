using Microsoft.EntityFrameworkCore;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting.Progress;

/// <summary>A candidate as the oversight reports see it: where it is, when it was screened, and its review's moves.</summary>
public sealed record CandidateHistory(
    long CandidateId, string Force, string ProfileName, int RecordedYear, DateTimeOffset ScreenedAt, bool StillQualifies,
    IReadOnlyList<StatusChange> Changes, Recommendation? Recommendation, int ReferralCount)
{
    /// <summary>The status at <paramref name="at"/>: the last move at or before it, or queued.</summary>
    public ReviewStatus StatusAt(DateTimeOffset at)
    {
        var status = ReviewStatus.Queued;
        foreach (var change in Changes)
        {
            if (change.At > at) break;
            status = change.To;
        }
        return status;
    }

    /// <summary>When the review was last approved at or before <paramref name="at"/> and still approved then; else null.</summary>
    public DateTimeOffset? ApprovedAt(DateTimeOffset at)
    {
        if (StatusAt(at) != ReviewStatus.Approved) return null;
        return Changes.Last(c => c.At <= at && c.To == ReviewStatus.Approved).At;
    }

    /// <summary>When it was first assigned, at or before <paramref name="at"/>.</summary>
    public DateTimeOffset? FirstAssignedAt(DateTimeOffset at) =>
        Changes.FirstOrDefault(c => c.At <= at && c.To == ReviewStatus.Assigned)?.At;
}

/// <summary>One move of a review (from <see cref="ReviewTransition"/>).</summary>
public sealed record StatusChange(DateTimeOffset At, ReviewStatus To);

/// <summary>
/// Reads the candidates and their review histories that progress, national and public reports count. A candidate is
/// counted while it still qualifies, or once review work has started on it (work done is never dropped from the figures).
/// </summary>
public static class ReviewHistory
{
    public static async Task<IReadOnlyList<CandidateHistory>> LoadAsync(ReassessDbContext db, string? force = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var runs = await db.Set<ScreeningRun>().AsNoTracking()
            .Select(r => new { r.Id, r.StartedAt, r.CompletedAt })
            .ToDictionaryAsync(r => r.Id, r => r.CompletedAt ?? r.StartedAt, cancellationToken);

        var candidateQuery = db.Set<Candidate>().AsNoTracking();
        var reviewQuery = db.Set<Review>().AsNoTracking();
        if (force is not null)
        {
            var f = force.Trim().ToUpperInvariant();
            candidateQuery = candidateQuery.Where(c => c.Force == f);
            reviewQuery = reviewQuery.Where(r => r.Force == f);
        }
        var candidates = await candidateQuery
            .Select(c => new { c.Id, c.Force, c.ProfileName, c.RecordedYear, c.FirstRunId, c.StillQualifies })
            .ToListAsync(cancellationToken);
        var reviews = await reviewQuery
            .Select(r => new { r.Id, r.CandidateId, r.Recommendation, r.ReferralCount })
            .ToDictionaryAsync(r => r.CandidateId, cancellationToken);
        var reviewIds = reviews.Values.Select(r => r.Id).ToHashSet();

        var changes = new Dictionary<long, List<(long Id, StatusChange Change)>>();
        var transitions = db.Set<ReviewTransition>().AsNoTracking()
            .Select(t => new { t.Id, t.ReviewId, t.At, t.To })
            .AsAsyncEnumerable();
        await foreach (var t in transitions.WithCancellation(cancellationToken))
        {
            if (!reviewIds.Contains(t.ReviewId)) continue;
            if (!changes.TryGetValue(t.ReviewId, out var list)) changes[t.ReviewId] = list = [];
            list.Add((t.Id, new StatusChange(t.At, t.To)));
        }

        var result = new List<CandidateHistory>(candidates.Count);
        foreach (var c in candidates.OrderBy(c => c.Id))
        {
            var review = reviews.GetValueOrDefault(c.Id);
            var moves = review is null || !changes.TryGetValue(review.Id, out var list)
                ? []
                : list.OrderBy(x => x.Change.At).ThenBy(x => x.Id).Select(x => x.Change).ToList();
            if (!c.StillQualifies && moves.Count == 0) continue;
            result.Add(new CandidateHistory(c.Id, c.Force, c.ProfileName, c.RecordedYear, runs.GetValueOrDefault(c.FirstRunId), c.StillQualifies,
                moves, review?.Recommendation, review?.ReferralCount ?? 0));
        }
        return result;
    }
}
