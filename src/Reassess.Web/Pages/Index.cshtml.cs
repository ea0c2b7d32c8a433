using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Web.Security;

namespace Reassess.Web.Pages;

/// <summary>The start page: what this user's role lets them do.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser me, Notifications notifications) : PageModel
{
    public CurrentUser Me => me;

    public IReadOnlyList<(string Href, string Label, string Text)> Links { get; private set; } = [];

    /// <summary>What waits for the user: assigned to them, returned to them, awaiting their sign-off.</summary>
    public WorkCounts Waiting { get; private set; } = WorkCounts.None;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Waiting = await notifications.CountsAsync(me.Actor, cancellationToken);
        var links = new List<(string, string, string)>();
        if (Policies.RolesOf[Policies.ForceCaseWork].Contains(me.Role))
        {
            links.Add(("/queue", "Queue", "Candidates of the latest screening run, highest priority first."));
            links.Add(("/work", "My work", "Reviews assigned to you."));
        }
        if (me.Is(Roles.Supervisor)) links.Add(("/supervision", "Awaiting sign-off", "Submitted reviews to approve or return."));
        if (me.Is(Roles.NationalOversight)) links.Add(("/oversight", "National oversight", "Every force's cases by status, and offender networks that cross forces."));
        if (me.Is(Roles.Auditor)) links.Add(("/audit", "Audit trail", "Who did what, when and why; check the trail is intact."));
        if (Policies.RolesOf[Policies.UserManagement].Contains(me.Role)) links.Add(("/users", "Users", "Accounts, authenticators and access."));
        Links = links;
    }
}
