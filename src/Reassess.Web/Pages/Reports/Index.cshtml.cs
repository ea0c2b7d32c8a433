using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reporting;
using Reassess.Reporting.DataQuality;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Reports;

/// <summary>
/// The reports as dashboards: progress and data quality for a force's supervisors and lead (their force), and for
/// national oversight every force plus the national view; the public summary (after disclosure control) for all of them.
/// Aggregates only, under readable headings with their units. What a page shows can be taken away as CSV (the report's
/// table, its cells neutralised against formula injection as every CSV output is) or as a print-ready page; each export
/// is a disclosure, recorded by the core's <see cref="AuditedOperations"/> before it is sent.
/// </summary>
public sealed class IndexModel(ReassessDbContext db, CurrentUser me, TimeProvider time, AuditedOperations audited) : PageModel
{
    public const string Progress = "progress", DataQuality = "data-quality", National = "national", Public = "public";

    [BindProperty(SupportsGet = true, Name = "report")] public string? Report { get; set; }

    public string Chosen { get; private set; } = Progress;
    public bool MaySeeNational => me.Is(Roles.NationalOversight);
    public ReportDocument Document { get; private set; } = null!;

    /// <summary>The print-ready page: the report alone, without the workbench's navigation.</summary>
    public bool Printing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused) return refused;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>The report's table as CSV, under the page's headings.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused) return refused;
        await audited.ReportExportedAsync(AuditActor.User(me.UserName), Chosen, Document.Title, "csv", cancellationToken);
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        CsvReportWriter.Write(Document, text);
        Response.Headers.CacheControl = "no-store";
        var name = $"reassess-{Chosen}-{Document.AsOf:yyyy-MM-dd}.csv";
        return File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", name);
    }

    /// <summary>The report as a page to print or save as PDF.</summary>
    public async Task<IActionResult> OnGetPrintAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused) return refused;
        await audited.ReportExportedAsync(AuditActor.User(me.UserName), Chosen, Document.Title, "print", cancellationToken);
        Printing = true;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public string ExportUrl(string handler) => $"/reports?report={Chosen}&handler={handler}";

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Chosen = Report ?? Progress;
        if (Chosen is not (Progress or DataQuality or National or Public)) return NotFound();
        if (Chosen == National && !MaySeeNational) return Forbid();
        // Force roles see their own force; national oversight sees every force.
        var force = Roles.IsForceScoped(me.Role) ? me.Force : null;
        var asOf = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var document = Chosen switch
        {
            Progress => await ReportAssembly.ProgressAsync(db, asOf, force, cancellationToken: cancellationToken),
            DataQuality => await DataQualityAsync(force, asOf, cancellationToken),
            // Publishable by design (disclosure control applied), so every force's row is shown to every report role.
            Public => await ReportAssembly.PublicAsync(db, asOf, cancellationToken),
            _ => await ReportAssembly.NationalAsync(db, asOf, cancellationToken),
        };
        Document = ReportHeadings.ForPeople(document);
        return null;
    }

    private async Task<ReportDocument> DataQualityAsync(string? force, DateOnly asOf, CancellationToken cancellationToken)
    {
        DataQualityScope scope;
        try { scope = await DataQualityScope.LoadAsync(db, "latest", cancellationToken); }
        catch (ReportInputException) { scope = await DataQualityScope.LoadAsync(db, null, cancellationToken); } // nothing screened yet
        return DataQualityReport.Build(force is null ? scope : scope.ForForce(force), asOf, percentages: true);
    }
}
