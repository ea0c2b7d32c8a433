using Reassess.Screening;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess profiles</c>: the criteria profiles shipped beside the program, with their versions.</summary>
public sealed class ProfilesCommand(IAnsiConsole console) : Command<DatabaseSettings>
{
    public override int Execute(CommandContext context, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var profiles = CriteriaProfileLoader.LoadFolder();
        if (profiles.Count == 0)
        {
            console.WriteLine($"No profiles in {CriteriaProfileLoader.ShippedFolder}.");
            return ExitCodes.Success;
        }
        var table = new Table().AddColumns("name", "version", "title");
        foreach (var p in profiles) table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Version), Markup.Escape(p.Title));
        console.Write(table);
        console.WriteLine($"From {CriteriaProfileLoader.ShippedFolder} (edit or add JSON files there, or pass --profile-file).");
        return ExitCodes.Success;
    }
}
