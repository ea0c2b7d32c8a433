using System.ComponentModel;
using Reassess.Storage;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>The option every command takes: where the data lives.</summary>
public class DatabaseSettings : CommandSettings
{
    [CommandOption("--db <DB>")]
    [Description("SQLite file path or PostgreSQL connection string (default: $REASSESS_DB, then ./reassess.db).")]
    public string? Db { get; init; }

    public DatabaseTarget Target => DatabaseTarget.Parse(Db);
}

/// <summary>Writes plain lines when output is redirected, progress bars when attached to a terminal.</summary>
public static class Terminal
{
    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
