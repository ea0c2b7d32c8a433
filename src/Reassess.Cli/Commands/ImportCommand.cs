using System.ComponentModel;
using System.Globalization;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Import.Mapping;
using Reassess.Security;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess import BUNDLE</c>: validate and import a force export bundle, or with <c>--mapping</c> a force's extract in its own layout.</summary>
public sealed class ImportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<BUNDLE>")]
        [Description("Folder holding investigations.csv, people.csv, involvements.csv and optionally identifiers.csv; with --mapping, the folder of the force's own files.")]
        public string Bundle { get; init; } = "";

        [CommandOption("--rejects <FILE>")]
        [Description("Import the valid rows and write each rejected row, with its reasons, to FILE (CSV).")]
        public string? Rejects { get; init; }

        [CommandOption("--mapping <FILE>")]
        [Description("Read BUNDLE in the force's own layout through this mapping file (docs/mappings.md).")]
        public string? Mapping { get; init; }

        [CommandOption("--user <NAME>")]
        [Description("Who is importing, for the record (default: $REASSESS_ACTOR, else the operating-system user).")]
        public string? User { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        var options = new ImportOptions { RejectsPath = settings.Rejects, ImportedBy = settings.User ?? ShellEnvironment.AuditActorName, PhaseLog = ShellEnvironment.ImportPhaseLog };
        var outcome = settings.Mapping is { } mapping
            ? await WithProgress(p => new MappedImporter(time, settings.AuditTrail).ImportAsync(target, settings.Bundle, mapping, options, p, cancellationToken))
            : await WithProgress(p => new BundleImporter(time, settings.AuditTrail).ImportAsync(target, settings.Bundle, options, p, cancellationToken));

        foreach (var warning in outcome.Warnings) await Console.Error.WriteLineAsync($"warning: {warning}");
        if (!outcome.Succeeded)
        {
            foreach (var error in outcome.Errors) await Console.Error.WriteLineAsync(error.ToString());
            await Console.Error.WriteLineAsync($"Import refused: {outcome.Errors.Count} error(s); nothing was written to {target.Describe()}.");
            // A refused import is a security event (issue 22, finding 5): someone tried to bring data in.
            await settings.AuditTrail.RecordAsync(SecurityEvents.Event(options.ImportedBy, SecurityEvents.ImportRefused, AuditSubjects.ImportBatch, [], AuditOutcome.Failure), cancellationToken);
            return ExitCodes.InvalidInput;
        }

        var table = new Table().AddColumns("records", "added", "updated", "unchanged");
        foreach (var c in outcome.Changes)
            table.AddRow(c.Table, c.Added.ToString("N0", null), c.Updated.ToString("N0", null), c.Unchanged.ToString("N0", null));
        console.MarkupLineInterpolated($"Imported [bold]{settings.Bundle}[/] into {target.Describe()} (batch {outcome.Batch!.Id}, forces {outcome.Batch.Forces}).");
        console.Write(table);
        if (outcome.RejectedRows > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{outcome.RejectedRows} row(s) rejected[/], written with their reasons to {settings.Rejects}.");
        }
        return ExitCodes.Success;
    }

    private async Task<ImportOutcome> WithProgress(Func<IProgress<ImportProgress>, Task<ImportOutcome>> run)
    {
        if (!Terminal.IsInteractive)
        {
            var last = "";
            return await run(new InlineProgress<ImportProgress>(p =>
            {
                if (p.Stage == last) return;
                last = p.Stage;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time.GetLocalNow():HH:mm:ss} {p.Stage}"));
            }));
        }
        ImportOutcome? outcome = null;
        await console.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask("Importing", maxValue: 1);
            outcome = await run(new InlineProgress<ImportProgress>(p =>
            {
                task.Description = p.Stage;
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            }));
            task.Value = task.MaxValue;
        });
        return outcome!;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
