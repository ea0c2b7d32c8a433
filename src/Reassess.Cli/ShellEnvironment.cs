using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Cli;

/// <summary>
/// What the command line takes from its environment. The core reads no environment and writes to no console: the shell
/// reads these variables and hands their values in.
/// </summary>
internal static class ShellEnvironment
{
    /// <summary>The database when <c>--db</c> is not given.</summary>
    public const string Database = "REASSESS_DB";

    /// <summary>The audit key itself (at least 32 characters), for deployments that inject secrets this way.</summary>
    public const string AuditKey = AuditKeyStore.KeyEnvironmentVariable;

    /// <summary>The audit key file when <c>--audit-key</c> is not given.</summary>
    public const string AuditKeyFile = AuditKeyStore.KeyFileEnvironmentVariable;

    /// <summary>The name a service account records in the audit trail instead of the operating-system account.</summary>
    public const string Actor = "REASSESS_ACTOR";

    /// <summary>Set to print an import's phase timings to standard error (the import benchmark).</summary>
    public const string ImportTimings = "REASSESS_IMPORT_TIMINGS";

    /// <summary><paramref name="db"/> when given, otherwise <c>REASSESS_DB</c>, otherwise <c>./reassess.db</c>.</summary>
    public static DatabaseTarget DatabaseTarget(string? db) =>
        Storage.DatabaseTarget.Parse(string.IsNullOrWhiteSpace(db) ? Read(Database) : db);

    /// <summary>The audit trail of <paramref name="target"/>, with the key file given, or the one the environment names.</summary>
    public static AuditTrail AuditTrail(DatabaseTarget target, string? keyFile, TimeProvider? time = null) =>
        Audit.AuditTrail.For(target, string.IsNullOrWhiteSpace(keyFile) ? Read(AuditKeyFile) : keyFile, time, Read(AuditKey));

    /// <summary>Who the audit trail records for this command line (<see cref="AuditActor.CommandLine"/>).</summary>
    public static string AuditActorName => AuditActor.CommandLine(Read(Actor), Environment.UserName);

    /// <summary>Where an import's phase timings go: standard error when asked for, nowhere otherwise.</summary>
    public static Action<string>? ImportPhaseLog =>
        string.IsNullOrEmpty(Read(ImportTimings)) ? null : line => Console.Error.WriteLine(line);

    private static string? Read(string name) => Environment.GetEnvironmentVariable(name);
}
