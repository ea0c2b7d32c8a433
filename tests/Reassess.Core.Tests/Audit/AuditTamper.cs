using System.Data.Common;
using Reassess.Storage;

namespace Reassess.Tests.Audit;

/// <summary>What someone with direct SQL access could do to the trail once they drop the append-only triggers.</summary>
internal static class AuditTamper
{
    public static async Task<int> ExecuteAsync(DatabaseTarget target, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
        return await ExecuteAsync(connection, null, sql, parameters);
    }

    /// <summary>Runs <paramref name="sql"/> on an open connection, in <paramref name="transaction"/> when there is one.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // test-only SQL: every caller passes a constant; values go in as parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return await command.ExecuteNonQueryAsync();
    }

    public static Task DropTriggersAsync(DatabaseTarget target) => target.Engine == DatabaseEngine.Sqlite
        ? ExecuteAsync(target, "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;")
        : ExecuteAsync(target, "DROP TRIGGER audit_entries_no_update_delete ON audit_entries; DROP TRIGGER audit_entries_no_truncate ON audit_entries;");

    public static async Task<DbDataReader> QueryAsync(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // test-only SQL built from constants, no user input
        command.CommandText = sql;
#pragma warning restore CA2100
        return await command.ExecuteReaderAsync();
    }
}
