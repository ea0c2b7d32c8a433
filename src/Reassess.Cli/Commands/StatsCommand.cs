using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess stats</c>: rows per force and table.</summary>
public sealed class StatsCommand(IAnsiConsole console) : AsyncCommand<DatabaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var stats = await StoredCounts.ReadAsync(db, cancellationToken);
        var table = new TerminalTable("force", "investigations", "people", "involvements", "identifiers").Numeric(1, 2, 3, 4);
        foreach (var row in stats)
            table.AddRow(row.Force, row.Investigations.ToString("N0", null), row.People.ToString("N0", null), row.Involvements.ToString("N0", null), row.Identifiers.ToString("N0", null));
        console.MarkupLineInterpolated($"[bold]{target.Describe()}[/]");
        if (stats.Count == 0) console.WriteLine("No force records are stored yet.");
        else table.Write(console);
        return ExitCodes.Success;
    }
}
