using Microsoft.Data.Sqlite;
using Npgsql;
using Reassess.Storage;

namespace Reassess.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test, on the engine the run asks for: <c>REASSESS_TEST_ENGINE=sqlite</c> (default)
/// or <c>postgres</c>, with <c>REASSESS_TEST_PG</c> the connection string of a throwaway server (./test.sh starts one).
/// Tests that touch storage carry <c>[Trait("Category", "Database")]</c> so ./test.sh runs them on both engines.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _pgAdmin;
    private readonly string? _pgName;
    private readonly string? _sqliteDir;

    private TestDatabase(DatabaseTarget target, string? pgAdmin, string? pgName, string? sqliteDir)
    {
        Target = target;
        _pgAdmin = pgAdmin;
        _pgName = pgName;
        _sqliteDir = sqliteDir;
    }

    public DatabaseTarget Target { get; }

    public static DatabaseEngine Engine =>
        string.Equals(Environment.GetEnvironmentVariable("REASSESS_TEST_ENGINE"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseEngine.Postgres
            : DatabaseEngine.Sqlite;

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        TestDatabase db;
        if (Engine == DatabaseEngine.Postgres)
        {
            var admin = Environment.GetEnvironmentVariable("REASSESS_TEST_PG")
                ?? throw new InvalidOperationException("REASSESS_TEST_ENGINE=postgres needs REASSESS_TEST_PG (./test.sh sets both).");
            var name = "t_" + Guid.NewGuid().ToString("N")[..20];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            var b = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
            db = new TestDatabase(new DatabaseTarget(DatabaseEngine.Postgres, b.ConnectionString), admin, name, null);
        }
        else
        {
            var dir = Directory.CreateTempSubdirectory("reassess-test-").FullName;
            db = new TestDatabase(DatabaseTarget.Parse(Path.Combine(dir, "test.db")), null, null, dir);
        }
        if (migrate) await ReassessDatabase.MigrateAsync(db.Target);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pgAdmin is not null && _pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        if (_sqliteDir is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDir, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }
}
