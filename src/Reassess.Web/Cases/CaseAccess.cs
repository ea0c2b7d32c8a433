using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Cases;

/// <summary>
/// Resource-based authorization of one case, on top of the page's policy: a case of another force is "not found" (as if
/// it did not exist), and national oversight must have recorded a justification for this investigation first.
/// Both the views it allows and the refusals are written to the audit trail: a view is a consultation (DPA 2018 s.62(2):
/// who, when, and the justification), and a refusal on case data is logged as denied (ASVS level 3).
/// </summary>
public sealed class CaseAccess(CaseQueries queries, CurrentUser me, CaseAccessJustifications justifications, AuditedOperations audited, ReassessDbContext db)
{
    /// <summary>The audit operations of the case pages.</summary>
    public static class Operations
    {
        /// <summary>The case page was shown.</summary>
        public const string ViewCase = "case.view";
        /// <summary>The review page (or an earlier version of the review) was shown.</summary>
        public const string ViewReview = "review.view";
        /// <summary>A case was asked for by someone who may not see it (logged as denied).</summary>
        public const string Open = "case.open";
        /// <summary>A page of the queue was shown: a search result naming the investigations on it.</summary>
        public const string ViewQueue = "queue.view";
        /// <summary>"My work" was shown: the user's own reviews, naming their investigations.</summary>
        public const string ViewWork = "work.view";
        /// <summary>"Awaiting sign-off" was shown, naming the investigations on it.</summary>
        public const string ViewSupervision = "supervision.view";
    }

    /// <summary>Records that the user saw a list of cases (a search result): one consultation naming every investigation on it.</summary>
    public Task RecordListAsync(string operation, IReadOnlyCollection<long> investigationIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(investigationIds);
        if (investigationIds.Count == 0) return Task.CompletedTask;
        return audited.InvestigationsConsultedAsync(db, AuditActor.User(me.UserName), operation, investigationIds, CaseWork, cancellationToken: cancellationToken);
    }

    private string CaseWork => $"case work: {me.Role.Replace('_', ' ')} of {me.Force}, re-assessment of closed investigations";

    private string? _justification;

    /// <summary>The candidate when the user may open it; otherwise the result to return (404, or the justification page).</summary>
    public async Task<(Candidate? Candidate, IActionResult? Refusal)> OpenAsync(long candidateId, CancellationToken cancellationToken = default)
    {
        var candidate = await queries.CandidateAsync(candidateId, cancellationToken);
        if (candidate is null) return (null, new NotFoundResult());
        if (!CaseRules.MaySeeCasesOf(me.Actor, candidate.Force))
        {
            await RecordAsync(Operations.Open, candidate, AuditOutcome.Denied, null, cancellationToken);
            return (null, new NotFoundResult());
        }
        if (me.Is(Roles.NationalOversight))
        {
            var justification = await justifications.CurrentAsync(me.UserName, candidate.InvestigationId, cancellationToken);
            if (justification is null) return (null, new RedirectToPageResult("/Cases/Justify", new { id = candidateId }));
            _justification = "national oversight: " + justification.Reason;
        }
        return (candidate, null);
    }

    /// <summary>
    /// Records that the user consulted the case (<see cref="Operations"/>), with the justification: national oversight's
    /// recorded reason, or for a force role their case work for their force under the re-assessment.
    /// </summary>
    public Task RecordViewAsync(Candidate candidate, string operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var justification = _justification ?? CaseWork;
        return RecordAsync(operation, candidate, AuditOutcome.Success, justification, cancellationToken);
    }

    private Task RecordAsync(string operation, Candidate candidate, AuditOutcome outcome, string? justification, CancellationToken cancellationToken) =>
        audited.InvestigationsConsultedAsync(db, AuditActor.User(me.UserName), operation, [candidate.InvestigationId], justification, outcome, cancellationToken);
}

/// <summary>Base of the pages about one case (<c>/cases/{id}</c>…).</summary>
public abstract class CasePageModel : PageModel
{
    public Candidate Candidate { get; protected set; } = null!;
}
