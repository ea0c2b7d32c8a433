using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Prioritisation;
using Reassess.Reviews;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Work;

/// <summary>"My work": the reviews assigned to the signed-in user that are not yet approved.</summary>
public sealed class IndexModel(ReviewQueries queries, CurrentUser me, CaseAccess access, Notifications notifications) : PageModel
{
    public IReadOnlyList<WorkRow> Returned { get; private set; } = [];
    public IReadOnlyList<WorkRow> InProgress { get; private set; } = [];
    public IReadOnlyList<WorkRow> Submitted { get; private set; } = [];

    /// <summary>The latest events of the user's work, newest first.</summary>
    public IReadOnlyList<WorkEvent> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mine = await queries.MyWorkAsync(me.Actor, cancellationToken);
        Returned = [.. mine.Where(r => r.Status == ReviewStatus.Returned)];
        InProgress = [.. mine.Where(r => r.Status is ReviewStatus.Assigned or ReviewStatus.InReview)];
        Submitted = [.. mine.Where(r => r.Status == ReviewStatus.Submitted)];
        // A list naming cases is a consultation (DPA 2018 s.62), recorded before it is shown.
        await access.RecordListAsync(CaseAccess.Operations.ViewWork, [.. mine.Select(r => r.InvestigationId)], cancellationToken);
        Events = await notifications.EventsAsync(me.Actor, cancellationToken);
    }
}
