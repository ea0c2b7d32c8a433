using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>What <see cref="CaseWarmUp"/> did: the force it read as, and how long it took.</summary>
public sealed record CaseWarmUpResult(string? Force, TimeSpan Elapsed);

/// <summary>
/// Gets a process that has just started ready for its first reviewer: reads the stored linkage into
/// <see cref="CaseCaches"/> and builds, then drops, the queue page and the case page (explanation, links and leads) of the
/// highest-priority case, as a reviewer of that case's force would see them. Until then the first case page after a start
/// paid for compiling the code, the queries and the caches: seconds, where later pages take milliseconds.
/// It only reads, and nobody is shown anything: nothing is written and the audit trail records no view. The case's
/// explanation and its links for that force's reviewers stay in the caches, as if a reviewer had opened it.
/// </summary>
public sealed class CaseWarmUp(ReassessDbContext db, QueueSearch queue, CaseQueries cases, CaseLeadsQueries leads)
{
    /// <summary>The name the warm-up reads as (it is never shown and never audited: nothing is disclosed).</summary>
    public const string ActorName = "reassess.warm-up";

    public async Task<CaseWarmUpResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var candidate = await db.Set<Candidate>().AsNoTracking().Where(c => c.StillQualifies)
            .OrderByDescending(c => c.Priority).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (candidate is null) return new CaseWarmUpResult(null, clock.Elapsed);
        var reviewer = new Actor(ActorName, Roles.Reviewer, candidate.Force);
        await queue.QueryAsync(reviewer, new QueueQuery(), cancellationToken);
        await queue.FilterOptionsAsync(candidate.Force, cancellationToken);
        await cases.CaseAsync(reviewer, candidate, cancellationToken);
        await leads.LeadsAsync(reviewer, candidate, cancellationToken);
        return new CaseWarmUpResult(candidate.Force, clock.Elapsed);
    }
}
