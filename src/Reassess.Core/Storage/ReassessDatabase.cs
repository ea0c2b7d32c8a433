using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Reassess.Storage;

/// <summary>
/// Where the data lives: a SQLite file (the embedded default) or a PostgreSQL database, as configured by the shell
/// (<c>--db</c> or <c>REASSESS_DB</c>; the core itself reads no environment).
/// </summary>
public sealed record DatabaseTarget(DatabaseEngine Engine, string ConnectionString)
{
    public const string DefaultSqliteFile = "reassess.db";

    /// <summary>
    /// Reads a <c>--db</c> value: a PostgreSQL connection string (<c>Host=…</c> or a <c>postgres://</c> URI) or a SQLite
    /// file path (or <c>Data Source=…</c>). Null or empty means <c>./reassess.db</c>.
    /// </summary>
    public static DatabaseTarget Parse(string? db)
    {
        SqliteEngine.EnsureConfigured();
        if (string.IsNullOrWhiteSpace(db)) db = DefaultSqliteFile;
        db = db.Trim();

        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseEngine.Postgres, FromUri(new Uri(db)));
        if (LooksLikePostgres(db))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            return new(DatabaseEngine.Postgres, builder.ConnectionString);
        }
        var sqlite = db.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(db)
            : new SqliteConnectionStringBuilder { DataSource = db };
        sqlite.ForeignKeys = true;
        sqlite.DefaultTimeout = 60;
        return new(DatabaseEngine.Sqlite, sqlite.ConnectionString);
    }

    /// <summary>A description safe to print: never the password.</summary>
    public string Describe() => Engine switch
    {
        DatabaseEngine.Sqlite => $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => Describe(new NpgsqlConnectionStringBuilder(ConnectionString)),
    };

    private static string Describe(NpgsqlConnectionStringBuilder b) => $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";

    private static bool LooksLikePostgres(string db)
    {
        foreach (var key in new[] { "Host=", "Server=", "Port=", "Username=", "Database=" })
            if (db.Contains(key, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string FromUri(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = userInfo.Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null,
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        return b.ConnectionString;
    }
}

/// <summary>Opens contexts and connections on a <see cref="DatabaseTarget"/> and brings its schema up to date.</summary>
public static class ReassessDatabase
{
    // Options are immutable: built once per target rather than for every context (a web request opens one or two).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DatabaseTarget, DbContextOptions> OptionsByTarget = new();

    private static DbContextOptions OptionsFor(DatabaseTarget target) => OptionsByTarget.GetOrAdd(target, static t => t.Engine switch
    {
        DatabaseEngine.Sqlite => new DbContextOptionsBuilder<SqliteReassessDbContext>().UseSqlite(t.ConnectionString, o => o.UseParameterizedCollectionMode(CollectionMode)).Options,
        _ => new DbContextOptionsBuilder<PostgresReassessDbContext>().UseNpgsql(t.ConnectionString, o => o.UseParameterizedCollectionMode(CollectionMode)).Options,
    });

    /// <summary>
    /// A list in a query (<c>ids.Contains(x.Id)</c>) goes to the database as one parameter (SQLite's <c>json_each</c>,
    /// PostgreSQL's array), not as one parameter per element. With one per element the SQL depends on the list's length,
    /// so EF Core writes it again on every execution instead of caching it: a fifth of the CPU of a case page's links,
    /// 7% of a first view's (docs/operations.md, "Query plans"), where the plans are shown to stay index seeks.
    /// </summary>
    private const ParameterTranslationMode CollectionMode = ParameterTranslationMode.Parameter;

    public static ReassessDbContext CreateContext(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Engine switch
        {
            DatabaseEngine.Sqlite => new SqliteReassessDbContext((DbContextOptions<SqliteReassessDbContext>)OptionsFor(target)),
            _ => new PostgresReassessDbContext((DbContextOptions<PostgresReassessDbContext>)OptionsFor(target)),
        };
    }

    /// <summary>
    /// A pool of contexts on <paramref name="target"/> for a long-running server: a context handed back is reset and reused
    /// rather than built again for each request.
    /// </summary>
    public static IDbContextFactory<ReassessDbContext> CreatePool(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Engine switch
        {
            DatabaseEngine.Sqlite => new ContextPool<SqliteReassessDbContext>((DbContextOptions<SqliteReassessDbContext>)OptionsFor(target)),
            _ => new ContextPool<PostgresReassessDbContext>((DbContextOptions<PostgresReassessDbContext>)OptionsFor(target)),
        };
    }

    private sealed class ContextPool<TContext>(DbContextOptions<TContext> options) : IDbContextFactory<ReassessDbContext>
        where TContext : ReassessDbContext
    {
        private readonly Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<TContext> _pool = new(options);

        public ReassessDbContext CreateDbContext() => _pool.CreateDbContext();
    }

    /// <summary>A context over a connection the caller already opened (and may have begun a transaction on).</summary>
    public static ReassessDbContext CreateContext(DatabaseTarget target, System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Engine switch
        {
            DatabaseEngine.Sqlite => new SqliteReassessDbContext(
                new DbContextOptionsBuilder<SqliteReassessDbContext>().UseSqlite(connection, o => o.UseParameterizedCollectionMode(CollectionMode)).Options),
            _ => new PostgresReassessDbContext(
                new DbContextOptionsBuilder<PostgresReassessDbContext>().UseNpgsql(connection, o => o.UseParameterizedCollectionMode(CollectionMode)).Options),
        };
    }

    /// <summary>Applies every pending migration of the engine's migration set.</summary>
    public static async Task MigrateAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        if (target.Engine == DatabaseEngine.Sqlite)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            SqliteFiles.EnsurePrivate(target.ConnectionString);
        }
        await using var db = CreateContext(target);
        await db.Database.MigrateAsync(cancellationToken);
        if (target.Engine == DatabaseEngine.Sqlite)
        {
            // WAL lets the workbench read while an import writes; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Opens an ADO.NET connection for the bulk paths (import, screening streams, reports).</summary>
    public static async Task<System.Data.Common.DbConnection> OpenConnectionAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Engine == DatabaseEngine.Sqlite) SqliteFiles.EnsurePrivate(target.ConnectionString);
        System.Data.Common.DbConnection connection = target.Engine == DatabaseEngine.Sqlite
            ? new SqliteConnection(target.ConnectionString)
            : new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            using var pragma = sqlite.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }
}

/// <summary>Used by <c>dotnet ef migrations add … --context SqliteReassessDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteReassessDbContext>
{
    public SqliteReassessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReassessDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used by <c>dotnet ef migrations add … --context PostgresReassessDbContext</c>; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReassessDbContext>
{
    public PostgresReassessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReassessDbContext>().UseNpgsql("Host=127.0.0.1;Database=design").Options);
}

/// <summary>SQLite cannot order or compare DateTimeOffset stored as text; store it as a sortable 64-bit number instead.</summary>
internal static class SqliteConventions
{
    /// <summary>The stored form of an instant on SQLite, for the paths that read and write it without EF Core (bulk import, bulk reads).</summary>
    public static readonly DateTimeOffsetToBinaryConverter Instant = new();

    public static void Apply(ModelConfigurationBuilder b)
    {
        b.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        b.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
