using System.Globalization;
using Reassess.Records;
using Reassess.Reviews;

namespace Reassess.Reporting.Progress;

/// <summary>One force's month: candidates screened in it, where every candidate stood at its end, and what was signed off.</summary>
public sealed record ProgressMonth(
    string Force, string Month, int Screened, int Queued, int Assigned, int InReview, int Submitted, int Approved, int Returned,
    int Recommendations, int Referrals)
{
    public static readonly IReadOnlyList<string> Columns =
        ["force", "month", "screened", "queued", "assigned", "in_review", "submitted", "approved", "returned", "recommendations", "referrals"];
}

/// <summary>How a profile's review work is going against its plan (the profile's yearly target).</summary>
public sealed record ProgressPace(
    string ProfileName, int? YearlyTarget, int Candidates, int Approved, int Remaining, int ApprovedLast90Days,
    double? CurrentPerMonth, double? PlannedPerMonth, DateOnly? ProjectedCompletion, DateOnly? PlannedCompletion, double? AheadOfPlan);

/// <summary>Days from first assignment to approval of the reviews approved so far.</summary>
public sealed record Turnaround(string Force, int Approved, double? MedianDays, double? P90Days);

/// <summary>
/// <c>reassess report progress</c> (issue 8): by force and month, candidates screened and where every candidate stands
/// in the review lifecycle; recommendations and referrals signed off; pace against the profile's yearly target with a
/// projected completion date; time from assignment to approval (median, 90th percentile); a burn-up chart.
/// Aggregates only: no case is named.
/// </summary>
public static class ProgressReport
{
    public const string Title = "Re-assessment progress";

    /// <summary>Days of approvals the current pace is measured over.</summary>
    public const int PaceWindowDays = 90;

    private const double DaysPerMonth = 365.25 / 12;

