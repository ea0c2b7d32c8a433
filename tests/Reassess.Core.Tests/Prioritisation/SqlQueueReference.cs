using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// The triage queue as SQL computed it on every request before <see cref="QueueSnapshots"/> held it in memory (the
/// <c>QueueSearch.QueryAsync</c> of commit 1294c98, its count cache left out): filtered, counted, joined and sorted by the
/// database. <see cref="QueueSnapshotTests"/> checks that the queue held in memory lists exactly what this lists.
/// </summary>
internal sealed class SqlQueueReference(ReassessDbContext db)
{
    public async Task<TriagePage> QueryAsync(Actor actor, QueueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var searched = !string.IsNullOrWhiteSpace(query.Search);
        var empty = new TriagePage([], 0, page, size, Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0), searched);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return empty;
        var force = actor.Force.ToUpperInvariant();
        var runId = await db.Set<Candidate>().Where(c => c.Force == force).MaxAsync(c => (long?)c.LatestRunId, cancellationToken);
        if (runId is null) return empty;

        var candidates = Candidates(force, runId.Value, filter);
        if (searched)
        {
            var refs = await new QueueSearch(db).MatchingReferencesAsync(force, query.Search!, cancellationToken);
            if (refs.Count == 0) return empty;
            candidates = candidates.Where(c => refs.Contains(c.InvestigationRef));
        }
        var reviews = Reviews(force, filter);
        if (!string.IsNullOrWhiteSpace(filter.Reviewer)) candidates = candidates.Where(c => reviews.Any(r => r.CandidateId == c.Id));

        // As the queue counts: every filter but the status one, queued being whatever has no review (or a queued one).
        var all = await candidates.CountAsync(cancellationToken);
        var counted = await (
            from r in reviews
            join c in candidates on r.CandidateId equals c.Id
            group r by r.Status into g
            select new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var counts = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, s => counted.Where(c => c.Status == s).Sum(c => c.Count));
        counts[ReviewStatus.Queued] += all - counted.Sum(c => c.Count);

        candidates = WithStatus(candidates, reviews, filter.Status);
        var total = filter.Status is { } s ? counts[s] : all;
        var joined =
            from c in candidates
            join r in db.Set<Review>().AsNoTracking() on c.Id equals r.CandidateId into rs
            from r in rs.DefaultIfEmpty()
            join run in db.Set<ScreeningRun>().AsNoTracking() on c.FirstRunId equals run.Id
            select new Joined { C = c, R = r, QueuedAt = run.StartedAt };

