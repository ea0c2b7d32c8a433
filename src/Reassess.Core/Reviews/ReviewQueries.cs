using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Records;
using Reassess.Reference;
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

/// <summary>A person in the investigation, as the case page shows them.</summary>
public sealed record CasePerson(
    long PersonId,
    string PersonRef,
    string Name,
    InvolvementRole Role,
    SuspectRelationship? Relationship,
    SuspectDisposal? SuspectDisposal,
    bool? Arrested,
    bool? Interviewed,
    DateOnly? DateOfBirth,
    int? AgeAtOffence,
    int? AgeToday,
    Sex? Sex,
    string? SelfDefinedEthnicity,
    string? OfficerObservedEthnicity,
    string? Nationality,
    string? Occupation,
    DateOnly? DateOfDeath)
{
    /// <summary>A self-defined ethnicity other than <c>NS</c> is recorded (the data-quality report's definition).</summary>
    public bool EthnicityRecorded => SelfDefinedEthnicity is { } e && !string.Equals(e, SelfDefinedEthnicities.NotStated, StringComparison.OrdinalIgnoreCase);

    /// <summary>The 18+1 name of the self-defined ethnicity, when recorded.</summary>
    public string? EthnicityName => SelfDefinedEthnicities.Find(SelfDefinedEthnicity)?.Name;
}

/// <summary>One named priority factor and what it contributed to the score.</summary>
public sealed record PriorityContribution(string Name, double Contribution);

/// <summary>What the actor may do with the case now, by the same rules <see cref="ReviewService"/> enforces.</summary>
public sealed record CaseActions(bool CanTake, bool CanAssign, bool CanEdit, bool CanSignOff, bool CanReopen);

/// <summary>
/// Everything the case page shows about one candidate. <c>Run</c> is the screening run that last assessed it: its profile
/// and as-of date are what <c>ScreeningService.ExplainAsync</c> needs to say why the case was screened in.
/// </summary>
public sealed record CaseDetail(
    Candidate Candidate,
    Investigation Investigation,
    IReadOnlyList<string> OffenceDescriptions,
    string? OutcomeDescription,
    IReadOnlyList<PriorityContribution> PriorityFactors,
    IReadOnlyList<CasePerson> People,
    Review? Review,
    ReviewForm Form,
    IReadOnlyList<ReviewVersion> Versions,
    IReadOnlyList<ReviewTransition> History,
    CaseActions Actions,
    ScreeningRun? Run)
{

    public ReviewStatus Status => Review?.Status ?? ReviewStatus.Queued;
}

