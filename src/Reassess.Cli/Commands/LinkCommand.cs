using System.ComponentModel;
using System.Globalization;
using Reassess.Composition;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess link</c>: resolve people across investigations and forces, link identifiers, build offender networks.</summary>
public sealed class LinkCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<LinkCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--seed <N>")]
        [Description("Seed of the model's sampling and of community detection (default 1): the same data and seed give the same result.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--restart")]
        [Description("Start afresh even when an interrupted run over the same data could be continued.")]
        public bool Restart { get; init; }

        [CommandOption("--incremental")]
        [Description("Link only the nominals imported or changed since the last completed run, with its model; refused, with the reason, when only a full link can stand (docs/linkage.md).")]
        public bool Incremental { get; init; }

        public override ValidationResult Validate() =>
            Incremental && Restart ? ValidationResult.Error("--incremental and --restart cannot be given together: --restart starts a full link afresh.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var service = PipelineLinkage.Create(settings.Seed, time, settings.AuditTrail);
        var options = new LinkOptions(settings.Seed, settings.Restart, ShellEnvironment.AuditActorName, Incremental: settings.Incremental);
        var started = time.GetTimestamp();
        LinkageSummary summary;
        if (Terminal.IsInteractive)
        {
            summary = await console.Status().Spinner(Spinner.Known.Dots).StartAsync("linking", async status =>
                await service.RunAsync(target, options, new LineProgress(line =>
                {
                    status.Status(Markup.Escape(line));
                    console.MarkupLineInterpolated($"[grey]{time.GetElapsedTime(started).TotalSeconds,6:0.0}s[/] {line}");
                }), cancellationToken));
        }
        else
        {
            summary = await service.RunAsync(target, options, new LineProgress(line =>
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time.GetElapsedTime(started).TotalSeconds,6:0.0}s {line}"))), cancellationToken);
        }

        var table = new Table().AddColumns("", "");
        table.AddRow("linkage run", summary.RunId.ToString(CultureInfo.InvariantCulture) + (summary.Resumed ? $" (continued after {Token.Of(summary.ResumedAfter)})" : "")
            + (summary.Mode == LinkageMode.Incremental ? $" (incremental over run {summary.BaseRunId}: {summary.ChangedNominals:N0} new or changed nominals)" : ""));
        table.AddRow("nominals", summary.Nominals.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("deterministic links", summary.DeterministicLinks.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("probabilistic matches", summary.ProbabilisticMatches.ToString("N0", CultureInfo.InvariantCulture) + $" ({summary.PendingMatches:N0} pending review)");
        table.AddRow("comparisons", string.Create(CultureInfo.InvariantCulture, $"{summary.Comparisons:N0} ({summary.ComparisonsPerSecond:N0} per second)"));
        table.AddRow("resolved people", summary.ResolvedPeople.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("offender networks", summary.Networks.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("missed-group investigations", summary.MissedGroupInvestigations.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("time", string.Create(CultureInfo.InvariantCulture, $"{summary.Seconds:0.0} s"));
        console.Write(table);
        return ExitCodes.Success;
    }

    /// <summary>Reports each line at once, on the caller's thread (unlike <see cref="Progress{T}"/>, which posts and may reorder).</summary>
    private sealed class LineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
