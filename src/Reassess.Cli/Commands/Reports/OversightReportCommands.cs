using System.ComponentModel;
using Reassess.Reporting;
using Reassess.Screening;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands.Reports;

/// <summary><c>reassess report progress</c>: review progress by force and month, pace against plan, turnaround, burn-up.</summary>
public sealed class ProgressReportCommand(IAnsiConsole console) : AsyncCommand<ProgressReportCommand.Settings>
{
    public sealed class Settings : ReportSettings
    {
        [CommandOption("--force <FORCE>")]
        [Description("Only this force (e.g. MPS).")]
        public string? Force { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(ReportClock.Time);
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var candidates = await ReviewHistory.LoadAsync(db, settings.Force, cancellationToken);
        var report = ProgressReport.Build(candidates, asOf, YearlyTargets.Of, settings.Force);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess report national</c>: every force side by side, cross-force networks, national referrals.</summary>
public sealed class NationalReportCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(ReportClock.Time);
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var report = NationalReport.Build(
            await ReviewHistory.LoadAsync(db, cancellationToken: cancellationToken),
            await NationalReport.InvestigationsPerForceAsync(db, cancellationToken),
            await NationalReport.CrossForceNetworksAsync(db, cancellationToken),
            asOf);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess report public</c>: publishable counts under disclosure control.</summary>
public sealed class PublicReportCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(ReportClock.Time);
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var report = PublicSummary.Build(await ReviewHistory.LoadAsync(db, cancellationToken: cancellationToken), asOf);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }
}

/// <summary>Reads a criteria profile's yearly target from the shipped profiles (null when unknown or without one).</summary>
public static class YearlyTargets
{
    public static int? Of(string profileName)
    {
        try
        {
            return CriteriaProfileLoader.LoadShipped(profileName).YearlyTarget;
        }
        catch (CriteriaProfileException)
        {
            return null; // a profile no longer shipped: the report shows "no target" rather than failing
        }
    }
}
