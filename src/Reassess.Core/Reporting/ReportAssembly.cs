using Reassess.Linkage;
using Reassess.Reporting.Progress;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting;

/// <summary>
/// Reads what each report needs and builds it: the one assembly of the progress, national and public reports, called by
/// <c>reassess report</c> and by the workbench's reports page alike.
/// </summary>
public static class ReportAssembly
{
    /// <summary>
    /// The progress report of <paramref name="force"/> (every force when null). The plan is <paramref name="yearlyTarget"/>
    /// when given, else the criteria profile's own yearly target; a profile not shipped here has no known target.
    /// </summary>
    public static Task<ReportDocument> ProgressAsync(ReassessDbContext db, DateOnly asOf, string? force = null, int? yearlyTarget = null,
        CancellationToken cancellationToken = default) =>
        ProgressAsync(db, asOf, force, yearlyTarget, StoredLeadDecisions.Instance, cancellationToken);

    /// <summary>
    /// The progress report, with leads by kind (<see cref="LeadsReport"/>): proposed for the candidates in scope, and accepted
    /// and dismissed as <paramref name="leadDecisions"/> counts them (<see cref="StoredLeadDecisions"/>: the reviews' own).
    /// </summary>
    public static async Task<ReportDocument> ProgressAsync(ReassessDbContext db, DateOnly asOf, string? force, int? yearlyTarget,
        ILeadDecisionCounts leadDecisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leadDecisions);
        var candidates = await ReviewHistory.LoadAsync(db, force, cancellationToken);
        var report = ProgressReport.Build(candidates, asOf, profile => yearlyTarget ?? CriteriaProfileLoader.ShippedYearlyTarget(profile), force);
        var leads = await LeadsReport.LoadAsync(db, asOf, force, new StoredLinkageFacts(), leadDecisions, cancellationToken);
        return report with { Sections = [.. report.Sections, LeadsReport.Section(leads, leadDecisions.Recorded)] };
    }

    /// <summary>The national oversight report: every force side by side, the networks that cross forces, national referrals.</summary>
    public static async Task<ReportDocument> NationalAsync(ReassessDbContext db, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return NationalReport.Build(
            await ReviewHistory.LoadAsync(db, cancellationToken: cancellationToken),
            await NationalReport.InvestigationsPerForceAsync(db, cancellationToken),
            await NationalReport.CrossForceNetworksAsync(db, cancellationToken),
            asOf);
    }

    /// <summary>The public summary: publishable counts, every force, under disclosure control.</summary>
    public static async Task<ReportDocument> PublicAsync(ReassessDbContext db, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return PublicSummary.Build(await ReviewHistory.LoadAsync(db, cancellationToken: cancellationToken), asOf);
    }
}
