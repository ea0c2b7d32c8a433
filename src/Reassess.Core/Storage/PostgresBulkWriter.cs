using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Reassess.Storage;

/// <summary>The PostgreSQL bulk writer: binary COPY (<see cref="PgBinaryCopy"/>) under an advisory lock that serialises imports.</summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : BulkWriter(connection, transaction)
{
    private const long ImportLockKey = 0x5245415353455353; // "REASSESS"

    public override async Task LockAsync(CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", (NpgsqlConnection)Connection, (NpgsqlTransaction)Transaction);
        cmd.Parameters.AddWithValue("k", ImportLockKey);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        // For this transaction only (SET LOCAL ends with it): memory to build a first extract's indexes in one sort and to
        // check its re-added foreign keys in one hash join, instead of the defaults' external merges.
        await ExecuteAsync("SET LOCAL maintenance_work_mem = '1GB'; SET LOCAL work_mem = '256MB'", cancellationToken);
    }

    /// <summary>Binary COPY, encoded here (see <see cref="PgBinaryCopy"/>).</summary>
    public override Task InsertAsync<T>(string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken) =>
        PgBinaryCopy.CopyAsync((NpgsqlConnection)Connection, table, columns, rows, cancellationToken);

    protected override Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken) =>
        PairsAsync($"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = '{table}' " +
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname", cancellationToken);

    protected override Task<List<(string Name, string Definition)>> ForeignKeysAsync(string table, CancellationToken cancellationToken) =>
        PairsAsync($"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'f' ORDER BY conname", cancellationToken);

    /// <summary>
    /// Growing a primary key's index row by row was a third of the server's time to copy a first extract's people; building
    /// it once from the loaded rows is much cheaper (bench/import-notes.md).
    /// </summary>
    protected override async Task<(string Name, string Definition)?> DeferrablePrimaryKeyAsync(string table, CancellationToken cancellationToken)
    {
        var keys = await PairsAsync($"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'p'", cancellationToken);
        return keys.Count == 1 ? keys[0] : null;
    }

    protected override Task<List<(string Table, string Name, string Definition)>> ReferencingKeysAsync(string table, CancellationToken cancellationToken) =>
        RowsAsync($"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint " +
            $"WHERE confrelid = '{table}'::regclass AND contype = 'f' AND conrelid <> confrelid ORDER BY 1, 2",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);

    protected override string Param(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override DbParameter AddParameter(DbCommand command, int index, NpgsqlDbType type)
    {
        var p = new NpgsqlParameter(Param(index)[1..], type);
        command.Parameters.Add(p);
        return p;
    }

    protected override object? ToProvider(object? value, NpgsqlDbType type) => value switch
    {
        DateTimeOffset t => t.ToUniversalTime(),
        _ => value,
    };
}
