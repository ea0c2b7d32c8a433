using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Web.Oversight;

namespace Reassess.Web.Pages.Oversight;

/// <summary>National oversight: every force's queue in numbers, and the offender networks that cross forces.</summary>
public sealed class IndexModel(OversightQueries queries) : PageModel
{
    public IReadOnlyList<ForceCounts> Forces { get; private set; } = [];
    public IReadOnlyList<CrossForceAlert> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Forces = await queries.CountsByForceAsync(cancellationToken);
        Alerts = await queries.CrossForceAlertsAsync(cancellationToken: cancellationToken);
    }
}
