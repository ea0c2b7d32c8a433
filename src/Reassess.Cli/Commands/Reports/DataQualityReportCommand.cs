using System.ComponentModel;
using Reassess.Reporting;
using Reassess.Reporting.DataQuality;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands.Reports;

/// <summary><c>reassess report data-quality</c>: ethnicity, nationality and date of birth recording, and rule failures.</summary>
public sealed class DataQualityReportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<DataQualityReportCommand.Settings>
{
    public sealed class Settings : ReportSettings
    {
        [CommandOption("--run <RUN>")]
        [Description("Only the candidates of a screening run: latest, or a run id.")]
        public string? Run { get; init; }

        [CommandOption("--rule <NAME>")]
        [Description("One data-quality rule: its failures per force (with --list, the failing records).")]
        public string? Rule { get; init; }

        [CommandOption("--list")]
        [Description("With --rule: list every failing record (case-level data).")]
        public bool List { get; init; }

        [CommandOption("--rules")]
        [Description("List the data-quality rules with their versions and descriptions.")]
        public bool Rules { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var format = settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(time);
        if (settings.List && settings.Rule is null) throw new UsageException("--list needs --rule NAME (see --rules).");
        if (settings.Rules)
        {
            await ReportOutput.WriteAsync(console, RuleCatalogue(asOf), settings, cancellationToken);
            return ExitCodes.Success;
        }
        DataQualityRule? rule = null;
        if (settings.Rule is not null)
        {
            rule = DataQualityRules.Find(settings.Rule)
                ?? throw new UsageException($"No data-quality rule '{settings.Rule}'. Rules: {string.Join(", ", DataQualityRules.All.Select(r => r.Name))}.");
        }

        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var scope = await DataQualityScope.LoadAsync(db, settings.Run, cancellationToken);

        var report = rule is null
            ? DataQualityReport.Build(scope, asOf, percentages: format == ReportFormat.Html)
            : settings.List
                ? DataQualityReport.BuildFailureList(scope, rule, asOf)
                : DataQualityReport.BuildRuleCounts(scope, rule, asOf);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }

    private static ReportDocument RuleCatalogue(DateOnly asOf)
    {
        var table = new ReportTable([new("rule"), new("version", true), new("severity"), new("checks"), new("description")],
            [.. DataQualityRules.All.Select(r => (IReadOnlyList<string>)[r.Name, r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Records.Token.Of(r.Severity), Records.Token.Of(r.Subject), r.Description])]);
        return new ReportDocument($"Data-quality rules, rule set {DataQualityRules.SetVersion}", asOf, "Rules shipped with Reassess",
            [new ReportSection("Rules", table)], table);
    }
}
