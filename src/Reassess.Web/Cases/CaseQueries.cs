using Microsoft.EntityFrameworkCore;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Web.Cases;

/// <summary>The values the queue's filters offer for a force.</summary>
public sealed record QueueFilterOptions(IReadOnlyList<string> Typologies, IReadOnlyList<int> Years, IReadOnlyList<string> Reviewers);

/// <summary>
/// Read-side queries of the workbench pages that <see cref="ReviewQueries"/> does not answer (filter options, the case's facts;
/// linked investigations and the network are <see cref="CaseNetworkQueries"/>). Every query is scoped to one force: the caller has
/// already established that the user may see it. Lifecycle rules stay in <see cref="ReviewService"/>.
/// </summary>
public sealed class CaseQueries(ReassessDbContext db, ScreenedValuesCache screenedValues)
{
    /// <summary>
    /// What the queue's filters can choose from (the queue itself is <see cref="ReviewQueries.QueueAsync"/>). Typologies
    /// and years change only when screening runs, so they are read once per force and run (they scan every candidate);
    /// reviewers change with every assignment and are read each time.
    /// </summary>
    public async Task<QueueFilterOptions> FilterOptionsAsync(string force, CancellationToken cancellationToken = default)
    {
        var run = await db.Set<ScreeningRun>().MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        if (!screenedValues.TryGet(force, run, out var values))
        {
            var candidates = db.Set<Candidate>().AsNoTracking().Where(c => c.Force == force && c.StillQualifies);
            var typologies = (await candidates.Select(c => c.Typologies).Distinct().ToListAsync(cancellationToken))
                .SelectMany(t => t.Split(';', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal).ToList();
            var years = await candidates.Select(c => c.RecordedYear).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);
            values = (typologies, years);
            screenedValues.Set(force, run, values);
        }
        var reviewers = await db.Set<Review>().AsNoTracking().Where(r => r.Force == force && r.ReviewerUserName != null)
            .Select(r => r.ReviewerUserName!).Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
        return new QueueFilterOptions(values.Typologies, values.Years, reviewers);
    }

    /// <summary>The stored data's version (see <see cref="DataVersion"/>).</summary>
    public Task<DataVersion> DataVersionAsync(CancellationToken cancellationToken = default) => DataVersion.ReadAsync(db, cancellationToken);

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

    public async Task<IReadOnlyList<ReviewVersion>> VersionsAsync(long candidateId, CancellationToken cancellationToken = default) =>
        await db.Set<ReviewVersion>().AsNoTracking().Where(v => v.CandidateId == candidateId).OrderBy(v => v.Number).ToListAsync(cancellationToken);

    /// <summary>Active reviewers and supervisors of a force (whom a supervisor may assign to).</summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(string force, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking()
            .Where(u => u.Force == force && !u.Disabled && (u.Role == Access.Roles.Reviewer || u.Role == Access.Roles.Supervisor))
            .OrderBy(u => u.UserName).Select(u => u.UserName!).ToListAsync(cancellationToken);

    /// <summary>The people of an investigation with their part in it.</summary>
    public async Task<IReadOnlyList<(Involvement Involvement, Person Person)>> PeopleAsync(long investigationId, CancellationToken cancellationToken = default)
    {
        var rows = await Compiled.People(db, investigationId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(x => x.Involvement.Role).ThenBy(x => x.Person.Surname).Select(x => (x.Involvement, x.Person))];
    }

    /// <summary>Identifiers recorded with the investigation or its people.</summary>
    public async Task<IReadOnlyList<Identifier>> IdentifiersAsync(long investigationId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken = default) =>
        await Compiled.Identifiers(db, investigationId, [.. personIds]).ToListAsync(cancellationToken);
}

/// <summary>
/// The case page's fixed lookups, compiled once: every page runs them, and a compiled query skips working out again, from
/// the expression, which cached query it is.
/// </summary>
internal static class Compiled
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

/// <summary>The typologies and years a force's candidates carry, per force and latest screening run.</summary>
public sealed class ScreenedValuesCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Run, IReadOnlyList<string> Typologies, IReadOnlyList<int> Years)> _byForce =
        new(StringComparer.Ordinal);

    public bool TryGet(string force, long run, out (IReadOnlyList<string> Typologies, IReadOnlyList<int> Years) values)
    {
        if (_byForce.TryGetValue(force, out var hit) && hit.Run == run)
        {
            values = (hit.Typologies, hit.Years);
            return true;
        }
        values = default;
        return false;
    }

    public void Set(string force, long run, (IReadOnlyList<string> Typologies, IReadOnlyList<int> Years) values) =>
        _byForce[force] = (run, values.Typologies, values.Years);
}
