using System.ComponentModel;
using Reassess.Reporting;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands.Reports;

/// <summary><c>reassess report progress</c>: review progress by force and month, pace against plan, turnaround, burn-up.</summary>
public sealed class ProgressReportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ProgressReportCommand.Settings>
{
    public sealed class Settings : ReportSettings
    {
        [CommandOption("--force <FORCE>")]
        [Description("Only this force (e.g. MPS).")]
        public string? Force { get; init; }

        [CommandOption("--yearly-target <N>")]
        [Description("Reviews to complete per year, for the pace and projected completion (default: the criteria profile's own target, 600 for met-2025).")]
        public int? YearlyTarget { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(time);
        if (settings.YearlyTarget is <= 0) throw new UsageException("--yearly-target must be a positive number.");
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        // The plan is the criteria profile's yearly target unless --yearly-target overrides it.
        var report = await ReportAssembly.ProgressAsync(db, asOf, settings.Force, settings.YearlyTarget, cancellationToken);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }

}
