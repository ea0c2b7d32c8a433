using System.ComponentModel;
using Microsoft.Data.Sqlite;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>
/// <c>reassess backup --out FILE</c>: a consistent copy of a SQLite database taken with SQLite's online backup API while
/// the workbench and imports keep running (issue 22, finding 16). The copy is created owner-only. A PostgreSQL database
/// is backed up with <c>pg_dump</c> instead (docs/operations.md). The key files are not copied: they are backed up
/// separately, so that a stolen backup alone opens neither the audit chain nor the stored secrets.
/// </summary>
public sealed class BackupCommand(IAnsiConsole console) : AsyncCommand<BackupCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("The backup file to create (it must not exist).")]
        public string? Out { get; init; }
    }

    /// <summary>The audit operation of a backup (recorded before the copy, so the copy holds it).</summary>
    public const string Operation = "backup.create";

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("Give the backup file with --out FILE.");
        var target = settings.Target;
        if (target.Engine != DatabaseEngine.Sqlite)
            throw new InvalidInputException("reassess backup copies a SQLite database; back up PostgreSQL with pg_dump -Fc (see docs/operations.md).");
        var output = Path.GetFullPath(settings.Out);
        if (File.Exists(output)) throw new InvalidInputException($"{output} exists already: choose a new file.");
        await ReassessDatabase.MigrateAsync(target, cancellationToken);

        await settings.AuditTrail.RecordAsync(SecurityEvents.Event(ShellEnvironment.AuditActorName, Operation, AuditSubjects.AuditTrail, []), cancellationToken);
        var destination = new SqliteConnectionStringBuilder { DataSource = output, Pooling = false }.ConnectionString;
        SqliteFiles.EnsurePrivate(destination);
        await using (var source = (SqliteConnection)await ReassessDatabase.OpenConnectionAsync(target, cancellationToken))
        await using (var copy = new SqliteConnection(destination))
        {
            await copy.OpenAsync(cancellationToken);
            // Online backup: readers and writers of the source carry on; the copy is the database at one instant.
            source.BackupDatabase(copy);
        }
        var keys = settings.AuditTrail.Keys;
        console.MarkupLineInterpolated($"Backed up {target.Describe()} to [bold]{output}[/] ({new FileInfo(output).Length:N0} bytes, owner-only).");
        console.MarkupLineInterpolated($"Keep the audit key ({keys.Describe()}) and the secrets key beside it in your key backups, not with this file.");
        return ExitCodes.Success;
    }
}
