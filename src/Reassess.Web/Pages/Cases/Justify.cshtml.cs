using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>National oversight records why it opens a case before seeing its detail (issue 6; DPA 2018 s.62).</summary>
public sealed class JustifyModel(CaseQueries queries, CurrentUser me, CaseAccessJustifications justifications) : PageModel
{
    [BindProperty] public string? Reason { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!me.Is(Roles.NationalOversight)) return RedirectToPage("/Cases/Case", new { id });
        var candidate = await queries.CandidateAsync(id, cancellationToken);
        return candidate is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!me.Is(Roles.NationalOversight)) return RedirectToPage("/Cases/Case", new { id });
        var candidate = await queries.CandidateAsync(id, cancellationToken);
        if (candidate is null) return NotFound();
        if ((Reason ?? "").Trim().Length < CaseAccessJustifications.MinimumReasonLength)
        {
            Problem = $"Give a reason of at least {CaseAccessJustifications.MinimumReasonLength} characters.";
            return Page();
        }
        await justifications.RecordAsync(me.UserName, candidate.InvestigationId, Reason!, cancellationToken);
        return RedirectToPage("/Cases/Case", new { id });
    }
}
