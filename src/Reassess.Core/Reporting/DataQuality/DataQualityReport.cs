using System.Globalization;
using Reassess.Records;

namespace Reassess.Reporting.DataQuality;

/// <summary>
/// <c>reassess report data-quality</c> (docs/outputs.md): where each force's records of suspects and victims in child sexual
/// offence investigations stand on ethnicity, nationality and date of birth, and which data-quality rules fail.
/// Aggregate counts only, except <see cref="BuildFailureList"/>, which names records (a disclosure).
/// </summary>
public static class DataQualityReport
{
    public const string Title = "Data quality of child sexual offence investigation records";

    /// <summary>The report: the spec's counts (CSV), per-force charts and percentages (HTML) and the rule summary.</summary>
    /// <param name="scope">The records in scope.</param>
    /// <param name="asOf">The date the report is for (shown in its header).</param>
    /// <param name="percentages">Show each count with its share of the row's people (the HTML view).</param>
    public static ReportDocument Build(DataQualityScope scope, DateOnly asOf, bool percentages)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = DataQualityCounts.Count(scope);
        var csv = new ReportTable(
            [.. DataQualityRow.Columns.Select((c, i) => new ReportColumn(c, Numeric: i == 1 || i >= 3))],
            [.. rows.Select(r => (IReadOnlyList<string>)[r.Force, N(r.RecordedYear), Token.Of(r.Role), .. r.Counts.Select(N)])]);

        var sections = new List<ReportSection>();
        var shown = percentages
            ? csv with { Rows = [.. rows.Select(r => (IReadOnlyList<string>)[r.Force, N(r.RecordedYear), Token.Of(r.Role), N(r.People), .. r.Counts.Skip(1).Select(c => WithShare(c, r.People))])] }
            : csv;
        sections.Add(new ReportSection("People by force, recorded year and role", shown with
        {
            Note = "A person counts once per row however many of its investigations they appear in. officer_observed_only is part of ethnicity_missing.",
        }));

        foreach (var force in rows.Select(r => r.Force).Distinct())
        {
            var suspects = rows.Where(r => r.Force == force && r.Role == InvolvementRole.Suspect).ToList();
            if (suspects.Count == 0) continue;
            sections.Add(new ReportSection($"{force}: suspects' self-defined ethnicity",
                Charts:
                [
                    new BarChart($"{force}: suspects' self-defined ethnicity by recorded year (% of suspects)",
                        [.. suspects.Select(r => N(r.RecordedYear))],
                        [
                            new ChartSeries("recorded", [.. suspects.Select(r => Share(r.EthnicityRecorded, r.People))]),
                            new ChartSeries("not stated (NS)", [.. suspects.Select(r => Share(r.EthnicityNotStated, r.People))]),
                            new ChartSeries("missing", [.. suspects.Select(r => Share(r.EthnicityMissing, r.People))]),
                        ],
                        Stacked: true, ValueAxis: "% of suspects"),
                ]));
        }

        sections.Add(RuleSummary(scope));
        return new ReportDocument(Title, asOf, scope.Describe(), sections, csv);
    }

    /// <summary>Failures of every rule, per force: the validator summary.</summary>
    public static ReportSection RuleSummary(DataQualityScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var forces = scope.Investigations.Select(i => i.Force).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new List<ReportColumn> { new("rule"), new("version", true), new("severity"), new("checks") };
        columns.AddRange(forces.Select(f => new ReportColumn(f, true)));
        columns.Add(new ReportColumn("total", true));
        var table = new List<IReadOnlyList<string>>();
        foreach (var rule in DataQualityRules.All)
        {
            var failures = rule.Check(scope);
            var row = new List<string> { rule.Name, N(rule.Version), Token.Of(rule.Severity), Token.Of(rule.Subject) };
            row.AddRange(forces.Select(f => N(failures.Count(x => x.Force == f))));
            row.Add(N(failures.Count));
            table.Add(row);
        }
        return new ReportSection($"Data-quality rules (rule set {DataQualityRules.SetVersion})",
            new ReportTable(columns, table) { Note = "Failing records per force. List them with: reassess report data-quality --rule NAME --list" });
    }

    /// <summary>Every record failing <paramref name="rule"/>: case-level data, so a disclosure.</summary>
    public static ReportDocument BuildFailureList(DataQualityScope scope, DataQualityRule rule, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rule);
        var failures = rule.Check(scope);
        var table = new ReportTable(
            [.. DataQualityFailure.Columns.Select(c => new ReportColumn(c))],
            [.. failures.Select(f => (IReadOnlyList<string>)[f.Rule, f.Force, f.InvestigationIds ?? "", f.PersonId ?? "", f.Roles ?? "", f.Detail])]);
        return new ReportDocument($"Records failing {rule.Name} (version {rule.Version})", asOf, scope.Describe(),
            [new ReportSection($"{rule.Name} v{rule.Version}: {failures.Count} failing", table, Text: rule.Description)], table)
        {
            ContainsCaseLevelData = true,
        };
    }

    /// <summary>Failures of <paramref name="rule"/> per force (no case detail).</summary>
    public static ReportDocument BuildRuleCounts(DataQualityScope scope, DataQualityRule rule, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rule);
        var failures = rule.Check(scope);
        var table = new ReportTable([new("rule"), new("version", true), new("force"), new("failing", true)],
            [.. failures.GroupBy(f => f.Force).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[rule.Name, N(rule.Version), g.Key, N(g.Count())])]);
        return new ReportDocument($"Records failing {rule.Name} (version {rule.Version})", asOf, scope.Describe(),
            [new ReportSection($"{rule.Name} v{rule.Version}", table, Text: rule.Description)], table);
    }

    private static double Share(int count, int of) => of == 0 ? 0 : Math.Round(100.0 * count / of, 1);

    private static string WithShare(int count, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} ({Share(count, of):0.#}%)");

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
