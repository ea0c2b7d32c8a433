using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Records;
using Reassess.Reporting.Progress;
using Reassess.Reviews;
using Reassess.Storage;

namespace Reassess.Reporting;

/// <summary>Offender networks whose members span the same set of forces (no case detail).</summary>
public sealed record CrossForceNetworks(string Forces, int Networks, int Investigations, int Suspects, int Victims);

/// <summary>
/// <c>reassess report national</c> (issue 8): every force side by side; offender networks that span forces (how many,
/// which forces, how many investigations) without case detail; referrals to the national operation and their state.
/// </summary>
public static class NationalReport
{
    public const string Title = "National oversight";

    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "force", "investigations", "candidates", "queued", "assigned", "in_review", "submitted", "approved", "returned",
        "national_referrals_proposed", "national_referrals_approved", "safeguarding_referrals",
    ];

    /// <summary>Stored investigations per force (every force that has sent an extract appears, even with no candidates).</summary>
    public static async Task<IReadOnlyDictionary<string, int>> InvestigationsPerForceAsync(ReassessDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Investigations.AsNoTracking().GroupBy(i => i.Force).Select(g => new { g.Key, N = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.N, cancellationToken);
    }

    /// <summary>
    /// The current offender networks whose members come from two or more forces (<see cref="OversightQueries.CrossForceNetworksAsync"/>),
    /// grouped by that set of forces.
    /// </summary>
    public static async Task<IReadOnlyList<CrossForceNetworks>> CrossForceNetworksAsync(ReassessDbContext db, CancellationToken cancellationToken = default)
    {
        var networks = await OversightQueries.CrossForceNetworksAsync(db, cancellationToken: cancellationToken);
        return [.. networks
            .GroupBy(n => string.Join(';', n.Forces.Order(StringComparer.Ordinal)))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CrossForceNetworks(g.Key, g.Count(), g.Sum(n => n.InvestigationKeys.Count), g.Sum(n => n.Suspects), g.Sum(n => n.Victims)))];
    }

    public static ReportDocument Build(IReadOnlyList<CandidateHistory> candidates, IReadOnlyDictionary<string, int> investigations,
        IReadOnlyList<CrossForceNetworks> networks, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(investigations);
        ArgumentNullException.ThrowIfNull(networks);
        var at = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
        var inScope = candidates.Where(c => c.ScreenedAt <= at).ToList();
        var forces = investigations.Keys.Union(inScope.Select(c => c.Force)).Order(StringComparer.Ordinal).ToList();
        var statuses = Enum.GetValues<ReviewStatus>();

        var rows = new List<IReadOnlyList<string>>();
        foreach (var force in forces)
        {
            var own = inScope.Where(c => c.Force == force).ToList();
            var now = own.Select(c => c.StatusAt(at)).ToList();
            var referrals = own.Where(c => c.Recommendation == Recommendation.ReferToNationalOperation).ToList();
            rows.Add([force, N(investigations.GetValueOrDefault(force)), N(own.Count), .. statuses.Select(s => N(now.Count(x => x == s))),
                N(referrals.Count), N(referrals.Count(c => c.StatusAt(at) == ReviewStatus.Approved)),
                N(own.Where(c => c.StatusAt(at) == ReviewStatus.Approved).Sum(c => c.ReferralCount))]);
        }
        var csv = new ReportTable([.. CsvColumns.Select((c, i) => new ReportColumn(c, i > 0))], rows);

        var sections = new List<ReportSection>
        {
            new("Forces side by side", csv with
            {
                Note = "queued … returned: where each candidate stands now. national_referrals_proposed: reviews recommending referral to the national operation (any status); _approved: signed off.",
            }, Charts:
            [
                new BarChart("Where each force's candidates stand", forces,
                    [.. statuses.Select(s => new ChartSeries(Token.Of(s).Replace('_', ' '), [.. forces.Select(f => (double)inScope.Count(c => c.Force == f && c.StatusAt(at) == s))]))],
                    Stacked: true, ValueAxis: "candidates"),
            ]),
        };

        var national = inScope.Where(c => c.Recommendation == Recommendation.ReferToNationalOperation).ToList();
        sections.Add(new ReportSection("Referrals to the national operation and their state", new ReportTable(
            [new("force"), .. statuses.Where(s => s != ReviewStatus.Queued).Select(s => new ReportColumn(Token.Of(s), true)), new("total", true)],
            [.. national.GroupBy(c => c.Force).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<string>)
                [g.Key, .. statuses.Where(s => s != ReviewStatus.Queued).Select(s => N(g.Count(c => c.StatusAt(at) == s))), N(g.Count())])])
        {
            Note = "A referral is proposed when a review's recommendation is refer_to_national_operation, and made when the review is approved.",
        }));

        sections.Add(new ReportSection("Offender networks spanning forces", new ReportTable(
            [new("forces"), new("networks", true), new("investigations", true), new("suspects", true), new("victims", true)],
            [.. networks.Select(n => (IReadOnlyList<string>)[n.Forces, N(n.Networks), N(n.Investigations), N(n.Suspects), N(n.Victims)])])
        {
            Note = $"{networks.Sum(n => n.Networks)} networks with members in two or more forces, from the latest linkage run. No case detail: see reassess networks for the members.",
        }));

        return new ReportDocument(Title, asOf, $"{forces.Count} forces", sections, csv);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
