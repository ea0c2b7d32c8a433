using System.Data.Common;
using Npgsql;
using Reassess.Storage;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// Writes many rows fast on either engine, inside the caller's transaction: binary COPY on PostgreSQL, prepared
/// multi-row INSERTs bound natively on SQLite (see <see cref="BulkWriter"/>).
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

        // SQLite: the import's bulk writer (multi-row INSERTs bound natively), rows streamed through as they are made.
        // One prepared single-row INSERT through Microsoft.Data.Sqlite allocated a reader, a statement enumerator and a
        // binder for each value of each row: 3.2M resolved people and 2.8M network members in a national run.
        var bulkColumns = columns.Select((name, i) => new BulkColumn<object?[]>(name, NpgsqlTypes.NpgsqlDbType.Unknown, row => row[i])).ToArray();
        var counted = rows.Select(row => { written++; return row; });
        await BulkWriter.For(Storage.DatabaseEngine.Sqlite, connection, transaction).InsertAsync(table, bulkColumns, counted, cancellationToken);
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
