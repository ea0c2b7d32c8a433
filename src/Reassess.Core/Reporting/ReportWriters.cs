using System.Net;
using System.Text;
using Reassess.Output;

namespace Reassess.Reporting;

/// <summary>The formats a report is written in.</summary>
public enum ReportFormat { Table, Csv, Html }

/// <summary>Writes a <see cref="ReportDocument"/>'s machine-readable table as CSV (the common rules of docs/outputs.md).</summary>
public static class CsvReportWriter
{
    public static void Write(ReportDocument report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var table = report.Csv;
        using var csv = new CsvOutput(writer, [.. table.Columns.Select(c => c.Name)], table.Columns.Where(c => c.Numeric).Select(c => c.Name));
        foreach (var row in table.Rows) csv.WriteRow(row);
    }
}

/// <summary>
/// Writes a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, inline SVG charts, no script, no
/// external fetches, so it can be mailed, opened offline and printed to PDF from a browser (<c>@media print</c> keeps
/// tables and charts whole on a page).
/// </summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 75rem; padding: 0 1rem; line-height: 1.4; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
        p.meta { color: #444; margin-top: 0; }
        table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; }
        th { background: #f0f4f8; text-align: left; }
        td { white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        div.table-wrap { overflow-x: auto; }
        tr.total td { font-weight: bold; background: #f7f7f7; }
        p.note { font-size: 0.85rem; color: #444; }
        figure { margin: 1rem 0; }
        svg.chart { max-width: 100%; height: auto; }
        @media print {
          body { margin: 0; max-width: none; }
          h2 { break-after: avoid; }
          table, figure, svg { break-inside: avoid; }
          table { font-size: 8pt; }
          div.table-wrap { overflow: visible; }
          thead { display: table-header-group; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    public static void Write(ReportDocument report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(report.Title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
          .Append("<h1>").Append(E(report.Title)).Append("</h1>\n")
          .Append("<p class=\"meta\">As of ").Append(report.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
          .Append(" · ").Append(E(report.Scope)).Append("</p>\n");
        AppendBody(sb, report);
        sb.Append("</body>\n</html>\n");
        writer.Write(sb.ToString());
    }

    /// <summary>The report's sections as an HTML fragment (no document, no styles): for pages that embed a report.</summary>
    public static string Fragment(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        AppendBody(sb, report);
        return sb.ToString();
    }

    private static void AppendBody(StringBuilder sb, ReportDocument report)
    {
        if (report.ContainsCaseLevelData)
            sb.Append("<p class=\"note\"><strong>OFFICIAL-SENSITIVE.</strong> Contains case-level data; its disclosure is recorded.</p>\n");
        foreach (var section in report.Sections)
        {
            sb.Append("<section>\n<h2>").Append(E(section.Heading)).Append("</h2>\n");
            if (section.Text is not null) sb.Append("<p>").Append(E(section.Text)).Append("</p>\n");
            foreach (var chart in section.ChartList)
                sb.Append("<figure>\n").Append(SvgCharts.Render(chart)).Append("</figure>\n");
            if (section.Table is not null) AppendTable(sb, section.Table);
            sb.Append("</section>\n");
        }
    }

    private static void AppendTable(StringBuilder sb, ReportTable table)
    {
        sb.Append("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
        foreach (var column in table.Columns)
            sb.Append(column.Numeric ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">").Append(E(column.Name)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            sb.Append(table.TotalRows.Contains(r) ? "<tr class=\"total\">" : "<tr>");
            var row = table.Rows[r];
            for (var c = 0; c < table.Columns.Count; c++)
                sb.Append(table.Columns[c].Numeric ? "<td class=\"num\">" : "<td>").Append(E(c < row.Count ? row[c] : "")).Append("</td>");
            sb.Append("</tr>\n");
        }
        if (table.Rows.Count == 0)
            sb.Append("<tr><td colspan=\"").Append(table.Columns.Count).Append("\">No records in scope.</td></tr>\n");
        sb.Append("</tbody>\n</table>\n</div>\n");
        if (table.Note is not null) sb.Append("<p class=\"note\">").Append(E(table.Note)).Append("</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
