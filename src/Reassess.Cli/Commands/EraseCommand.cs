using System.ComponentModel;
using Reassess.Records;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess erase person FORCE PERSON_ID --reason TEXT</c>: erases one nominal's personal data, audited.</summary>
public sealed class ErasePersonCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ErasePersonCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<FORCE>")]
        [Description("Force code, e.g. MPS.")]
        public string Force { get; init; } = "";

        [CommandArgument(1, "<PERSON_ID>")]
        [Description("The force's nominal id (person_id in the extract).")]
        public string PersonId { get; init; } = "";

        [CommandOption("--reason <TEXT>")]
        [Description("Why the data is erased (required; kept in the audit trail), e.g. a retention review decision.")]
        public string? Reason { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Reason)) throw new UsageException("Give the --reason for the erasure; it is kept in the audit trail.");
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var result = await new PersonErasure(time, settings.AuditTrail).EraseAsync(target, settings.Force, settings.PersonId, ShellEnvironment.AuditActorName, settings.Reason, cancellationToken);
        console.WriteLine($"Erased {result.Force} {result.PersonRef}: personal fields, {result.IdentifiersDeleted} identifier(s), " +
                          $"{result.HistoryValuesErased} history value(s), {result.MatchesDeleted} proposed match(es). Recorded in the audit trail.");
        console.WriteLine("Run 'reassess link' to rebuild networks without the erased data; later extracts will not restore it.");
        return ExitCodes.Success;
    }
}
