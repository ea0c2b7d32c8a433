namespace Reassess.Web.Pages.Queue;

/// <summary>The bulk assignment controls at one end of the queue list.</summary>
/// <param name="Position"><c>top</c> or <c>bottom</c>: which set of controls was used is posted as <c>From</c>.</param>
/// <param name="Assignees">The force's reviewers and supervisors.</param>
/// <param name="Reassigning">The page shows active reviews as selectable for an explicit reassignment.</param>
/// <param name="ReassignUrl">The reassignment handler of the current page.</param>
/// <param name="PageUrl">The current page of the queue.</param>
public sealed record AssignControls(string Position, IReadOnlyList<string> Assignees, bool Reassigning, string ReassignUrl, string PageUrl)
{
    /// <summary>The same page with active and returned reviews selectable for reassignment.</summary>
    public string ReassignModeUrl => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PageUrl, "reassign", "true");
}
