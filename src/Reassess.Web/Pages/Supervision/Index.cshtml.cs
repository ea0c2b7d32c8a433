using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Reviews;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Supervision;

/// <summary>"Awaiting sign-off": submitted reviews of the supervisor's force written by someone else.</summary>
public sealed class IndexModel(ReviewQueries queries, CurrentUser me, CaseAccess access) : PageModel
{
    public IReadOnlyList<WorkRow> Awaiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var submitted = await queries.AwaitingSignOffAsync(me.Actor, cancellationToken);
        Awaiting = [.. submitted.Where(r => r.CanSignOff)];
        // A list naming cases is a consultation (DPA 2018 s.62), recorded before it is shown.
        await access.RecordListAsync(CaseAccess.Operations.ViewSupervision, [.. Awaiting.Select(r => r.InvestigationId)], cancellationToken);
    }
}
