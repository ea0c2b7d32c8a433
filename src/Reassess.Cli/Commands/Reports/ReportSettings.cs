using System.ComponentModel;
using System.Globalization;
using Reassess.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands.Reports;

/// <summary>Options every <c>reassess report …</c> command takes.</summary>
public class ReportSettings : DatabaseSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("table (default on screen), csv or html. With --out and no --format, taken from the file's extension.")]
    public string? Format { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Write the report to FILE instead of the screen.")]
    public string? Out { get; init; }

    [CommandOption("--as-of <DATE>")]
    [Description("The date the report is for, YYYY-MM-DD (default: today, UTC). The same data and as-of give the same report.")]
    public string? AsOf { get; init; }

    public ReportFormat ResolveFormat()
    {
        if (Format is not null)
        {
            return Format.Trim().ToLowerInvariant() switch
            {
                "table" => ReportFormat.Table,
                "csv" => ReportFormat.Csv,
                "html" => ReportFormat.Html,
                _ => throw new UsageException($"--format takes table, csv or html, not '{Format}'."),
            };
        }
        return Path.GetExtension(Out ?? "").ToLowerInvariant() switch
        {
            ".csv" => ReportFormat.Csv,
            ".html" or ".htm" => ReportFormat.Html,
            "" when Out is not null => ReportFormat.Csv,
            _ => ReportFormat.Table,
        };
    }

    public DateOnly ResolveAsOf(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (AsOf is null) return DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return DateOnly.TryParseExact(AsOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new UsageException($"--as-of takes a date YYYY-MM-DD, not '{AsOf}'.");
    }
}

/// <summary>Writes a report in the chosen format to the screen or a file.</summary>
public static class ReportOutput
{
    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(IAnsiConsole console, ReportDocument report, ReportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var format = settings.ResolveFormat();

        // Disclosure point: a report with case-level data (report.ContainsCaseLevelData) is a disclosure under
        // DPA 2018 s.62; this is the one place every report passes through, where the audit trail records it, before
        // anything is written (no record, no disclosure).
        if (report.ContainsCaseLevelData)
        {
            var recipient = settings.Out is null ? "standard output of " + ShellEnvironment.AuditActorName : Path.GetFullPath(settings.Out);
            await new Audit.AuditedOperations(settings.AuditTrail).ReportDisclosedAsync(ShellEnvironment.AuditActorName, report.Title, recipient, cancellationToken);
        }

        if (settings.Out is null)
        {
            if (format == ReportFormat.Table) WriteTable(console, report);
            else
            {
                await using var stdout = new StreamWriter(Console.OpenStandardOutput(), Utf8NoBom) { NewLine = "\n" };
                Write(stdout, report, format);
            }
            return;
        }

        var path = Path.GetFullPath(settings.Out);
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        await using (var file = new StreamWriter(path, append: false, Utf8NoBom) { NewLine = "\n" })
        {
            if (format == ReportFormat.Table)
            {
                var plain = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                    Out = new AnsiConsoleOutput(file),
                });
                plain.Profile.Width = 200;
                WriteTable(plain, report);
            }
            else Write(file, report, format);
        }
        await Console.Error.WriteLineAsync($"Wrote {report.Title} ({format.ToString().ToLowerInvariant()}) to {settings.Out}");
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void Write(TextWriter writer, ReportDocument report, ReportFormat format)
    {
        if (format == ReportFormat.Csv) CsvReportWriter.Write(report, writer);
        else HtmlReportWriter.Write(report, writer);
    }

    private static void WriteTable(IAnsiConsole console, ReportDocument report)
    {
        console.MarkupLineInterpolated($"[bold]{report.Title}[/]");
        console.MarkupLineInterpolated($"[grey]As of {report.AsOf:yyyy-MM-dd} · {report.Scope}[/]");
        foreach (var section in report.Sections)
        {
            if (section.Table is null && section.Text is null) continue; // chart-only sections are for the HTML view
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold underline]{section.Heading}[/]");
            if (section.Text is not null) console.WriteLine(section.Text);
            if (section.Table is null) continue;
            if (section.Table.Rows.Count == 0)
            {
                console.WriteLine("No records in scope.");
                continue;
            }
            // Laid out to fit the terminal: a report of many years turns round (years as rows) or splits, never squeezes.
            var table = new TerminalTable([.. section.Table.Columns.Select(c => c.Name)])
                .Numeric([.. section.Table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Numeric).Select(x => x.i)]);
            for (var r = 0; r < section.Table.Rows.Count; r++)
                table.AddRow(section.Table.TotalRows.Contains(r), [.. section.Table.Rows[r]]);
            table.Write(console);
            if (section.Table.Note is not null) console.MarkupLineInterpolated($"[grey]{section.Table.Note}[/]");
        }
    }
}
