using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Prioritisation;

/// <summary>
/// What the stored data looked like when a force's queue was read, in two parts. The candidates' part moves when a
/// screening run starts or completes (a run restamps every candidate it keeps) and when a record change is written (an
/// erasure); the reviews' part moves when a review is created or changes status or reviewer, since every such change
/// writes a <see cref="ReviewTransition"/> (<see cref="ReviewService"/>). Read in one statement of index seeks, so the queue
/// can check it on every request, whichever process changed the data.
/// </summary>
public readonly record struct QueueStamp(string Candidates, string Reviews)
{
    private const string Sql =
        "SELECT (SELECT MAX(id) FROM screening_runs), (SELECT completed_at FROM screening_runs ORDER BY id DESC LIMIT 1), " +
        "(SELECT MAX(id) FROM record_changes), (SELECT MAX(id) FROM reviews), (SELECT MAX(id) FROM review_transitions)";

    public static async Task<QueueStamp> ReadAsync(ReassessDbContext db, CancellationToken cancellationToken)
    {
        var part = await StoredStamp.ReadAsync(db, Sql, cancellationToken);
        return new QueueStamp($"{part[0]}|{part[1]}|{part[2]}", $"{part[3]}|{part[4]}");
    }
}

/// <summary>
/// The forces' triage queues, held in memory (one per process). A queue page used to count, filter, join and sort a
/// national force's 25,000 candidates in SQL on every request; the candidates change only when a screening run (or an
/// erasure) does, and the reviews only when one is taken, moved or decided. So each force's candidates and its reviews are
/// read once per <see cref="QueueStamp"/> part, checked on every request (a change made by another process is seen at the
/// next request), and a page is cut from them in memory. The filtered and sorted orders are kept with the pair they were
/// made from. About 400 bytes a candidate; at most <see cref="ForceLimit"/> forces are held.
/// </summary>
public sealed class QueueSnapshots
{
    /// <summary>Forces held at once (there are 43 territorial forces); past it, every force is read again when next asked for.</summary>
    public const int ForceLimit = 64;

    private readonly ConcurrentDictionary<(string Database, string Force), Held> _held = new();

    /// <summary>The queue of <paramref name="force"/> (upper case) as the stored data stands now.</summary>
    public async Task<QueueView> ReadAsync(ReassessDbContext db, string force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(force);
        var stamp = await QueueStamp.ReadAsync(db, cancellationToken);
        if (_held.Count >= ForceLimit) _held.Clear();
        var held = _held.GetOrAdd((db.Database.GetConnectionString() ?? "", force), _ => new Held());
        if (held.View is { } current && current.Stamp == stamp) return current;

        // One request reads a changed part; the others wait for it rather than all reading the same rows at once.
        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            var view = held.View;
            if (view is not null && view.Stamp == stamp) return view;
            var candidates = view is not null && view.Stamp.Candidates == stamp.Candidates
                ? view.Candidates
                : await QueueCandidates.ReadAsync(db, force, cancellationToken);
            var reviews = view is not null && view.Stamp.Reviews == stamp.Reviews
                ? view.Reviews
                : await QueueReviews.ReadAsync(db, force, cancellationToken);
            view = new QueueView(stamp, candidates, reviews);
            held.View = view;
            return view;
        }
        finally
        {
            held.Gate.Release();
        }
    }

    private sealed class Held
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public volatile QueueView? View;
    }
}

/// <summary>
/// One still-qualifying candidate of a force's latest screening run, as the queue lists it: the candidate, when it was first
/// queued (the start of the run that first found it) and its priority factors as stored.
/// </summary>
public sealed class QueueEntry(long candidateId, string investigationRef, long investigationId, double priority, string typologies,
    CandidateBasis basis, int recordedYear, DateTimeOffset queuedAt, string priorityFactors)
{
    private IReadOnlyList<string>? _topFactors;

    public long CandidateId { get; } = candidateId;
    public string InvestigationRef { get; } = investigationRef;
    public long InvestigationId { get; } = investigationId;
    public double Priority { get; } = priority;
    public string Typologies { get; } = typologies;
    public CandidateBasis Basis { get; } = basis;
    public int RecordedYear { get; } = recordedYear;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public string PriorityFactors { get; } = priorityFactors;

    /// <summary>The typologies between semicolons (<c>;peer;network;</c>), so a label is matched whole.</summary>
    public string BoundedTypologies { get; } = ";" + typologies + ";";

    /// <summary>The leading factors in words, worked out when a page first shows the candidate and kept (they never change).</summary>
    public IReadOnlyList<string> TopFactors => _topFactors ??=
        [.. QueueFactors.Top(Cases.CaseQueries.ParseFactors(PriorityFactors).Select(f => (f.Name, f.Contribution))).Select(f => QueueFactors.Words(f.Name, f.Contribution))];
}

