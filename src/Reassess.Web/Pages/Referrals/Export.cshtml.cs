using System.IO.Compression;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Audit;
using Reassess.Referrals;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Referrals;

/// <summary>
/// The force lead's "export referral packs" (issue 25): lists the approved referrals of their force not yet sent and
/// downloads their signed packs and print pages as one zip. The core does the export, audits it as a disclosure and
/// records the referrals as sent; the page only hands the files over. Force leads only: the page's own policy, and the
/// core refuses everyone else again.
/// </summary>
[Authorize(Policy = Policies.ReferralExport)]
public sealed class ExportModel(ReassessDbContext db, TimeProvider time, IAuditTrail audit, CurrentUser me, DatabaseTarget target, IConfiguration configuration) : PageModel
{
    public IReadOnlyList<PendingReferral> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Pending = await Exporter().PendingAsync(me.Actor, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("reassess-referrals-").FullName;
        try
        {
            var packs = await Exporter().ExportAsync(me.Actor, dir, $"national operation, downloaded from the workbench by {me.UserName}", cancellationToken);
            if (packs.Count == 0)
            {
                Pending = [];
                return Page();
            }
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var p in packs)
                {
                    await archive.CreateEntryFromFileAsync(p.JsonFile, Path.GetFileName(p.JsonFile), cancellationToken);
                    await archive.CreateEntryFromFileAsync(p.HtmlFile, Path.GetFileName(p.HtmlFile), cancellationToken);
                }
            }
            Response.Headers.CacheControl = "no-store";
            var name = $"referrals-{me.Force}-{time.GetUtcNow():yyyyMMdd-HHmmss}.zip";
            return File(zip.ToArray(), "application/zip", name);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private ReferralExporter Exporter() => new(db, time, audit,
        ReferralSigningKey.For(target, configuration[ReferralSigningKey.KeyFileEnvironmentVariable], configuration[ReferralSigningKey.KeyEnvironmentVariable]),
        ReferralExporter.LoadNationalProfile());
}
