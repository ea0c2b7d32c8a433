namespace Reassess.Reporting;

/// <summary>
/// Report column names as people read them (issue 21, item 6): the machine names (<c>in_review</c>,
/// <c>dob_missing</c>) stay in the command line's CSV, which analysts script against; the workbench's pages and its
/// downloads show "In review", "Date of birth missing (people)" instead, with the unit of each figure.
/// </summary>
public static class ReportHeadings
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["force"] = "Force",
        ["month"] = "Month",
        ["year"] = "Year",
        ["recorded_year"] = "Year recorded",
        ["measure"] = "Measure",
        ["value"] = "Value",
        ["role"] = "Role",
        ["rule"] = "Check",
        ["detail"] = "Detail",
        ["total"] = "Total",
        ["people"] = "People",
        ["investigation_id"] = "Investigation number",
        ["person_id"] = "Person number",
        ["investigations"] = "Investigations",
        ["candidates"] = "Candidates (cases)",
        ["screened"] = "Screened (cases)",
        ["queued"] = "Queued (cases)",
        ["assigned"] = "Assigned (cases)",
        ["in_review"] = "In review (cases)",
        ["submitted"] = "Submitted (cases)",
        ["approved"] = "Approved (cases)",
        ["returned"] = "Returned (cases)",
        ["recommendations"] = "Recommendations",
        ["referrals"] = "Referrals",
        ["safeguarding referrals"] = "Safeguarding referrals",
        ["safeguarding_referrals"] = "Safeguarding referrals",
        ["national_referrals_proposed"] = "National referrals proposed",
        ["national_referrals_approved"] = "National referrals approved",
        ["ethnicity_recorded"] = "Ethnicity recorded (people)",
        ["ethnicity_not_stated"] = "Ethnicity not stated (people)",
        ["ethnicity_missing"] = "Ethnicity missing (people)",
        ["officer_observed_only"] = "Ethnicity observed by officer only (people)",
        ["nationality_missing"] = "Nationality missing (people)",
        ["dob_missing"] = "Date of birth missing (people)",
    };

    /// <summary>
    /// The readable heading of <paramref name="name"/>: a known column's label, else the name with its underscores as
    /// spaces and its first letter capitalised (force codes and years, already readable, are kept as they are).
    /// </summary>
    public static string Readable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Known.TryGetValue(name, out var label)) return label;
        if (!name.Contains('_', StringComparison.Ordinal) || name.Length == 0) return name;
        var spaced = name.Replace('_', ' ');
        return char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    /// <summary>The same document with every table's columns (the sections' and the CSV's) under readable headings.</summary>
    public static ReportDocument ForPeople(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            Sections = [.. report.Sections.Select(s => s.Table is null ? s : s with { Table = Rename(s.Table) })],
            Csv = Rename(report.Csv),
        };
    }

    private static ReportTable Rename(ReportTable table) =>
        table with { Columns = [.. table.Columns.Select(c => c with { Name = Readable(c.Name) })] };
}
