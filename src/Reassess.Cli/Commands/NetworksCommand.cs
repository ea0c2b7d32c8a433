using System.ComponentModel;
using Reassess.Linkage.Networks;
using Reassess.Output;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess networks [--out FILE]</c>: the offender networks found by the last <c>reassess link</c>.</summary>
public sealed class NetworksCommand(IAnsiConsole console) : AsyncCommand<NetworksCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write network_id,force,person_id,role_in_network,investigation_ids (one row per nominal) to FILE.")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await ReassessDatabase.MigrateAsync(settings.Target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(settings.Target);
        if (settings.Out is { } path)
        {
            int rows;
            await using (var csv = CsvOutput.Create(path, NetworkExport.Header))
                rows = await NetworkExport.WriteCsvAsync(db, csv, cancellationToken);
            await new Audit.AuditedOperations(settings.AuditTrail).FileExportedAsync(ShellEnvironment.AuditActorName, "networks export", path, "reassess networks --out", cancellationToken);
            console.WriteLine($"Wrote {rows:N0} rows to {path}.");
            return ExitCodes.Success;
        }

        var networks = await NetworkExport.ListAsync(db, cancellationToken);
        if (networks.Count == 0)
        {
            console.WriteLine("No offender networks: run 'reassess link' first (or no community holds two suspects).");
            return ExitCodes.Success;
        }
        var table = new TerminalTable("network", "suspects", "victims", "people", "nominals", "forces", "investigations").Numeric(1, 2, 3, 4).FreeText(6);
        foreach (var n in networks.Take(50))
        {
            var investigations = n.Investigations.Split(';');
            var shown = string.Join(' ', investigations.Take(4)) + (investigations.Length > 4 ? $" (+{investigations.Length - 4})" : "");
            table.AddRow(n.Label, n.Suspects.ToString(null, null), n.Victims.ToString(null, null), n.People.ToString(null, null), n.Nominals.ToString(null, null),
                n.Forces, shown);
        }
        table.Write(console);
        // What changed since the previous link, for the networks shown (a label carries on while its members mostly stay).
        // (After the first link every network is new: the count below says so.)
        var changes = networks.Take(50).Where(n => n.Change != NetworkChange.Unchanged).ToList();
        if (changes.Count > 0 && networks.Any(n => n.Change != NetworkChange.New))
        {
            console.WriteLine("Since the last link:");
            foreach (var n in changes) console.WriteLine($"  {n.Label}: {n.DescribeChange()}");
        }
        var crossForce = networks.Count(n => n.Forces.Contains(';', StringComparison.Ordinal));
        console.WriteLine($"{networks.Count(n => n.Change == NetworkChange.New):N0} new and {networks.Count(n => n.Change == NetworkChange.Changed):N0} changed since the last link.");
        console.WriteLine($"{networks.Count:N0} offender networks ({crossForce:N0} across forces), {networks.Sum(n => n.Suspects):N0} suspects." +
            (networks.Count > 50 ? " The first 50 are shown; --out writes them all." : ""));
        return ExitCodes.Success;
    }
}
