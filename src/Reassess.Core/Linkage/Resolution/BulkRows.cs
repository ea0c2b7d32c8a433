using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// Writes many rows fast on either engine, inside the caller's transaction: binary COPY on PostgreSQL, one prepared
/// INSERT reused for every row on SQLite.
/// </summary>
internal static class BulkRows
{
    public static async Task<long> WriteAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        long written = 0;
        if (connection is NpgsqlConnection pg)
        {
            await using var importer = await pg.BeginBinaryImportAsync(
                $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    if (value is null) await importer.WriteNullAsync(cancellationToken);
                    else await importer.WriteAsync(value, cancellationToken);
                }
                written++;
            }
            await importer.CompleteAsync(cancellationToken);
            return written;
        }

        var sqlite = (SqliteConnection)connection;
        await using var command = sqlite.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++) parameters[i] = command.Parameters.Add("$p" + i, SqliteType.Text);
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].SqliteType = row[i] switch
                {
                    long or int or bool => SqliteType.Integer,
                    double => SqliteType.Real,
                    _ => SqliteType.Text,
                };
                parameters[i].Value = row[i] ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            written++;
        }
        return written;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
