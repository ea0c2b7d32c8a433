using System.Globalization;
using Reassess.Records;
using Reassess.Reporting.Progress;
using Reassess.Reviews;

namespace Reassess.Reporting;

/// <summary>
/// <c>reassess report public</c> (docs/outputs.md): aggregates fit for publication (a force's website, answers to an assembly
/// or committee): candidates identified, reviews completed, recommendations and safeguarding referrals, by force and
/// the year the investigation was recorded (one year axis for every measure, so they can be read against each other),
/// each table under <see cref="DisclosureControl"/>: no published count from 1 to 4, secondary suppression against
/// the totals, true totals, zero published as 0.
/// </summary>
public static class PublicSummary
{
    public const string Title = "Re-assessment of closed child sexual abuse investigations: summary";
    public const string Total = "Total";

    /// <summary>The columns of the CSV: one row per measure, force and year, totals included.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["measure", "force", "year", "value"];

    /// <summary>A published measure: its name and the count per force and year, before disclosure control.</summary>
    public sealed record Measure(string Name, string Description, IReadOnlyDictionary<(string Force, int Year), long> Counts);

    /// <summary>The measures, counted from the candidates' histories as of the date, by the investigation's recorded year.</summary>
    public static IReadOnlyList<Measure> Measures(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var end = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var at = end.AddTicks(-1);
        var screened = candidates.Where(c => c.ScreenedAt < end).ToList();
        var approved = screened.Where(c => c.ApprovedAt(at) is not null).Select(c => (Candidate: c, Year: c.RecordedYear)).ToList();

        var measures = new List<Measure>
        {
            new("candidates", "Investigations identified for re-assessment",
                Count(screened.Select(c => (c.Force, c.RecordedYear, 1L)))),
            new("reviews_completed", "Re-assessments completed (signed off)",
                Count(approved.Select(x => (x.Candidate.Force, x.Year, 1L)))),
        };
        foreach (var kind in Enum.GetValues<Recommendation>())
        {
            measures.Add(new($"recommendation_{Token.Of(kind)}", $"Re-assessments completed recommending: {Token.Of(kind).Replace('_', ' ')}",
                Count(approved.Where(x => x.Candidate.Recommendation == kind).Select(x => (x.Candidate.Force, x.Year, 1L)))));
        }
        measures.Add(new("safeguarding_referrals", "Safeguarding referrals made by completed re-assessments",
            Count(approved.Select(x => (x.Candidate.Force, x.Year, (long)x.Candidate.ReferralCount)))));
        return measures;
    }

    public static ReportDocument Build(IReadOnlyList<CandidateHistory> candidates, DateOnly asOf)
    {
        var measures = Measures(candidates, asOf);
        var forces = candidates.Select(c => c.Force).Distinct().Order(StringComparer.Ordinal).ToList();
        var seen = measures.SelectMany(m => m.Counts.Keys.Select(k => k.Year)).ToList();
        // Every year from the first to the last, so a year with nothing shows as 0 rather than vanishing.
        var years = seen.Count == 0 ? [asOf.Year] : Enumerable.Range(seen.Min(), seen.Max() - seen.Min() + 1).ToList();
        var yearLabels = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();

        var sections = new List<ReportSection>();
        var csvRows = new List<IReadOnlyList<string>>();
        foreach (var measure in measures)
        {
            var values = new long[forces.Count, years.Count];
            for (var i = 0; i < forces.Count; i++)
                for (var j = 0; j < years.Count; j++)
                    values[i, j] = measure.Counts.GetValueOrDefault((forces[i], years[j]));
            var table = DisclosureControl.Protect(forces, yearLabels, values);
            sections.Add(new ReportSection(measure.Description, Render(table)) { });
            csvRows.AddRange(CsvRows(measure.Name, table));
        }
        sections.Add(new ReportSection("About these figures", Text:
            "Years are the years the investigations were recorded. Counts from 1 to 4 are not published, to protect the people involved; they and some other cells that would let them be " +
            "worked out from the totals are shown as [c]. Totals are the true totals. Zero is shown as 0."));
        var csv = new ReportTable([new("measure"), new("force"), new("year"), new("value", true)], csvRows);
        return new ReportDocument(Title, asOf, forces.Count == 1 ? $"Force {forces[0]}" : $"{forces.Count} forces", sections, csv);
    }

    /// <summary>A protected table as the report shows it: forces down, years across, totals where they are shown.</summary>
    public static ReportTable Render(ProtectedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new List<ReportColumn> { new("force") };
        columns.AddRange(table.ColumnLabels.Select(y => new ReportColumn(y, true)));
        if (table.RowTotalsShown) columns.Add(new ReportColumn(Total, true));
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < table.RowCount; i++)
        {
            var row = new List<string> { table.RowLabels[i] };
            row.AddRange(Enumerable.Range(0, table.ColumnCount).Select(j => table.Display(i, j)));
            if (table.RowTotalsShown) row.Add(N(table.RowTotal(i)));
            rows.Add(row);
        }
        var totals = new HashSet<int>();
        if (table.ColumnTotalsShown)
        {
            var row = new List<string> { Total };
            row.AddRange(Enumerable.Range(0, table.ColumnCount).Select(j => N(table.ColumnTotal(j))));
            if (table.RowTotalsShown) row.Add(N(table.GrandTotal));
            totals.Add(rows.Count);
            rows.Add(row);
        }
        return new ReportTable(columns, rows) { TotalRows = totals, Note = "[c]: not published (disclosure control)." };
    }

    private static IEnumerable<IReadOnlyList<string>> CsvRows(string measure, ProtectedTable table)
    {
        for (var i = 0; i < table.RowCount; i++)
        {
            for (var j = 0; j < table.ColumnCount; j++)
                yield return [measure, table.RowLabels[i], table.ColumnLabels[j], table.Display(i, j)];
            if (table.RowTotalsShown) yield return [measure, table.RowLabels[i], Total, N(table.RowTotal(i))];
        }
        if (table.ColumnTotalsShown)
        {
            for (var j = 0; j < table.ColumnCount; j++)
                yield return [measure, Total, table.ColumnLabels[j], N(table.ColumnTotal(j))];
            if (table.RowTotalsShown) yield return [measure, Total, Total, N(table.GrandTotal)];
        }
    }

    private static Dictionary<(string Force, int Year), long> Count(IEnumerable<(string Force, int Year, long Value)> items)
    {
        var counts = new Dictionary<(string, int), long>();
        foreach (var (force, year, value) in items)
            counts[(force, year)] = counts.GetValueOrDefault((force, year)) + value;
        return counts;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