        var skip = (page - 1) * size;
        List<Joined> rows;
        if (query.Sort == QueueSort.Age)
        {
            // The age is worked out from whichever date the status makes current; dates do not order in SQLite's SQL, so
            // the (index-narrowed) matches are ordered here and the page cut from them.
            var everything = await joined.ToListAsync(cancellationToken);
            var ordered = query.Descending
                ? everything.OrderBy(x => SinceOf(x) ?? DateTimeOffset.MaxValue)
                : everything.OrderByDescending(x => SinceOf(x) ?? DateTimeOffset.MinValue);
            rows = [.. ordered.ThenByDescending(x => x.C.Priority).ThenBy(x => x.C.InvestigationRef, StringComparer.Ordinal).ThenBy(x => x.C.Id).Skip(skip).Take(size)];
        }
        else
        {
            rows = await Order(joined, query.Sort, query.Descending).Skip(skip).Take(size).ToListAsync(cancellationToken);
        }
        return new TriagePage([.. rows.Select(ToRow)], total, page, size, counts, searched);
    }

    private IQueryable<Candidate> Candidates(string force, long runId, QueueFilter filter)
    {
        var candidates = db.Set<Candidate>().AsNoTracking().Where(c => c.Force == force && c.LatestRunId == runId && c.StillQualifies);
        if (!string.IsNullOrWhiteSpace(filter.Typology))
        {
            var label = ";" + filter.Typology.Trim().ToLowerInvariant() + ";";
            candidates = candidates.Where(c => (";" + c.Typologies + ";").Contains(label));
        }
        if (filter.Year is { } year) candidates = candidates.Where(c => c.RecordedYear == year);
        if (filter.Basis is { } basis) candidates = candidates.Where(c => c.Basis == basis);
        return candidates;
    }

    private IQueryable<Review> Reviews(string force, QueueFilter filter)
    {
        var reviews = db.Set<Review>().AsNoTracking().Where(r => r.Force == force);
        if (!string.IsNullOrWhiteSpace(filter.Reviewer))
        {
            var reviewer = filter.Reviewer.Trim().ToUpperInvariant();
            reviews = reviews.Where(r => r.ReviewerUserName != null && r.ReviewerUserName.ToUpper() == reviewer);
        }
        return reviews;
    }

    private static IQueryable<Candidate> WithStatus(IQueryable<Candidate> candidates, IQueryable<Review> reviews, ReviewStatus? status) => status switch
    {
        null => candidates,
        ReviewStatus.Queued => candidates.Where(c => !reviews.Any(r => r.CandidateId == c.Id && r.Status != ReviewStatus.Queued)),
        { } s => candidates.Where(c => reviews.Any(r => r.CandidateId == c.Id && r.Status == s)),
    };

    private static IQueryable<Joined> Order(IQueryable<Joined> rows, QueueSort sort, bool descending)
    {
        // Every order ends with the queue's own (priority, reference, id), so equal keys always come in the same order.
        IOrderedQueryable<Joined> ordered = sort switch
        {
            QueueSort.Reference => descending ? rows.OrderByDescending(x => x.C.InvestigationRef) : rows.OrderBy(x => x.C.InvestigationRef),
            QueueSort.Year => descending ? rows.OrderByDescending(x => x.C.RecordedYear) : rows.OrderBy(x => x.C.RecordedYear),
            QueueSort.Reviewer => descending ? rows.OrderByDescending(x => x.R == null ? "" : x.R.ReviewerUserName) : rows.OrderBy(x => x.R == null ? "" : x.R.ReviewerUserName),
            QueueSort.Status => descending ? rows.OrderByDescending(StatusOrder) : rows.OrderBy(StatusOrder),
            _ => descending ? rows.OrderByDescending(x => x.C.Priority) : rows.OrderBy(x => x.C.Priority),
        };
        return ordered.ThenByDescending(x => x.C.Priority).ThenBy(x => x.C.InvestigationRef).ThenBy(x => x.C.Id);
    }

    // The lifecycle's order (docs/review-form.md): queued, assigned, in review, returned, submitted, approved. Written out in the
    // query (a method would not translate to SQL).
    private static readonly System.Linq.Expressions.Expression<Func<Joined, int>> StatusOrder = x =>
        x.R == null ? 0
        : x.R.Status == ReviewStatus.Queued ? 0
        : x.R.Status == ReviewStatus.Assigned ? 1
        : x.R.Status == ReviewStatus.InReview ? 2
        : x.R.Status == ReviewStatus.Returned ? 3
        : x.R.Status == ReviewStatus.Submitted ? 4
        : 5;

    /// <summary>Since when the case has stood where it is: queued, assigned (or in review), returned, or submitted.</summary>
    private static DateTimeOffset? SinceOf(Joined x) => x.R?.Status switch
    {
        null or ReviewStatus.Queued => x.QueuedAt,
        ReviewStatus.Assigned or ReviewStatus.InReview => x.R.AssignedAt,
        ReviewStatus.Returned => x.R.DecidedAt,
        ReviewStatus.Submitted => x.R.SubmittedAt,
        _ => null,
    };

    private static TriageRow ToRow(Joined x) => new(
        x.C.Id, x.C.InvestigationRef, x.C.InvestigationId, x.C.Priority, x.C.Typologies, x.C.Basis, x.C.RecordedYear,
        x.R?.Status ?? ReviewStatus.Queued, x.R?.ReviewerUserName, SinceOf(x),
        [.. QueueFactors.Top(Reassess.Cases.CaseQueries.ParseFactors(x.C.PriorityFactors).Select(f => (f.Name, f.Contribution))).Select(f => QueueFactors.Words(f.Name, f.Contribution))]);

    private sealed class Joined
    {
        public required Candidate C { get; init; }
        public Review? R { get; init; }
        public DateTimeOffset QueuedAt { get; init; }
    }
}
