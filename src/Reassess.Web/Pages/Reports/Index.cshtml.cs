using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Reporting;
using Reassess.Reporting.DataQuality;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Reports;

/// <summary>
/// The reports as dashboards: progress and data quality for a force's supervisors and lead (their force), and for
/// national oversight every force plus the national view; the public summary (after disclosure control) for all of them. Aggregates only: no case data, so nothing here is a disclosure.
/// </summary>
public sealed class IndexModel(ReassessDbContext db, CurrentUser me, TimeProvider time) : PageModel
{
    public const string Progress = "progress", DataQuality = "data-quality", National = "national", Public = "public";

    [BindProperty(SupportsGet = true, Name = "report")] public string? Report { get; set; }

    public string Chosen { get; private set; } = Progress;
    public bool MaySeeNational => me.Is(Roles.NationalOversight);
    public ReportDocument Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Chosen = Report ?? Progress;
        if (Chosen is not (Progress or DataQuality or National or Public)) return NotFound();
        if (Chosen == National && !MaySeeNational) return Forbid();
        // Force roles see their own force; national oversight sees every force.
        var force = Roles.IsForceScoped(me.Role) ? me.Force : null;
        var asOf = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Document = Chosen switch
        {
            Progress => await ReportAssembly.ProgressAsync(db, asOf, force, cancellationToken: cancellationToken),
            DataQuality => await DataQualityAsync(force, asOf, cancellationToken),
            // Publishable by design (disclosure control applied), so every force's row is shown to every report role.
            Public => await ReportAssembly.PublicAsync(db, asOf, cancellationToken),
            _ => await ReportAssembly.NationalAsync(db, asOf, cancellationToken),
        };
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task<ReportDocument> DataQualityAsync(string? force, DateOnly asOf, CancellationToken cancellationToken)
    {
        DataQualityScope scope;
        try { scope = await DataQualityScope.LoadAsync(db, "latest", cancellationToken); }
        catch (ReportInputException) { scope = await DataQualityScope.LoadAsync(db, null, cancellationToken); } // nothing screened yet
        return DataQualityReport.Build(force is null ? scope : scope.ForForce(force), asOf, percentages: true);
    }

}