/// <summary>
/// The workbench's reads: the queue, "my work", "awaiting sign-off" and the case page. Scoped like
/// <see cref="ReviewService"/>: another force's case is not found.
/// </summary>
public sealed class ReviewQueries(ReassessDbContext db, TimeProvider clock, QueueCounts? queueCounts = null)
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

    /// <summary>The case page of a candidate, or null when there is no such case for this actor (another force's included).</summary>
    public async Task<CaseDetail?> CaseAsync(Actor actor, long candidateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidate = await db.Set<Candidate>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == candidateId, cancellationToken);
        if (candidate is null || !ReviewService.CanSeeCasesOf(actor, candidate.Force)) return null;
        var investigation = await db.Investigations.AsNoTracking().FirstAsync(i => i.Id == candidate.InvestigationId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var involved = await (
            from i in db.Involvements.AsNoTracking()
            where i.InvestigationId == investigation.Id
            join p in db.People.AsNoTracking() on i.PersonId equals p.Id
            select new { i, p }).ToListAsync(cancellationToken);
        var people = involved
            .OrderBy(x => x.i.Role).ThenBy(x => x.p.Surname, StringComparer.Ordinal).ThenBy(x => x.p.Id)
            .Select(x => new CasePerson(
                x.p.Id, x.p.PersonRef, NameOf(x.p), x.i.Role, x.i.Relationship, x.i.SuspectDisposal, x.i.Arrested, x.i.Interviewed,
                x.p.DateOfBirth, AgeAtOffence.Years(x.p.DateOfBirth, investigation.OffenceFrom),
                x.p.DateOfDeath is null ? AgeAtOffence.Years(x.p.DateOfBirth, today) : null,
                x.p.Sex, x.p.SelfDefinedEthnicity, x.p.OfficerObservedEthnicity, x.p.Nationality, x.p.Occupation, x.p.DateOfDeath))
            .ToList();

        var review = await db.Set<Review>().AsNoTracking().FirstOrDefaultAsync(r => r.CandidateId == candidateId, cancellationToken);
        IReadOnlyList<ReviewVersion> versions = review is null ? [] :
            await db.Set<ReviewVersion>().AsNoTracking().Where(v => v.ReviewId == review.Id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        var history = await db.Set<ReviewTransition>().AsNoTracking().Where(t => t.CandidateId == candidateId).OrderBy(t => t.Id)
            .ToListAsync(cancellationToken);

        var codes = ChildSexualOffence.SplitCodes(investigation.OffenceCodes);
        return new CaseDetail(
            candidate,
            investigation,
            [.. codes.Select(c => SexualOffenceCodes.Find(c) is { } known ? $"{known.Code} {known.Name}" : c)],
            OutcomeTypes.Find(investigation.OutcomeCode) is { } outcome ? $"{outcome.Code} {outcome.Name}" : investigation.OutcomeCode,
            ParseFactors(candidate.PriorityFactors),
            people,
            review,
            review?.ReadForm() ?? new ReviewForm(),
            versions,
            history,
            ActionsFor(actor, candidate, review),
            await db.Set<ScreeningRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == candidate.LatestRunId, cancellationToken));
    }

    /// <summary>
    /// The users a case of the actor's force can be assigned to (active reviewers and supervisors of that force), by name:
    /// the choices of the assign box and of the queue's reviewer filter.
    /// </summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Roles.IsForceScoped(actor.Role) || actor.Force is null) return [];
        var force = actor.Force.ToUpperInvariant();
        var names = await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && u.Force != null && u.Force.ToUpper() == force && (u.Role == Roles.Reviewer || u.Role == Roles.Supervisor))
            .Select(u => u.UserName!)
            .ToListAsync(cancellationToken);
        return [.. names.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary><c>name=contribution</c> pairs joined with <c>;</c> (outputs.md), as a list; unreadable pairs are skipped.</summary>
    public static IReadOnlyList<PriorityContribution> ParseFactors(string? factors)
    {
        if (string.IsNullOrWhiteSpace(factors)) return [];
        var list = new List<PriorityContribution>();
        foreach (var pair in factors.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.LastIndexOf('=');
            if (eq > 0 && double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                list.Add(new(pair[..eq], value));
        }
        return list;
    }

    /// <summary>What <paramref name="actor"/> may do with the case, by <see cref="ReviewService"/>'s rules.</summary>
    public static CaseActions ActionsFor(Actor actor, Candidate candidate, Review? review)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(candidate);
        var inForce = Roles.IsForceScoped(actor.Role) && actor.IsOfForce(candidate.Force);
        var status = review?.Status ?? ReviewStatus.Queued;
        var supervisor = inForce && actor.Role == Roles.Supervisor;
        var reviewerRole = inForce && actor.Role is Roles.Reviewer or Roles.Supervisor;
        return new CaseActions(
            CanTake: reviewerRole && status == ReviewStatus.Queued,
            CanAssign: supervisor && status is ReviewStatus.Queued or ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned,
            CanEdit: reviewerRole && actor.Is(review?.ReviewerUserName) && status is ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned,
            CanSignOff: supervisor && status == ReviewStatus.Submitted && !actor.Is(review?.ReviewerUserName),
            CanReopen: supervisor && status == ReviewStatus.Approved);
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

    private static string NameOf(Person p) => string.IsNullOrWhiteSpace(p.Forenames) ? p.Surname : $"{p.Forenames} {p.Surname}";
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
