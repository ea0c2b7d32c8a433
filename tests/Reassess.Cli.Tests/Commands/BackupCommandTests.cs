using Microsoft.Data.Sqlite;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

/// <summary><c>reassess backup</c> and the security events of the command line (issue 22, findings 5 and 16).</summary>
[Trait("Category", "Database")]
public sealed class BackupCommandTests
{
    [Fact]
    public async Task A_backup_taken_during_an_import_restores_to_a_private_copy_whose_audit_trail_verifies()
    {
        if (TestDatabase.Engine != DatabaseEngine.Sqlite) return;
        await using var db = await TestDatabase.CreateAsync();
        var source = new SqliteConnectionStringBuilder(db.Target.ConnectionString).DataSource;
        Assert.Equal(0, (await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", source)).ExitCode);
        var dir = Directory.CreateTempSubdirectory("reassess-backup-").FullName;
        try
        {
            var backup = Path.Combine(dir, "backup.db");
            using var bundle = Bundle.FromSample();
            bundle.SetCell("investigations.csv", 2, "summary", "Amended summary for the re-import.");
            // Another import writes while the backup is taken.
            var import = CliRunner.RunAsync("import", bundle.Directory, "--db", source);
            var backedUp = await CliRunner.RunAsync("backup", "--db", source, "--out", backup);
            Assert.True(backedUp.ExitCode == 0, backedUp.Stderr);
            Assert.Equal(0, (await import).ExitCode);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));

            // A restore elsewhere, verified with a copy of the key (the key files are backed up on their own).
            var restored = Path.Combine(dir, "restored", "reassess.db");
            Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
            File.Copy(backup, restored);
            var key = Path.Combine(dir, "restored", "reassess.db.audit-key");
            File.Copy(source + ".audit-key", key);
            var verify = await CliRunner.RunAsync("audit", "verify", "--db", restored, "--audit-key", key);
            Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
            Assert.Contains("audit trail intact", verify.Stdout, StringComparison.Ordinal);

            Assert.Equal(1, (await CliRunner.RunAsync("backup", "--db", source, "--out", backup)).ExitCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_refused_import_is_a_security_event_in_the_audit_trail()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 4, "sex", "Q");
        Assert.Equal(1, (await CliRunner.RunAsync("import", bundle.Directory, "--db", db.Target.ConnectionString, "--user", "importer1")).ExitCode);
        await using var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM audit_entries WHERE operation = 'import.refused' AND category = 'security' AND actor = 'importer1' AND outcome = 'failure'";
        Assert.Equal(1L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
