using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Leads;

/// <summary>The leads of one candidate of a screening run.</summary>
public sealed record CandidateLeads(Candidate Candidate, IReadOnlyList<Lead> Leads);

/// <summary>The leads of every candidate of the latest screening run under a profile.</summary>
public sealed record ScreeningRunLeads(ScreeningRun Run, DateOnly AsOf, bool Linked, IReadOnlyList<CandidateLeads> Candidates)
{
    /// <summary>Every lead, candidate by candidate in queue order.</summary>
    public IEnumerable<Lead> All => Candidates.SelectMany(c => c.Leads);

    /// <summary>How many leads of each kind, every kind listed (zero included), in the spec's order.</summary>
    public IReadOnlyList<(LeadKind Kind, int Count)> CountByKind()
    {
        var counts = All.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enum.GetValues<LeadKind>().Select(k => (k, counts.GetValueOrDefault(k)))];
    }
}

/// <summary>
/// Puts the records Reassess holds to the four questions of a re-assessment (docs/leads.md): for a case, a set of
/// investigations, or every candidate of the latest screening run. People are the ones <c>reassess link</c> resolved;
/// before any link run, a suspect is only the same nominal, and the evidence says so.
/// </summary>
public sealed class LeadFinder(ILinkageFacts linkage)
{
    /// <summary>The leads of one stored investigation, or null when the force holds no such investigation.</summary>
    public async Task<IReadOnlyList<Lead>?> ForCaseAsync(ReassessDbContext db, string force, string investigationRef, CriteriaProfile profile, DateOnly asOf,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(investigationRef);
        var f = force.Trim().ToUpperInvariant();
        var r = investigationRef.Trim();
        var id = await db.Investigations.AsNoTracking().Where(i => i.Force == f && i.InvestigationRef == r).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null) return null;
        var leads = await ForInvestigationsAsync(db, [id.Value], profile, asOf, cancellationToken);
        return leads.TryGetValue(id.Value, out var list) ? list : [];
    }

    /// <summary>The leads of each stored investigation among <paramref name="investigationIds"/> (surrogate keys).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Lead>>> ForInvestigationsAsync(ReassessDbContext db, IReadOnlyCollection<long> investigationIds,
        CriteriaProfile profile, DateOnly asOf, CancellationToken cancellationToken = default) =>
        (await ForInvestigationsLinkedAsync(db, investigationIds, profile, asOf, cancellationToken)).Leads;

    /// <summary>
    /// As <see cref="ForInvestigationsAsync"/>, with whether the leads used people that <c>reassess link</c> resolved
    /// (<see cref="LinkRunExistsAsync"/>), asked once for both.
    /// </summary>
    public async Task<(IReadOnlyDictionary<long, IReadOnlyList<Lead>> Leads, bool Linked)> ForInvestigationsLinkedAsync(ReassessDbContext db,
        IReadOnlyCollection<long> investigationIds, CriteriaProfile profile, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(investigationIds);
        ArgumentNullException.ThrowIfNull(profile);
        var snapshot = await linkage.LoadAsync(db, cancellationToken);
        var linked = await LinkRunExistsAsync(db, cancellationToken);
        var leads = await WithConnectionAsync(db, async (connection, transaction) =>
        {
            var found = await LeadEngine.FindAsync(connection, transaction, investigationIds, LeadRules.For(profile, asOf), snapshot, linked, only: null, cancellationToken);
            return (IReadOnlyDictionary<long, IReadOnlyList<Lead>>)found.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Lead>)kv.Value);
        }, cancellationToken);
        return (leads, linked);
    }

    /// <summary>
    /// The leads of every candidate that still qualifies in the latest screening run under <paramref name="profile"/>, in
    /// queue order, as of <paramref name="asOf"/> (default: the run's own as-of date).
    /// </summary>
    /// <exception cref="LeadsException">No screening run under the profile has completed.</exception>
    public Task<ScreeningRunLeads> ForCandidatesAsync(ReassessDbContext db, CriteriaProfile profile, DateOnly? asOf, CancellationToken cancellationToken = default) =>
        ForCandidatesAsync(db, profile, asOf, force: null, cancellationToken);

    /// <summary>
    /// As <see cref="ForCandidatesAsync(ReassessDbContext, CriteriaProfile, DateOnly?, CancellationToken)"/>, for the
    /// candidates of <paramref name="force"/> only (every force when null).
    /// </summary>
    /// <exception cref="LeadsException">No screening run under the profile has completed.</exception>
    public async Task<ScreeningRunLeads> ForCandidatesAsync(ReassessDbContext db, CriteriaProfile profile, DateOnly? asOf, string? force,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(profile);
        var run = await LatestRunAsync(db, profile.Name, cancellationToken)
            ?? throw new LeadsException($"no screening run under profile {profile.Name}: run 'reassess screen --profile {profile.Name}' first");
        var query = db.Set<Candidate>().AsNoTracking().Where(c => c.ProfileName == profile.Name && c.LatestRunId == run.Id && c.StillQualifies);
        if (force is not null)
        {
            var f = force.Trim().ToUpperInvariant();
            query = query.Where(c => c.Force == f);
        }
        var candidates = (await query.ToListAsync(cancellationToken))
            .OrderByDescending(c => c.Priority).ThenBy(c => c.Force, StringComparer.Ordinal).ThenBy(c => c.InvestigationRef, StringComparer.Ordinal).ToList();
        var day = LeadAsOf.ForRun(asOf, run.AsOf);
        var snapshot = await linkage.LoadAsync(db, cancellationToken);
        var linked = await LinkRunExistsAsync(db, cancellationToken);
        var found = await WithConnectionAsync(db, (connection, transaction) =>
            LeadEngine.FindAsync(connection, transaction, [.. candidates.Select(c => c.InvestigationId)], LeadRules.For(profile, day), snapshot, linked, only: null, cancellationToken),
            cancellationToken);
        return new ScreeningRunLeads(run, day, linked,
            [.. candidates.Select(c => new CandidateLeads(c, found.TryGetValue(c.InvestigationId, out var list) ? list : []))]);
    }

    /// <summary>The latest completed screening run under the profile called <paramref name="profileName"/>, or null.</summary>
    public static Task<ScreeningRun?> LatestRunAsync(ReassessDbContext db, string profileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<ScreeningRun>().AsNoTracking().Where(r => r.ProfileName == profileName && r.CompletedAt != null)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Whether <c>reassess link</c> has resolved people (a run finished its probabilistic stage).</summary>
    public static async Task<bool> LinkRunExistsAsync(ReassessDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Plain SQL on the context's connection. Through LINQ, EF Core spent about 0.1 ms a call finding its cached plan
        // again (3% of a case page's first view, asked for every case's leads); a compiled query would not, but is bound
        // to one model, and the demo asks this of a SQLite and a PostgreSQL database in one process.
        var found = await StoredStamp.ReadAsync(db, LinkRunSql, cancellationToken);
        return found[0] == "1";
    }

    private static readonly string LinkRunSql =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM linkage_runs WHERE completed_stage IN " +
        $"('{Token.Of(LinkageStage.Probabilistic)}', '{Token.Of(LinkageStage.Networks)}')) THEN 1 ELSE 0 END";

    private static async Task<T> WithConnectionAsync<T>(ReassessDbContext db, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction?, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work(connection, db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
