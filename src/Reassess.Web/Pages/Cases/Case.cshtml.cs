using Microsoft.AspNetCore.Mvc;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// The case page: the investigation's facts, why it was screened in (the screening engine's explanation, criterion by
/// criterion), its priority factors, its people, linked investigations and the network chart from linkage, the review and
/// its history, all from the core's case read model (<see cref="CaseQueries"/>), and its leads grouped under the four
/// questions of a re-assessment (<see cref="CaseLeadsQueries"/>). Every view is recorded in the audit trail as a consultation.
/// </summary>
public sealed class CaseModel(CaseAccess access, CaseQueries cases, CaseLeadsQueries leads, CurrentUser me) : CasePageModel
{
    public CaseDetail Case { get; private set; } = null!;

    public CaseLeads Leads { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var (candidate, refusal) = await access.OpenAsync(id, cancellationToken);
        if (candidate is null) return refusal!;
        Candidate = candidate;
        var detail = await cases.CaseAsync(me.Actor, candidate, cancellationToken);
        if (detail is null) return NotFound();
        Case = detail;
        var found = await leads.LeadsAsync(me.Actor, candidate, cancellationToken);
        if (found is null) return NotFound();
        Leads = found;
        await access.RecordViewAsync(candidate, CaseAccess.Operations.ViewCase, cancellationToken);
        return Page();
    }
}