/// <summary>A review as the queue needs it: where it stands, with whom and since when.</summary>
public sealed record QueueReview(ReviewStatus Status, string? ReviewerUserName, DateTimeOffset? AssignedAt, DateTimeOffset? DecidedAt, DateTimeOffset? SubmittedAt)
{
    /// <summary>The reviewer, upper-cased as the queue's reviewer filter compares it.</summary>
    public string? ReviewerKey { get; } = ReviewerUserName?.ToUpperInvariant();
}

/// <summary>A force's still-qualifying candidates of its latest run, by priority (highest first, then reference and id).</summary>
public sealed class QueueCandidates
{
    private Dictionary<string, List<QueueEntry>>? _byReference;

    public required long? RunId { get; init; }
    public required IReadOnlyList<QueueEntry> ByPriority { get; init; }

    /// <summary>The typology labels among them, in ordinal order (the queue's filter offers these).</summary>
    public required IReadOnlyList<string> Typologies { get; init; }

    /// <summary>Their recorded years, latest first.</summary>
    public required IReadOnlyList<int> Years { get; init; }

    /// <summary>The entries of a crime reference (one per candidate; a reference is a force's investigation).</summary>
    public IReadOnlyList<QueueEntry> OfReference(string reference)
    {
        var index = _byReference ??= ByPriority.GroupBy(e => e.InvestigationRef, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return index.TryGetValue(reference, out var entries) ? entries : [];
    }

    public static async Task<QueueCandidates> ReadAsync(ReassessDbContext db, string force, CancellationToken cancellationToken)
    {
        var runId = await db.Set<Candidate>().Where(c => c.Force == force).MaxAsync(c => (long?)c.LatestRunId, cancellationToken);
        if (runId is null) return new QueueCandidates { RunId = null, ByPriority = [], Typologies = [], Years = [] };
        var rows = await (
            from c in db.Set<Candidate>().AsNoTracking()
            where c.Force == force && c.LatestRunId == runId && c.StillQualifies
            join run in db.Set<ScreeningRun>().AsNoTracking() on c.FirstRunId equals run.Id
            select new { c.Id, c.InvestigationRef, c.InvestigationId, c.Priority, c.Typologies, c.Basis, c.RecordedYear, run.StartedAt, c.PriorityFactors })
            .ToListAsync(cancellationToken);
        var entries = rows.Select(r => new QueueEntry(r.Id, r.InvestigationRef, r.InvestigationId, r.Priority, r.Typologies, r.Basis, r.RecordedYear, r.StartedAt, r.PriorityFactors))
            .ToArray();
        Array.Sort(entries, QueueOrder.ByPriority);
        return new QueueCandidates
        {
            RunId = runId,
            ByPriority = entries,
            Typologies = [.. entries.SelectMany(e => e.Typologies.Split(';', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Years = [.. entries.Select(e => e.RecordedYear).Distinct().OrderDescending()],
        };
    }
}

/// <summary>A force's reviews by candidate, and the reviewers they name.</summary>
public sealed class QueueReviews
{
    public required IReadOnlyDictionary<long, QueueReview> ByCandidate { get; init; }

    /// <summary>Every reviewer named on a review of the force, in ordinal order.</summary>
    public required IReadOnlyList<string> Reviewers { get; init; }

    public QueueReview? Of(long candidateId) => ByCandidate.TryGetValue(candidateId, out var review) ? review : null;

    public static async Task<QueueReviews> ReadAsync(ReassessDbContext db, string force, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Review>().AsNoTracking().Where(r => r.Force == force)
            .Select(r => new { r.CandidateId, r.Status, r.ReviewerUserName, r.AssignedAt, r.DecidedAt, r.SubmittedAt })
            .ToListAsync(cancellationToken);
        // One review per candidate (a unique index); should two ever be read, the later one read wins.
        var byCandidate = new Dictionary<long, QueueReview>(rows.Count);
        foreach (var r in rows) byCandidate[r.CandidateId] = new QueueReview(r.Status, r.ReviewerUserName, r.AssignedAt, r.DecidedAt, r.SubmittedAt);
        return new QueueReviews
        {
            ByCandidate = byCandidate,
            Reviewers = [.. rows.Where(r => r.ReviewerUserName is not null).Select(r => r.ReviewerUserName!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}

/// <summary>
/// A force's queue at one <see cref="QueueStamp"/>: its candidates with their reviews. Filtered and sorted orders asked for
/// without a search are kept here (at most <see cref="OrderLimit"/>), so a reviewer paging through them pays for one sort.
/// </summary>
public sealed class QueueView(QueueStamp stamp, QueueCandidates candidates, QueueReviews reviews)
{
    public const int OrderLimit = 64;

    private readonly ConcurrentDictionary<QueueOrderKey, QueueSelection> _orders = new();

    public QueueStamp Stamp { get; } = stamp;
    public QueueCandidates Candidates { get; } = candidates;
    public QueueReviews Reviews { get; } = reviews;

    /// <summary>The kept selection for <paramref name="key"/>, made by <paramref name="make"/> the first time.</summary>
    public QueueSelection Kept(QueueOrderKey key, Func<QueueSelection> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        if (_orders.TryGetValue(key, out var kept)) return kept;
        if (_orders.Count >= OrderLimit) _orders.Clear();
        return _orders.GetOrAdd(key, _ => make());
    }
}

/// <summary>Filters (every one but a search) and an order: what a kept selection of a <see cref="QueueView"/> answers.</summary>
public readonly record struct QueueOrderKey(string? Typology, int? Year, CandidateBasis? Basis, string? Reviewer, ReviewStatus? Status, QueueSort Sort, bool Descending);

/// <summary>Candidates matching a query's filters, in its order, with the counts by status under every filter but the status one.</summary>
public sealed record QueueSelection(IReadOnlyList<QueueEntry> Rows, int All, IReadOnlyDictionary<ReviewStatus, int> CountsByStatus);

/// <summary>The queue's orders. Every order ends with the queue's own (priority, highest first; then reference and id).</summary>
public static class QueueOrder
{
    public static IComparer<QueueEntry> ByPriority { get; } = Comparer<QueueEntry>.Create(Tie);

    /// <summary>Priority descending, then crime reference (ordinal) and candidate id: the order equal keys fall back to.</summary>
    public static int Tie(QueueEntry? a, QueueEntry? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var c = b.Priority.CompareTo(a.Priority);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.InvestigationRef, b.InvestigationRef);
        return c != 0 ? c : a.CandidateId.CompareTo(b.CandidateId);
    }

    /// <summary>The lifecycle's order (docs/review-form.md): queued, assigned, in review, returned, submitted, approved.</summary>
    public static int StatusRank(ReviewStatus status) => status switch
    {
        ReviewStatus.Queued => 0,
        ReviewStatus.Assigned => 1,
        ReviewStatus.InReview => 2,
        ReviewStatus.Returned => 3,
        ReviewStatus.Submitted => 4,
        _ => 5,
    };

    /// <summary>Since when the case has stood where it is: queued, assigned (or in review), returned, or submitted.</summary>
    public static DateTimeOffset? Since(QueueEntry entry, QueueReview? review)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return review?.Status switch
        {
            null or ReviewStatus.Queued => entry.QueuedAt,
            ReviewStatus.Assigned or ReviewStatus.InReview => review.AssignedAt,
            ReviewStatus.Returned => review.DecidedAt,
            ReviewStatus.Submitted => review.SubmittedAt,
            _ => null,
        };
    }

    /// <summary>
    /// <paramref name="rows"/> (in priority order) sorted by <paramref name="sort"/>. A missing reviewer sorts as an empty name;
    /// by age, "descending" puts the longest-waiting first, and a case with no date (approved) comes last either way.
    /// </summary>
    public static QueueEntry[] Sort(IReadOnlyList<QueueEntry> rows, QueueReviews reviews, QueueSort sort, bool descending)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reviews);
        var sorted = rows.ToArray();
        if (sort == QueueSort.Priority && descending) return sorted;
        Comparison<QueueEntry> key = sort switch
        {
            QueueSort.Reference => (a, b) => string.CompareOrdinal(a.InvestigationRef, b.InvestigationRef),
            QueueSort.Year => (a, b) => a.RecordedYear.CompareTo(b.RecordedYear),
            QueueSort.Reviewer => (a, b) => string.CompareOrdinal(reviews.Of(a.CandidateId)?.ReviewerUserName ?? "", reviews.Of(b.CandidateId)?.ReviewerUserName ?? ""),
            QueueSort.Status => (a, b) => StatusRank(reviews.Of(a.CandidateId)?.Status ?? ReviewStatus.Queued).CompareTo(StatusRank(reviews.Of(b.CandidateId)?.Status ?? ReviewStatus.Queued)),
            _ => (a, b) => a.Priority.CompareTo(b.Priority),
        };
        Comparison<QueueEntry> order = sort == QueueSort.Age
            // Age: most time since (the earliest date) first when descending, least first when ascending; a case with no
            // date (approved) comes after every dated one either way.
            ? (a, b) =>
            {
                var sa = Since(a, reviews.Of(a.CandidateId));
                var sb = Since(b, reviews.Of(b.CandidateId));
                var c = (sa, sb) switch
                {
                    (null, null) => 0,
                    (null, _) => 1,
                    (_, null) => -1,
                    _ => descending ? sa.Value.CompareTo(sb.Value) : sb.Value.CompareTo(sa.Value),
                };
                return c != 0 ? c : Tie(a, b);
            }
        : (a, b) =>
        {
            var c = descending ? key(b, a) : key(a, b);
            return c != 0 ? c : Tie(a, b);
        };
        Array.Sort(sorted, order);
        return sorted;
    }
}
