using System.ComponentModel;
using Reassess.Audit;
using Reassess.Storage;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>The option every command takes: where the data lives.</summary>
public class DatabaseSettings : CommandSettings
{
    [CommandOption("--db <DB>")]
    [Description("SQLite file path or PostgreSQL connection string (default: $REASSESS_DB, then ./reassess.db).")]
    public string? Db { get; init; }

    [CommandOption("--audit-key <FILE>")]
    [Description("The audit trail's key file (default: $REASSESS_AUDIT_KEY, $REASSESS_AUDIT_KEY_FILE, then DB.audit-key beside a SQLite file).")]
    public string? AuditKey { get; init; }

    public DatabaseTarget Target => ShellEnvironment.DatabaseTarget(Db);

    /// <summary>The audit trail of <see cref="Target"/>: every command that processes case data records to it.</summary>
    public AuditTrail AuditTrail => ShellEnvironment.AuditTrail(Target, AuditKey);
}

/// <summary>Writes plain lines when output is redirected, progress bars when attached to a terminal.</summary>
public static class Terminal
{
    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
