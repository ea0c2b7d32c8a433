using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Audit;
using Reassess.Web.Oversight;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Oversight;

/// <summary>National oversight: every force's queue in numbers, and the offender networks that cross forces.</summary>
/// <remarks>
/// The page names crime references, so showing it is a consultation in the audit trail (issue 22, finding 11).
/// </remarks>
public sealed class IndexModel(OversightQueries queries, IAuditTrail audit, CurrentUser me) : PageModel
{
    public IReadOnlyList<ForceCounts> Forces { get; private set; } = [];
    public IReadOnlyList<CrossForceAlert> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Forces = await queries.CountsByForceAsync(cancellationToken);
        Alerts = await queries.CrossForceAlertsAsync(cancellationToken: cancellationToken);
        var shown = Alerts.SelectMany(a => a.Investigations).Select(i => i.Force + "/" + i.InvestigationRef.Replace(AuditEvent.IdSeparator, '_')).Distinct().ToList();
        if (shown.Count == 0) return;
        await audit.RecordAsync(new AuditEvent(AuditActor.User(me.UserName), AuditCategory.Consultation, ViewOperation, AuditSubjects.Investigation, shown)
        { Justification = "national oversight: offender networks that cross forces" }, cancellationToken);
    }

    /// <summary>The audit operation of a view of this page.</summary>
    public const string ViewOperation = "oversight.view";
}
