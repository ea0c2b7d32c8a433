using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Reviews;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Supervision;

/// <summary>"Awaiting sign-off": submitted reviews of the supervisor's force written by someone else.</summary>
public sealed class IndexModel(ReviewQueries queries, CurrentUser me) : PageModel
{
    public IReadOnlyList<WorkRow> Awaiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var submitted = await queries.AwaitingSignOffAsync(me.Actor, cancellationToken);
        Awaiting = [.. submitted.Where(r => r.CanSignOff)];
    }
}
