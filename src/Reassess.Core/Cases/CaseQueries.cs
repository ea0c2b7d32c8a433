using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Records;
using Reassess.Reference;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// The case read model: everything known about one candidate, as the case page, the review page and the benchmark read it,
/// and the small lookups those pages need. Scoped like <see cref="ReviewService"/>: another force's case is not found
/// (<see cref="CaseRules.MaySeeCasesOf"/>). The screening explanation and the links are derived from data that rarely
/// changes, so they are kept in <see cref="CaseCaches"/> under the <see cref="DataVersion"/> they were built from.
/// </summary>
public sealed class CaseQueries(ReassessDbContext db, TimeProvider clock, CaseCaches caches)
{
    /// <summary>The case page of a candidate, or null when there is no such case for this actor (another force's included).</summary>
    public async Task<CaseDetail?> CaseAsync(Actor actor, long candidateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidate = await CandidateAsync(candidateId, cancellationToken);
        return candidate is null ? null : await CaseAsync(actor, candidate, cancellationToken);
    }

    /// <summary>The case page of <paramref name="candidate"/> as already read (by the page's access check), or null when the actor may not see it.</summary>
    public async Task<CaseDetail?> CaseAsync(Actor actor, Candidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!CaseRules.MaySeeCasesOf(actor, candidate.Force)) return null;
        // A dozen small queries: on one connection rather than one opened and closed for each.
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync(actor, candidate, cancellationToken);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<CaseDetail?> ReadAsync(Actor actor, Candidate candidate, CancellationToken cancellationToken)
    {
        var investigation = await InvestigationAsync(candidate.InvestigationId, cancellationToken);
        if (investigation is null) return null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var involved = await PeopleAsync(investigation.Id, cancellationToken);
        var people = involved
            .Select(x => new CasePerson(
                x.Person.Id, x.Person.PersonRef, NameOf(x.Person), x.Involvement.Role, x.Involvement.Relationship, x.Involvement.SuspectDisposal,
                x.Involvement.Arrested, x.Involvement.Interviewed,
                x.Person.DateOfBirth, AgeAtOffence.Years(x.Person.DateOfBirth, investigation.OffenceFrom),
                x.Person.DateOfDeath is null ? AgeAtOffence.Years(x.Person.DateOfBirth, today) : null,
                x.Person.Sex, x.Person.SelfDefinedEthnicity, x.Person.OfficerObservedEthnicity, x.Person.Nationality, x.Person.Occupation, x.Person.DateOfDeath))
            .ToList();

        var review = await ReviewAsync(candidate.Id, cancellationToken);
        var versions = await VersionsAsync(candidate.Id, cancellationToken);
        var history = await HistoryAsync(candidate.Id, cancellationToken);
        var run = await RunAsync(candidate.LatestRunId, cancellationToken);
        var identifiers = await IdentifiersAsync(investigation.Id, [.. involved.Select(p => p.Person.Id).Distinct()], cancellationToken);

        // The explanation and the links are derived from data that rarely changes: rebuilt only when it has.
        var version = await DataVersion.ReadAsync(db, cancellationToken);
        var explanation = await caches.Views.ExplanationAsync(candidate.Id, version,
            () => new CaseExplainer(db, clock, caches.Linkage, caches.Profiles).ExplainAsync(candidate, run, investigation, involved, cancellationToken));
        var links = await caches.Views.LinksAsync(candidate.Id, version, $"{actor.Role}:{actor.Force}",
            () => new CaseNetworkQueries(db).LinksAsync(investigation, involved, identifiers, force => CaseRules.MaySeeCasesOf(actor, force), cancellationToken));

        var evidence = await CrossForceText.ForViewerAsync(db, candidate.LinkedEvidence ?? explanation.Explanation?.Assessment.LinkedEvidence,
            force => CaseRules.MaySeeCasesOf(actor, force), cancellationToken);
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
            CaseRules.ActionsFor(actor, candidate, review),
            run,
            identifiers,
            explanation,
            links)
        { LinkedEvidence = evidence };
    }

    /// <summary><c>name=contribution</c> pairs joined with <c>;</c> (docs: the candidates CSV), as a list; unreadable pairs are skipped.</summary>
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

    /// <summary>Active reviewers and supervisors of a force (whom a supervisor may assign to), as <see cref="ReviewQueries"/> lists them.</summary>
    public Task<IReadOnlyList<string>> AssigneesAsync(string force, CancellationToken cancellationToken = default) =>
        new ReviewQueries(db).AssigneesAsync(force, cancellationToken);

    /// <summary>
    /// Where each of these candidates of <paramref name="force"/> stands (queued when it has no review yet), in crime
    /// reference order; ids of another force are left out. A supervisor's reassignment is planned and confirmed on these.
    /// </summary>
    public async Task<IReadOnlyList<CaseStatus>> StatusesAsync(string force, IEnumerable<long> candidateIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(candidateIds);
        var wanted = candidateIds.Distinct().ToList();
        var code = force.ToUpperInvariant();
        var rows = await (
            from c in db.Set<Candidate>().AsNoTracking()
            where wanted.Contains(c.Id) && c.Force == code
            join r in db.Set<Review>().AsNoTracking() on c.Id equals r.CandidateId into rs
            from r in rs.DefaultIfEmpty()
            select new { c.Id, c.InvestigationRef, Status = r == null ? ReviewStatus.Queued : r.Status, Reviewer = r == null ? null : r.ReviewerUserName })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.InvestigationRef, StringComparer.Ordinal).Select(r => new CaseStatus(r.Id, r.InvestigationRef, r.Status, r.Reviewer))];
    }

    /// <summary>The candidate with this id, whatever its force (the caller checks the user may see it).</summary>
    public Task<Candidate?> CandidateAsync(long candidateId, CancellationToken cancellationToken = default) =>
        Compiled.Candidate(db, candidateId, cancellationToken);

    public Task<Review?> ReviewAsync(long candidateId, CancellationToken cancellationToken = default) =>
        Compiled.Review(db, candidateId, cancellationToken);

    public Task<Investigation?> InvestigationAsync(long id, CancellationToken cancellationToken = default) =>
        Compiled.Investigation(db, id, cancellationToken);

    public Task<ScreeningRun?> RunAsync(long id, CancellationToken cancellationToken = default) =>
        Compiled.Run(db, id, cancellationToken);

    public async Task<IReadOnlyList<ReviewTransition>> HistoryAsync(long candidateId, CancellationToken cancellationToken = default) =>
        await Compiled.History(db, candidateId).ToListAsync(cancellationToken);

    /// <summary>The review's submitted versions, first first.</summary>
    public async Task<IReadOnlyList<ReviewVersion>> VersionsAsync(long candidateId, CancellationToken cancellationToken = default) =>
        await Compiled.Versions(db, candidateId).ToListAsync(cancellationToken);

    /// <summary>The people of an investigation with their part in it: by role, then surname (ordinal), then person id.</summary>
    public async Task<IReadOnlyList<(Involvement Involvement, Person Person)>> PeopleAsync(long investigationId, CancellationToken cancellationToken = default)
    {
        var rows = await Compiled.People(db, investigationId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(x => x.Involvement.Role).ThenBy(x => x.Person.Surname, StringComparer.Ordinal).ThenBy(x => x.Person.Id)
            .Select(x => (x.Involvement, x.Person))];
    }

    /// <summary>Identifiers recorded with the investigation or its people (at most 500).</summary>
    public async Task<IReadOnlyList<Identifier>> IdentifiersAsync(long investigationId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken = default) =>
        await Compiled.Identifiers(db, investigationId, [.. personIds]).ToListAsync(cancellationToken);

    private static string NameOf(Person p) => string.IsNullOrWhiteSpace(p.Forenames) ? p.Surname : $"{p.Forenames} {p.Surname}";

    /// <summary>
    /// The case page's fixed lookups, compiled once: every page runs them, and a compiled query skips working out again, from
    /// the expression, which cached query it is.
    /// </summary>
    private static class Compiled
    {
        public sealed record PersonInCase(Involvement Involvement, Person Person);

        public static readonly Func<ReassessDbContext, long, CancellationToken, Task<Candidate?>> Candidate =
            EF.CompileAsyncQuery((ReassessDbContext db, long id, CancellationToken _) => db.Set<Candidate>().AsNoTracking().FirstOrDefault(c => c.Id == id));

        public static readonly Func<ReassessDbContext, long, CancellationToken, Task<Review?>> Review =
            EF.CompileAsyncQuery((ReassessDbContext db, long candidateId, CancellationToken _) => db.Set<Review>().AsNoTracking().FirstOrDefault(r => r.CandidateId == candidateId));

        public static readonly Func<ReassessDbContext, long, CancellationToken, Task<Investigation?>> Investigation =
            EF.CompileAsyncQuery((ReassessDbContext db, long id, CancellationToken _) => db.Investigations.AsNoTracking().FirstOrDefault(i => i.Id == id));

        public static readonly Func<ReassessDbContext, long, CancellationToken, Task<ScreeningRun?>> Run =
            EF.CompileAsyncQuery((ReassessDbContext db, long id, CancellationToken _) => db.Set<ScreeningRun>().AsNoTracking().FirstOrDefault(r => r.Id == id));

        public static readonly Func<ReassessDbContext, long, IAsyncEnumerable<ReviewTransition>> History =
            EF.CompileAsyncQuery<ReassessDbContext, long, ReviewTransition>((db, candidateId) => db.Set<ReviewTransition>().AsNoTracking().Where(t => t.CandidateId == candidateId).OrderBy(t => t.Id));

        public static readonly Func<ReassessDbContext, long, IAsyncEnumerable<ReviewVersion>> Versions =
            EF.CompileAsyncQuery<ReassessDbContext, long, ReviewVersion>((db, candidateId) => db.Set<ReviewVersion>().AsNoTracking().Where(v => v.CandidateId == candidateId).OrderBy(v => v.Number));

        public static readonly Func<ReassessDbContext, long, long[], IAsyncEnumerable<Identifier>> Identifiers =
            EF.CompileAsyncQuery((ReassessDbContext db, long investigationId, long[] personIds) => db.Identifiers.AsNoTracking()
                .Where(x => x.InvestigationId == investigationId || (x.PersonId != null && personIds.Contains(x.PersonId.Value)))
                .Take(500));

        public static readonly Func<ReassessDbContext, long, IAsyncEnumerable<PersonInCase>> People =
            EF.CompileAsyncQuery((ReassessDbContext db, long investigationId) =>
                from i in db.Involvements.AsNoTracking()
                where i.InvestigationId == investigationId
                join p in db.People.AsNoTracking() on i.PersonId equals p.Id
                select new PersonInCase(i, p));
    }
}

/// <summary>Where one candidate stands: its review's status (queued when it has none) and reviewer.</summary>
public sealed record CaseStatus(long CandidateId, string InvestigationRef, ReviewStatus Status, string? Reviewer);
