using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Reassess.Storage;

/// <summary>
/// Connection-level SQLite pragmas changed for one piece of work and put back afterwards. Connections are pooled: a
/// pragma left changed (say <c>synchronous=FULL</c> for the audit trail, or a 1 GB page cache for an import) would
/// silently apply to whatever next borrows the connection, EF Core contexts included.
/// </summary>
internal sealed class SqlitePragmas : IAsyncDisposable
{
    private readonly SqliteConnection? _connection;
    private readonly List<(string Name, string Value)> _previous = [];

    private SqlitePragmas(SqliteConnection? connection) => _connection = connection;

    /// <summary>
    /// Sets each pragma (name, value) on a SQLite connection outside a transaction, remembering its value to restore on
    /// dispose; on any other connection it does nothing.
    /// </summary>
    public static async Task<SqlitePragmas> SetAsync(DbConnection connection, IEnumerable<(string Name, string Value)> pragmas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pragmas);
        if (connection is not SqliteConnection sqlite) return new SqlitePragmas(null);
        var scope = new SqlitePragmas(sqlite);
        foreach (var (name, value) in pragmas)
        {
            scope._previous.Add((name, Convert.ToString(await ScalarAsync(sqlite, $"PRAGMA {name};", cancellationToken), CultureInfo.InvariantCulture) ?? ""));
            await ScalarAsync(sqlite, $"PRAGMA {name}={value};", cancellationToken);
        }
        return scope;
    }

    /// <summary>Puts every pragma back as it was (the connection's transaction must be over: some pragmas ignore changes inside one).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection is null || _connection.State != System.Data.ConnectionState.Open) return;
        for (var i = _previous.Count - 1; i >= 0; i--)
            await ScalarAsync(_connection, $"PRAGMA {_previous[i].Name}={_previous[i].Value};", CancellationToken.None);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }
}
