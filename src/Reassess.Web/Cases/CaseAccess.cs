using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Screening;
using Reassess.Web.Security;

namespace Reassess.Web.Cases;

/// <summary>
/// Resource-based authorization of one case, on top of the page's policy: a case of another force is "not found" (as if
/// it did not exist), and national oversight must have recorded a justification for this investigation first.
/// </summary>
public sealed class CaseAccess(CaseQueries queries, CurrentUser me, CaseAccessJustifications justifications)
{
    /// <summary>The candidate when the user may open it; otherwise the result to return (404, or the justification page).</summary>
    public async Task<(Candidate? Candidate, IActionResult? Refusal)> OpenAsync(long candidateId, CancellationToken cancellationToken = default)
    {
        var candidate = await queries.CandidateAsync(candidateId, cancellationToken);
        if (candidate is null || !me.MaySeeCasesOf(candidate.Force)) return (null, new NotFoundResult());
        if (me.Is(Roles.NationalOversight)
            && await justifications.CurrentAsync(me.UserName, candidate.InvestigationId, cancellationToken) is null)
            return (null, new RedirectToPageResult("/Cases/Justify", new { id = candidateId }));
        return (candidate, null);
    }
}

/// <summary>Base of the pages about one case (<c>/cases/{id}</c>…).</summary>
public abstract class CasePageModel : PageModel
{
    public Candidate Candidate { get; protected set; } = null!;
}
