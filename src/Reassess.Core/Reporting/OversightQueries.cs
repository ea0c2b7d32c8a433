using Microsoft.EntityFrameworkCore;
using Reassess.Linkage.Networks;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting;

/// <summary>One force's queue in numbers: candidates that still qualify, by where their review stands.</summary>
public sealed record ForceQueueCounts(string Force, int Candidates, int Linked, IReadOnlyDictionary<ReviewStatus, int> ByStatus);

/// <summary>An investigation in a cross-force network, with its candidate id when it is in a queue.</summary>
public sealed record AlertInvestigation(string Force, string InvestigationRef, long? CandidateId);

/// <summary>An offender network whose people come from more than one force: no single force sees all of it.</summary>
public sealed record CrossForceAlert(string Label, IReadOnlyList<string> Forces, int Suspects, int Victims, int People, IReadOnlyList<AlertInvestigation> Investigations);

/// <summary>
/// A current offender network with members in two or more forces, as stored by linkage; <c>InvestigationKeys</c> are its
/// investigations as <c>FORCE/REF</c>.
/// </summary>
public sealed record CrossForceNetwork(string Label, IReadOnlyList<string> Forces, int Suspects, int Victims, int People, IReadOnlyList<string> InvestigationKeys)
{
    /// <summary>The investigations as (force, reference) pairs; a key without a force is left out.</summary>
    public IEnumerable<(string Force, string InvestigationRef)> Investigations =>
        InvestigationKeys.Select(k => k.Split('/', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]));
}

/// <summary>
/// National oversight's aggregate views across every force: the numbers of each force's queue and the offender networks
/// that cross forces. Counts and network labels only; a case's detail opens (after a justification) from its own page.
/// </summary>
public sealed class OversightQueries(ReassessDbContext db)
{
    public async Task<IReadOnlyList<ForceQueueCounts>> CountsByForceAsync(CancellationToken cancellationToken = default)
    {
        var candidates = db.Set<Candidate>().AsNoTracking().Where(c => c.StillQualifies);
        var totals = await candidates.GroupBy(c => new { c.Force, c.Basis })
            .Select(g => new { g.Key.Force, g.Key.Basis, Count = g.Count() }).ToListAsync(cancellationToken);
        var reviewed = await (
            from r in db.Set<Review>().AsNoTracking()
            join c in candidates on r.CandidateId equals c.Id
            group r by new { c.Force, r.Status } into g
            select new { g.Key.Force, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        return [.. totals.Select(t => t.Force).Distinct().Order(StringComparer.Ordinal).Select(force =>
        {
            var all = totals.Where(t => t.Force == force).Sum(t => t.Count);
            var byStatus = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, s => reviewed.Where(r => r.Force == force && r.Status == s).Sum(r => r.Count));
            byStatus[ReviewStatus.Queued] += all - reviewed.Where(r => r.Force == force).Sum(r => r.Count);
            return new ForceQueueCounts(force, all, totals.Where(t => t.Force == force && t.Basis == CandidateBasis.Linked).Sum(t => t.Count), byStatus);
        })];
    }

    /// <summary>
    /// The one reading of the offender networks that cross forces, largest first (most suspects, then most people, then by
    /// label); at most <paramref name="limit"/> when given. The national report groups them, the oversight page lists them.
    /// </summary>
    public static async Task<IReadOnlyList<CrossForceNetwork>> CrossForceNetworksAsync(ReassessDbContext db, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Forces are stored sorted and joined with ';' (OffenderNetwork.Forces): a separator means two or more forces.
        var query = db.Set<OffenderNetwork>().AsNoTracking().Where(n => n.Forces.Contains(";"))
            .OrderByDescending(n => n.Suspects).ThenByDescending(n => n.People).ThenBy(n => n.Label)
            .Select(n => new { n.Label, n.Forces, n.Suspects, n.Victims, n.People, n.Investigations });
        var networks = await (limit is { } l ? query.Take(l) : query).ToListAsync(cancellationToken);
        return [.. networks
            .Select(n => new CrossForceNetwork(n.Label, Split(n.Forces), n.Suspects, n.Victims, n.People, Split(n.Investigations)))
            .Where(n => n.Forces.Count >= 2)];
    }

    /// <summary>Offender networks with members in two or more forces, largest first, with each investigation's candidate.</summary>
    public async Task<IReadOnlyList<CrossForceAlert>> CrossForceAlertsAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        var networks = await CrossForceNetworksAsync(db, limit, cancellationToken);
        var refs = networks.SelectMany(n => n.Investigations).Select(k => k.InvestigationRef).Distinct().ToList();
        var candidates = (await db.Set<Candidate>().AsNoTracking().Where(c => refs.Contains(c.InvestigationRef))
                .Select(c => new { c.Force, c.InvestigationRef, c.Id, c.StillQualifies }).ToListAsync(cancellationToken))
            .GroupBy(c => (c.Force, c.InvestigationRef))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.StillQualifies).ThenByDescending(c => c.Id).First().Id);
        return [.. networks.Select(n => new CrossForceAlert(
            n.Label, n.Forces, n.Suspects, n.Victims, n.People,
            [.. n.Investigations.Select(k => new AlertInvestigation(k.Force, k.InvestigationRef, candidates.TryGetValue(k, out var id) ? id : null))]))];
    }

    private static string[] Split(string? joined) =>
        (joined ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
}
