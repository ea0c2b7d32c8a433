using System.ComponentModel;
using Microsoft.Extensions.Options;
using Reassess.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess serve</c>: migrates the database, then runs the review workbench until stopped.</summary>
public sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen, separated by ';' (default http://127.0.0.1:5080). Put HTTPS in front (a reverse proxy on this machine) for real use.")]
        public string Urls { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--keys <FOLDER>")]
        [Description("Folder for the Data Protection keys that protect session cookies (default: in the database, shared by every server on it; encrypted either way).")]
        public string? Keys { get; init; }
    }

    /// <summary>Console logging of warnings and the host's start and stop only: request logs would bury the terminal.</summary>
    internal static readonly string[] QuietLogging =
        ["--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        List<string> args = ["--urls", settings.Urls, .. QuietLogging];
        if (!string.IsNullOrWhiteSpace(settings.Keys)) args.AddRange(["--" + ReassessWebApp.KeysPathSetting, settings.Keys]);
        if (!string.IsNullOrWhiteSpace(settings.AuditKey)) args.AddRange(["--" + ReassessWebApp.AuditKeyFileSetting, settings.AuditKey]);
        var app = ReassessWebApp.Build([.. args], target);
        try
        {
            // The configuration is checked before the database is touched: a bad setting stops here, named.
            await ReassessWebApp.MigrateAsync(app, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            console.MarkupLine("[red]The workbench's configuration is not valid (see docs/operations.md, \"Configuration\"):[/]");
            foreach (var failure in ex.Failures) console.MarkupLineInterpolated($"[red]  {failure}[/]");
            return ExitCodes.InvalidInput;
        }
        console.MarkupLineInterpolated($"Reassess workbench on [bold]{settings.Urls}[/] ({target.Describe()}). Press Ctrl+C to stop.");
        // The CLI's runtime is set for batch commands (workstation GC); a server under load answers faster with the server
        // GC, which only the environment can choose for this process (docs/operations.md, "The runtime for a server").
        if (!System.Runtime.GCSettings.IsServerGC)
            console.MarkupLine("[yellow]Running with the workstation garbage collector: set DOTNET_gcServer=1 before 'reassess serve' on a server " +
                               "(9-23% less CPU a request in bench/web-load.sh at national scale; docs/operations.md, \"The runtime for a server\").[/]");
        await app.RunAsync();
        return ExitCodes.Success;
    }
}
