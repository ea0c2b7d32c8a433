using Reassess.Reporting;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands.Reports;

/// <summary><c>reassess report national</c>: every force side by side, cross-force networks, national referrals.</summary>
public sealed class NationalReportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(time);
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var report = await ReportAssembly.NationalAsync(db, asOf, cancellationToken);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess report public</c>: publishable counts under disclosure control.</summary>
public sealed class PublicReportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        settings.ResolveFormat();
        var asOf = settings.ResolveAsOf(time);
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var report = await ReportAssembly.PublicAsync(db, asOf, cancellationToken);
        await ReportOutput.WriteAsync(console, report, settings, cancellationToken);
        return ExitCodes.Success;
    }
}
