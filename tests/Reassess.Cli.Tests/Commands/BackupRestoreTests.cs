using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Cli.Tests.Commands;

/// <summary>
/// Issue 22 finding 16: a backup taken while imports and reviews run restores to a consistent database whose audit trail
/// verifies. SQLite: <c>reassess backup</c> (online backup), restored by copying the file. PostgreSQL: the documented
/// <c>pg_dump -Fc</c> / <c>pg_restore</c> path (docs/operations.md) on the throwaway cluster.
/// </summary>
[Trait("Category", "Database")]
public sealed class BackupRestoreTests
{
    private static readonly Actor Reviewer = new("rev.backup", Roles.Reviewer, "MPS");

    [Fact]
    public async Task A_backup_taken_while_imports_and_reviews_run_restores_to_a_consistent_database_whose_audit_trail_verifies()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("reassess-restore-").FullName;
        string? restoredDatabase = null;
        try
        {
            var key = Path.Combine(dir, "live", "audit-key");
            Directory.CreateDirectory(Path.GetDirectoryName(key)!);
            var dbArg = Argument(db.Target);
            Assert.Equal(0, (await CliRunner.RunAsync("import", Bundle.SampleDirectory, "--db", dbArg, "--audit-key", key)).ExitCode);
            var screened = await CliRunner.RunAsync("screen", "--profile", "met-2025", "--as-of", "2026-01-01", "--db", dbArg, "--audit-key", key);
            Assert.True(screened.ExitCode == 0, screened.Stderr + screened.Stdout);
            await AddReviewerAsync(db.Target);
            List<long> candidates;
            await using (var context = ReassessDatabase.CreateContext(db.Target))
                candidates = await context.Set<Candidate>().Where(c => c.Force == "MPS").OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            Assert.True(candidates.Count >= 3, $"the sample screened in only {candidates.Count} MPS cases");

            // Reviews (take, then start, each in its own transaction with its audit entry) and re-imports run while the backup is taken.
            using var stop = new CancellationTokenSource();
            var audit = AuditTrail.For(db.Target, key, TimeProvider.System);
            var reviews = Task.Run(() => ReviewAsync(db.Target, audit, candidates, stop.Token));
            var imports = Task.Run(() => ReimportAsync(dbArg, key, stop.Token));
            await Task.Delay(500);
            var backup = Path.Combine(dir, "backup");
            if (db.Target.Engine == DatabaseEngine.Sqlite)
            {
                var backedUp = await CliRunner.RunAsync("backup", "--db", dbArg, "--out", backup, "--audit-key", key);
                Assert.True(backedUp.ExitCode == 0, backedUp.Stderr + backedUp.Stdout);
            }
            else
            {
                await PgToolAsync("pg_dump", Connection(db.Target), "-Fc", "-f", backup);
            }
            await stop.CancelAsync();
            var (reviewed, imported) = (await reviews, await imports);
            Assert.True(reviewed > 0 && imported > 0, $"nothing ran beside the backup: {reviewed} reviews, {imported} imports");

            // The restore, verified with a copy of the audit key in a folder of its own (the key is backed up apart).
            var restoredKey = Path.Combine(dir, "restored", "audit-key");
            Directory.CreateDirectory(Path.GetDirectoryName(restoredKey)!);
            File.Copy(key, restoredKey);
            DatabaseTarget restored;
            if (db.Target.Engine == DatabaseEngine.Sqlite)
            {
                var file = Path.Combine(dir, "restored", "reassess.db");
                File.Copy(backup, file);
                restored = DatabaseTarget.Parse(file);
            }
            else
            {
                restoredDatabase = "r_" + Guid.NewGuid().ToString("N")[..20];
                await AdminAsync(db.Target, $"CREATE DATABASE {restoredDatabase}");
                restored = new DatabaseTarget(DatabaseEngine.Postgres,
                    new NpgsqlConnectionStringBuilder(db.Target.ConnectionString) { Database = restoredDatabase }.ConnectionString);
                await PgToolAsync("pg_restore", Connection(restored), "--no-owner", backup);
            }
            var verify = await CliRunner.RunAsync("audit", "verify", "--db", Argument(restored), "--audit-key", restoredKey);
            Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
            Assert.Contains("audit trail intact", verify.Stdout, StringComparison.Ordinal);
            await AssertConsistentAsync(restored);
        }
        finally
        {
            if (restoredDatabase is not null) await AdminAsync(db.Target, $"DROP DATABASE IF EXISTS {restoredDatabase} WITH (FORCE)");
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Reassess_backup_of_a_postgresql_database_says_to_use_pg_dump()
    {
        // Refused before any connection: the server named need not exist.
        var result = await CliRunner.RunAsync("backup", "--db", "Host=127.0.0.1;Port=1;Database=reassess;Username=reassess", "--out",
            Path.Combine(Path.GetTempPath(), $"reassess-{Guid.NewGuid():N}.db"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("back up PostgreSQL with pg_dump -Fc (see docs/operations.md)", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Every row of the restore refers to rows the restore holds, and every review has its audit entry.</summary>
    private static async Task AssertConsistentAsync(DatabaseTarget restored)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(restored);
        async Task<long> CountAsync(string sql)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        Assert.True(await CountAsync("SELECT COUNT(*) FROM investigations") >= 12);
        var orphans = new Dictionary<string, string>
        {
            ["review without its candidate"] = "SELECT COUNT(*) FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = r.candidate_id)",
            ["candidate without its investigation"] = "SELECT COUNT(*) FROM candidates c WHERE NOT EXISTS (SELECT 1 FROM investigations i WHERE i.id = c.investigation_id)",
            ["involvement without its person"] = "SELECT COUNT(*) FROM involvements v WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = v.person_id)",
            ["involvement without its investigation"] = "SELECT COUNT(*) FROM involvements v WHERE NOT EXISTS (SELECT 1 FROM investigations i WHERE i.id = v.investigation_id)",
            ["transition without its review's candidate"] = "SELECT COUNT(*) FROM review_transitions t WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.candidate_id = t.candidate_id)",
        };
        foreach (var (what, sql) in orphans) Assert.True(await CountAsync(sql) == 0, what);
        // A review is taken and started in two transactions, each with its audit entry: the restore holds as many of each.
        Assert.Equal(await CountAsync("SELECT COUNT(*) FROM review_transitions"),
            await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE operation IN ('review.take', 'review.start')"));
    }

    private static async Task<int> ReviewAsync(DatabaseTarget target, AuditTrail audit, List<long> candidates, CancellationToken stop)
    {
        using var caches = new CaseCaches();
        var leads = new CaseLeadFinder(caches, TimeProvider.System);
        var done = 0;
        foreach (var id in candidates)
        {
            if (stop.IsCancellationRequested && done > 0) break;
            await using (var db = ReassessDatabase.CreateContext(target))
            {
                var taken = await new ReviewService(db, TimeProvider.System, audit, leads).TakeAsync(Reviewer, id, CancellationToken.None);
                Assert.True(taken.Succeeded, taken.Message);
                await using var again = ReassessDatabase.CreateContext(target);
                var started = await new ReviewService(again, TimeProvider.System, audit, leads).StartAsync(Reviewer, taken.Review!.Id, taken.Review.Version, CancellationToken.None);
                Assert.True(started.Succeeded, started.Message);
            }
            done++;
        }
        return done;
    }

    private static async Task<int> ReimportAsync(string dbArg, string key, CancellationToken stop)
    {
        var done = 0;
        for (var i = 0; i < 3 && (!stop.IsCancellationRequested || done == 0); i++)
        {
            using var bundle = Bundle.FromSample();
            bundle.SetCell("investigations.csv", 2, "summary", $"Amended summary {i} for the re-import.");
            var result = await CliRunner.RunAsync("import", bundle.Directory, "--db", dbArg, "--audit-key", key);
            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            done++;
        }
        return done;
    }

    private static async Task AddReviewerAsync(DatabaseTarget target)
    {
        await using var context = ReassessDatabase.CreateContext(target);
        context.Users.Add(new ReassessUser
        {
            UserName = Reviewer.UserName,
            NormalizedUserName = Reviewer.UserName.ToUpperInvariant(),
            Role = Reviewer.Role,
            Force = Reviewer.Force,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await context.SaveChangesAsync();
    }

    /// <summary>What the CLI takes as <c>--db</c>: the SQLite file, or the PostgreSQL connection string.</summary>
    private static string Argument(DatabaseTarget target) =>
        target.Engine == DatabaseEngine.Sqlite ? new SqliteConnectionStringBuilder(target.ConnectionString).DataSource : target.ConnectionString;

    /// <summary>The <c>-h -p -U -d</c> options of the PostgreSQL tools for <paramref name="target"/> (the throwaway cluster trusts loopback).</summary>
    private static string[] Connection(DatabaseTarget target)
    {
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        return ["-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database!];
    }

    private static async Task PgToolAsync(string tool, string[] connection, params string[] args)
    {
        var binary = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin", tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} is not installed (/usr/lib/postgresql/*/bin; ./test.sh installs postgresql).");
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in connection.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await stderr}");
    }

    private static async Task AdminAsync(DatabaseTarget target, string sql)
    {
        var admin = Environment.GetEnvironmentVariable("REASSESS_TEST_PG")
            ?? new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
