using Microsoft.EntityFrameworkCore;
using Reassess.Linkage.Networks;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Web.Oversight;

/// <summary>One force's queue in numbers: candidates that still qualify, by where their review stands.</summary>
public sealed record ForceCounts(string Force, int Candidates, int Linked, IReadOnlyDictionary<ReviewStatus, int> ByStatus);

/// <summary>An investigation in a cross-force network, with its candidate id when it is in a queue.</summary>
public sealed record AlertInvestigation(string Force, string InvestigationRef, long? CandidateId);

/// <summary>An offender network whose people come from more than one force: no single force sees all of it.</summary>
public sealed record CrossForceAlert(string Label, IReadOnlyList<string> Forces, int Suspects, int Victims, int People, IReadOnlyList<AlertInvestigation> Investigations);

/// <summary>
/// National oversight's aggregate views across every force: the numbers of each force's queue and the offender networks
/// that cross forces. Counts and network labels only; a case's detail opens (after a justification) from its own page.
/// </summary>
public sealed class OversightQueries(ReassessDbContext db)
{
    public async Task<IReadOnlyList<ForceCounts>> CountsByForceAsync(CancellationToken cancellationToken = default)
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
            return new ForceCounts(force, all, totals.Where(t => t.Force == force && t.Basis == CandidateBasis.Linked).Sum(t => t.Count), byStatus);
        })];
    }

    /// <summary>Offender networks with members in two or more forces, largest first.</summary>
    public async Task<IReadOnlyList<CrossForceAlert>> CrossForceAlertsAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        var networks = await db.Set<OffenderNetwork>().AsNoTracking().Where(n => n.Forces.Contains(";"))
            .OrderByDescending(n => n.Suspects).ThenByDescending(n => n.People).ThenBy(n => n.Label).Take(limit).ToListAsync(cancellationToken);
        var keys = networks.SelectMany(n => n.Investigations.Split(';', StringSplitOptions.RemoveEmptyEntries))
            .Select(k => k.Split('/', 2)).Where(p => p.Length == 2).Select(p => (Force: p[0], Ref: p[1])).Distinct().ToList();
        var refs = keys.Select(k => k.Ref).Distinct().ToList();
        var candidates = (await db.Set<Candidate>().AsNoTracking().Where(c => refs.Contains(c.InvestigationRef))
                .Select(c => new { c.Force, c.InvestigationRef, c.Id, c.StillQualifies }).ToListAsync(cancellationToken))
            .GroupBy(c => (c.Force, c.InvestigationRef))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.StillQualifies).ThenByDescending(c => c.Id).First().Id);
        return [.. networks.Select(n => new CrossForceAlert(
            n.Label, n.Forces.Split(';', StringSplitOptions.RemoveEmptyEntries), n.Suspects, n.Victims, n.People,
            [.. n.Investigations.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(k => k.Split('/', 2)).Where(p => p.Length == 2)
                .Select(p => new AlertInvestigation(p[0], p[1], candidates.TryGetValue((p[0], p[1]), out var id) ? id : null))]))];
    }
}