    public static IReadOnlyList<ProgressMonth> Months(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var end = EndOf(asOf);
        var rows = new List<ProgressMonth>();
        foreach (var group in candidates.Where(c => c.ScreenedAt < end).GroupBy(c => c.Force).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = MonthOf(group.Min(c => c.ScreenedAt));
            for (var month = first; month <= MonthOf(end.AddTicks(-1)); month = month.AddMonths(1))
            {
                var monthEnd = Min(new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), end);
                var at = monthEnd.AddTicks(-1);
                var screenedBy = group.Where(c => c.ScreenedAt < monthEnd).ToList();
                var statuses = screenedBy.Select(c => c.StatusAt(at)).ToList();
                var signedOff = group.Where(c => c.ApprovedAt(end.AddTicks(-1)) is { } a && MonthOf(a) == month).ToList();
                rows.Add(new ProgressMonth(group.Key, month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    group.Count(c => MonthOf(c.ScreenedAt) == month && c.ScreenedAt < end),
                    statuses.Count(s => s == ReviewStatus.Queued), statuses.Count(s => s == ReviewStatus.Assigned),
                    statuses.Count(s => s == ReviewStatus.InReview), statuses.Count(s => s == ReviewStatus.Submitted),
                    statuses.Count(s => s == ReviewStatus.Approved), statuses.Count(s => s == ReviewStatus.Returned),
                    signedOff.Count(c => c.Recommendation is not null), signedOff.Sum(c => c.ReferralCount)));
            }
        }
        return rows;
    }

    /// <summary>Pace per criteria profile. <paramref name="yearlyTarget"/> gives a profile's target (null when it has none).</summary>
    public static IReadOnlyList<ProgressPace> Pace(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf, Func<string, int?> yearlyTarget)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(yearlyTarget);
        var end = EndOf(asOf);
        var at = end.AddTicks(-1);
        var windowStart = end.AddDays(-PaceWindowDays);
        var result = new List<ProgressPace>();
        foreach (var group in candidates.Where(c => c.ScreenedAt < end).GroupBy(c => c.ProfileName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var target = yearlyTarget(group.Key);
            var total = group.Count();
            var approvedAt = group.Select(c => c.ApprovedAt(at)).Where(a => a is not null).Select(a => a!.Value).ToList();
            var remaining = total - approvedAt.Count;
            var recent = approvedAt.Count(a => a >= windowStart);
            // The window is shorter when work began less than 90 days ago: pace is measured over the time there has been.
            var started = group.Min(c => c.ScreenedAt);
            var windowDays = Math.Max(1, Math.Min(PaceWindowDays, (end - started).TotalDays));
            double? perDay = recent > 0 ? recent / windowDays : null;
            double? plannedPerDay = target is { } t ? t / 365.25 : null;
            DateOnly? projected = remaining == 0 ? asOf : perDay is { } p ? asOf.AddDays((int)Math.Ceiling(remaining / p)) : null;
            DateOnly? planned = remaining == 0 ? asOf : plannedPerDay is { } q ? asOf.AddDays((int)Math.Ceiling(remaining / q)) : null;
            double? ahead = plannedPerDay is { } r ? Math.Round(approvedAt.Count - Math.Min(total, r * (end - started).TotalDays), 1) : null;
            result.Add(new ProgressPace(group.Key, target, total, approvedAt.Count, remaining, recent,
                perDay is { } pd ? Math.Round(pd * DaysPerMonth, 1) : null,
                plannedPerDay is { } ppd ? Math.Round(ppd * DaysPerMonth, 1) : null,
                projected, planned, ahead));
        }
        return result;
    }

    /// <summary>Time from first assignment to approval, per force and for all forces.</summary>
    public static IReadOnlyList<Turnaround> Turnarounds(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var at = EndOf(asOf).AddTicks(-1);
        var days = candidates
            .Select(c => (c.Force, Approved: c.ApprovedAt(at), Assigned: c.FirstAssignedAt(at)))
            .Where(x => x.Approved is not null && x.Assigned is not null)
            .Select(x => (x.Force, Days: (x.Approved!.Value - x.Assigned!.Value).TotalDays))
            .ToList();
        var result = days.GroupBy(d => d.Force).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Summarise(g.Key, [.. g.Select(d => d.Days)])).ToList();
        if (result.Count > 1) result.Add(Summarise("all forces", [.. days.Select(d => d.Days)]));
        return result;
    }

    /// <summary>The median (mean of the middle two when even) and the 90th percentile (nearest rank) of day counts.</summary>
    internal static Turnaround Summarise(string force, IReadOnlyList<double> days)
    {
        if (days.Count == 0) return new Turnaround(force, 0, null, null);
        var sorted = days.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        return new Turnaround(force, n, Math.Round(median, 1), Math.Round(p90, 1));
    }

    public static ReportDocument Build(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf, Func<string, int?> yearlyTarget, string? force = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var months = Months(candidates, asOf);
        var csv = new ReportTable(
            [.. ProgressMonth.Columns.Select((c, i) => new ReportColumn(c, Numeric: i >= 2))],
            [.. months.Select(m => (IReadOnlyList<string>)[m.Force, m.Month, N(m.Screened), N(m.Queued), N(m.Assigned), N(m.InReview),
                N(m.Submitted), N(m.Approved), N(m.Returned), N(m.Recommendations), N(m.Referrals)])]);

        var sections = new List<ReportSection>();
        var pace = Pace(candidates, asOf, yearlyTarget);
        sections.Add(new ReportSection("Pace against the plan", new ReportTable(
            [new("profile"), new("yearly target", true), new("candidates", true), new("approved", true), new("remaining", true),
             new($"approved, last {PaceWindowDays} days", true), new("current pace / month", true), new("planned pace / month", true),
             new("projected completion"), new("completion at plan pace"), new("ahead of plan (+) / behind (−)", true)],
            [.. pace.Select(p => (IReadOnlyList<string>)[p.ProfileName, Opt(p.YearlyTarget), N(p.Candidates), N(p.Approved), N(p.Remaining),
                N(p.ApprovedLast90Days), Opt(p.CurrentPerMonth), Opt(p.PlannedPerMonth),
                p.ProjectedCompletion is { } d ? D(d) : "no approvals yet", p.PlannedCompletion is { } e ? D(e) : "no target",
                p.AheadOfPlan is { } a ? a.ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture) : "–"])])
        {
            Note = $"Current pace: approvals in the last {PaceWindowDays} days (or since screening, if sooner). Projected completion: the remaining candidates at that pace.",
        }, Charts: [BurnUp(candidates, asOf, pace)]));

        sections.Add(new ReportSection("By force and month", csv with
        {
            Note = "screened: candidates first queued in the month. queued … returned: where every candidate stood at the month's end. recommendations, referrals: signed off (approved) in the month.",
        }));

        var at = EndOf(asOf).AddTicks(-1);
        var kinds = Enum.GetValues<Recommendation>();
        var approved = candidates.Where(c => c.ApprovedAt(at) is not null).ToList();
        sections.Add(new ReportSection("Recommendations signed off", new ReportTable(
            [new("force"), .. kinds.Select(k => new ReportColumn(Token.Of(k), true)), new("safeguarding referrals", true)],
            [.. approved.GroupBy(c => c.Force).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, .. kinds.Select(k => N(g.Count(c => c.Recommendation == k))), N(g.Sum(c => c.ReferralCount))])])));

        sections.Add(new ReportSection("Time from assignment to approval (days)", new ReportTable(
            [new("force"), new("approved", true), new("median", true), new("90th percentile", true)],
            [.. Turnarounds(candidates, asOf).Select(t => (IReadOnlyList<string>)[t.Force, N(t.Approved), Opt(t.MedianDays), Opt(t.P90Days)])])));

        var scope = force is null ? "All forces" : $"Force {force.Trim().ToUpperInvariant()}";
        return new ReportDocument(Title, asOf, scope, sections, csv);
    }

    /// <summary>Burn-up: cumulative candidates (scope), approved (done) and, with a single target, the plan (dashed).</summary>
    private static LineChart BurnUp(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf, IReadOnlyList<ProgressPace> pace)
    {
        var end = EndOf(asOf);
        var inScope = candidates.Where(c => c.ScreenedAt < end).ToList();
        if (inScope.Count == 0) return new LineChart("Burn-up", [], []);
        var first = MonthOf(inScope.Min(c => c.ScreenedAt));
        var months = new List<DateOnly>();
        for (var m = first; m <= MonthOf(end.AddTicks(-1)); m = m.AddMonths(1)) months.Add(m);
        var points = months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var scope = new List<double>();
        var done = new List<double>();
        foreach (var m in months)
        {
            var monthEnd = Min(new DateTimeOffset(m.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), end);
            scope.Add(inScope.Count(c => c.ScreenedAt < monthEnd));
            done.Add(inScope.Count(c => c.StatusAt(monthEnd.AddTicks(-1)) == ReviewStatus.Approved));
        }
        var series = new List<ChartSeries> { new("candidates (scope)", scope), new("approved", done) };
        var dashed = new HashSet<string>();
        if (pace.Count == 1 && pace[0].YearlyTarget is { } target)
        {
            const string plan = "plan";
            series.Add(new ChartSeries(plan, [.. months.Select((_, i) => Math.Min(scope[^1], Math.Round(target / 12.0 * (i + 1), 1)))]));
            dashed.Add(plan);
        }
        return new LineChart("Burn-up: candidates and approved reviews by month", points, series, "candidates") { Dashed = dashed };
    }

    private static DateTimeOffset EndOf(DateOnly asOf) => new(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Opt(int? n) => n is { } v ? N(v) : "–";

    private static string Opt(double? n) => n is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "–";
}
