using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Import;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Prioritisation;

/// <summary>The queue's sortable columns.</summary>
public enum QueueSort { Priority, Reference, Year, Status, Reviewer, Age }

/// <summary>
/// What the triage page asks of the queue: the filters of <see cref="QueueFilter"/>, a search text and a sort. The search
/// finds a crime reference, a nominal of the force by name, or an identifier (phone, vehicle, email) normalised as the
/// import normalises it.
/// </summary>
public sealed record QueueQuery
{
    public QueueFilter Filter { get; init; } = new();
    public string? Search { get; init; }
    public QueueSort Sort { get; init; } = QueueSort.Priority;
    /// <summary>Descending; the default for priority and age (most urgent, oldest first).</summary>
    public bool Descending { get; init; } = true;
}

/// <summary>One row of the triage queue: the candidate, where its review stands, since when, and its leading factors.</summary>
public sealed record TriageRow(
    long CandidateId,
    string InvestigationRef,
    long InvestigationId,
    double Priority,
    string Typologies,
    CandidateBasis Basis,
    int RecordedYear,
    ReviewStatus Status,
    string? ReviewerUserName,
    DateTimeOffset? Since,
    IReadOnlyList<string> TopFactors);

/// <summary>A page of the triage queue, with the counts by status under the same filters and search.</summary>
public sealed record TriagePage(
    IReadOnlyList<TriageRow> Rows,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<ReviewStatus, int> CountsByStatus,
    bool Searched);

/// <summary>
/// The triage queue of a force: the candidates of its latest screening run that still qualify (as
/// <see cref="ReviewQueries.QueueAsync"/> lists them), searched and sorted. Every read starts from an index: candidates by
/// (force, run, priority…) or (force, crime reference), people by (force, surname), identifiers by (kind, value),
/// involvements by person, reviews by candidate.
/// </summary>
public sealed class QueueSearch(ReassessDbContext db, QueueCounts? queueCounts = null)
{
    /// <summary>At most this many investigations are taken from one search (a common surname in a national force).</summary>
    public const int SearchLimit = 500;

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
            var refs = await MatchingReferencesAsync(force, query.Search!, cancellationToken);
            if (refs.Count == 0) return empty;
            candidates = candidates.Where(c => refs.Contains(c.InvestigationRef));
        }
        var reviews = Reviews(force, filter);
        if (!string.IsNullOrWhiteSpace(filter.Reviewer)) candidates = candidates.Where(c => reviews.Any(r => r.CandidateId == c.Id));

        // As the queue counts: every filter but the status one, queued being whatever has no review (or a queued one).
        var countKey = new QueueCounts.Key(force, runId.Value, filter.Typology?.Trim().ToLowerInvariant(), filter.Year, filter.Basis);
        var cacheable = queueCounts is not null && !searched && string.IsNullOrWhiteSpace(filter.Reviewer);
        int all;
        if (cacheable && queueCounts!.TryGet(countKey, out var known)) all = known;
        else
        {
            all = await candidates.CountAsync(cancellationToken);
            if (cacheable) queueCounts!.Set(countKey, all);
        }
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

    /// <summary>
    /// "Take next": the highest-priority queued candidate matching <paramref name="query"/> (its sort is ignored) that is
    /// not <paramref name="skip"/>ped, or null when none is left.
    /// </summary>
    public async Task<(long CandidateId, string InvestigationRef)?> NextQueuedAsync(Actor actor, QueueQuery query, IReadOnlyCollection<long> skip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(skip);
        var page = await QueryAsync(actor, query with
        {
            Filter = query.Filter with { Status = ReviewStatus.Queued, Page = 1, PageSize = skip.Count + 1 },
            Sort = QueueSort.Priority,
            Descending = true,
        }, cancellationToken);
        var next = page.Rows.FirstOrDefault(r => !skip.Contains(r.CandidateId));
        return next is null ? null : (next.CandidateId, next.InvestigationRef);
    }

    /// <summary>
    /// The crime references of the force's investigations that <paramref name="search"/> finds: by reference, by a nominal's
    /// surname (optionally after forenames), or by a phone, vehicle or email as the import normalises it.
    /// </summary>
    public async Task<IReadOnlyList<string>> MatchingReferencesAsync(string force, string search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(search);
        var text = search.Trim();
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (text.Length == 0) return [];

        // A crime reference, as typed or upper-cased (exports write them in capitals).
        var refs = new[] { text, text.ToUpperInvariant() }.Distinct().ToList();
        found.UnionWith(await db.Set<Candidate>().AsNoTracking().Where(c => c.Force == force && refs.Contains(c.InvestigationRef))
            .Select(c => c.InvestigationRef).Distinct().ToListAsync(cancellationToken));

        // An identifier: each kind the text can be read as, normalised exactly as the import stores it.
        var identifiers = new List<(IdentifierKind Kind, string Value)>();
        if (Normalise.Phone(text) is { } phone && text.Any(char.IsDigit)) identifiers.Add((IdentifierKind.Phone, phone));
        if (Normalise.Vehicle(text) is { } mark && mark.Any(char.IsDigit)) identifiers.Add((IdentifierKind.Vehicle, mark));
        if (Normalise.Email(text) is { } email) identifiers.Add((IdentifierKind.Email, email));
        foreach (var (kind, value) in identifiers)
        {
            var hits = await db.Identifiers.AsNoTracking().Where(i => i.Kind == kind && i.Value == value && i.Force == force)
                .Select(i => new { i.InvestigationRef, i.PersonId }).Take(SearchLimit).ToListAsync(cancellationToken);
            found.UnionWith(hits.Where(h => h.InvestigationRef != null).Select(h => h.InvestigationRef!));
            var people = hits.Where(h => h.PersonId != null).Select(h => h.PersonId!.Value).Distinct().ToList();
            if (people.Count > 0) found.UnionWith(await InvolvedInAsync(people, cancellationToken));
        }

        // A nominal's name: the last word is the surname (as recorded, title case or capitals), any words before it
        // must begin the forenames.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.All(w => w.All(ch => char.IsLetter(ch) || ch is '-' or '\'')))
        {
            var surname = words[^1];
            var spellings = new[] { surname, surname.ToUpperInvariant(), TitleCase(surname), surname.ToLowerInvariant() }.Distinct().ToList();
            var people = await db.People.AsNoTracking().Where(p => p.Force == force && spellings.Contains(p.Surname))
                .Select(p => new { p.Id, p.Forenames }).Take(SearchLimit).ToListAsync(cancellationToken);
            var forenames = string.Join(' ', words[..^1]);
            var ids = people.Where(p => forenames.Length == 0 || (p.Forenames ?? "").StartsWith(forenames, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Id).ToList();
            if (ids.Count > 0) found.UnionWith(await InvolvedInAsync(ids, cancellationToken));
        }
        return [.. found.Order(StringComparer.Ordinal).Take(SearchLimit)];
    }

    private async Task<List<string>> InvolvedInAsync(List<long> people, CancellationToken cancellationToken) =>
        await db.Involvements.AsNoTracking().Where(i => people.Contains(i.PersonId)).Select(i => i.InvestigationRef).Distinct()
            .Take(SearchLimit).ToListAsync(cancellationToken);

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

    private static string TitleCase(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();

    private sealed class Joined
    {
        public required Candidate C { get; init; }
        public Review? R { get; init; }
        public DateTimeOffset QueuedAt { get; init; }
    }
}
