using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess import BUNDLE</c>.</summary>
public sealed class ImportCommand(IAnsiConsole console) : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<BUNDLE>")]
        [Description("Folder holding investigations.csv, people.csv, involvements.csv and optionally identifiers.csv.")]
        public string Bundle { get; init; } = "";

        [CommandOption("--rejects <FILE>")]
        [Description("Import the valid rows and write each rejected row, with its reasons, to FILE.")]
        public string? Rejects { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        console.WriteLine("import: not yet wired");
        return Task.FromResult(ExitCodes.InvalidInput);
    }
}
