using Microsoft.EntityFrameworkCore;
using Reassess.Leads;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting;

/// <summary>
/// Reviewers' decisions on leads as the review keeps them (<see cref="ReviewLeadDecision"/>, one row per lead per submitted
/// version): each review counts once, by the decisions of its latest submitted version, so a review sent back and
/// submitted again is not counted twice.
/// </summary>
public sealed class StoredLeadDecisions : ILeadDecisionCounts
{
    public static StoredLeadDecisions Instance { get; } = new();

    public bool Recorded => true;

    public async Task<IReadOnlyDictionary<LeadKind, LeadDecisionTally>> CountAsync(ReassessDbContext db, string profileName, string? force,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var decisions = db.Set<ReviewLeadDecision>().AsNoTracking();
        var latest = decisions.GroupBy(d => d.ReviewId).Select(g => g.Max(d => d.ReviewVersionId));
        var counted = from d in decisions
                      join c in db.Set<Candidate>() on d.CandidateId equals c.Id
                      where latest.Contains(d.ReviewVersionId) && c.ProfileName == profileName && (force == null || d.Force == force)
                      group d by new { d.Kind, d.Decision } into g
                      select new { g.Key.Kind, g.Key.Decision, Count = g.Count() };
        var tallies = new Dictionary<LeadKind, LeadDecisionTally>();
        foreach (var row in await counted.ToListAsync(cancellationToken))
        {
            if (!Token.TryParse<LeadKind>(row.Kind, out var kind)) continue; // a kind this version no longer has
            var t = tallies.GetValueOrDefault(kind, new LeadDecisionTally(0, 0));
            tallies[kind] = row.Decision == LeadVerdict.Accepted ? t with { Accepted = t.Accepted + row.Count } : t with { Dismissed = t.Dismissed + row.Count };
        }
        return tallies;
    }
}
