using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Reassess.Import;

namespace Reassess.Storage;

/// <summary>
/// What a bulk load into an empty table dropped while it runs: the table's secondary indexes and foreign keys (name,
/// definition), and on PostgreSQL its primary key with the other tables' foreign keys that reference it.
/// </summary>
internal sealed record DeferredIndexes(string Table, List<(string Name, string Definition)> Indexes, List<(string Name, string Definition)> ForeignKeys,
    (string Name, string Definition)? PrimaryKey = null, List<(string Table, string Name, string Definition)>? ReferencedBy = null);

/// <summary>A column written by the bulk paths: its name, its PostgreSQL type and how to read it off a record.</summary>
internal sealed class BulkColumn<T>
{
    public BulkColumn(string name, NpgsqlDbType pgType, Func<T, object?> value)
    {
        Name = name;
        PgType = pgType;
        Value = value;
    }

    // Ids, flags and dates are also read unboxed by the bulk paths: boxing each one was a fifth of a large import's
    // allocations (bench/import-notes.md).
    public BulkColumn(string name, NpgsqlDbType pgType, Func<T, long?> integer) : this(name, pgType, (Func<T, object?>)(x => integer(x))) => Integer = integer;

    public BulkColumn(string name, NpgsqlDbType pgType, Func<T, bool?> flag) : this(name, pgType, (Func<T, object?>)(x => flag(x))) => Flag = flag;

    public BulkColumn(string name, NpgsqlDbType pgType, Func<T, DateOnly?> date) : this(name, pgType, (Func<T, object?>)(x => date(x))) => Date = date;

    public string Name { get; }
    public NpgsqlDbType PgType { get; }

    /// <summary>The value, boxed: what every path can read.</summary>
    public Func<T, object?> Value { get; }

    public Func<T, long?>? Integer { get; }
    public Func<T, bool?>? Flag { get; }
    public Func<T, DateOnly?>? Date { get; }
}

/// <summary>
/// The importer's fast paths: prepared statements in the import's one transaction on SQLite, binary COPY on PostgreSQL.
/// Values are converted here to each engine's storage form (SQLite: dates as <c>yyyy-MM-dd</c> text, booleans as
/// integers, enums as tokens), matching what EF Core writes and reads.
/// </summary>
internal abstract class BulkWriter(DbConnection connection, DbTransaction transaction)
{
    protected DbConnection Connection { get; } = connection;
    protected DbTransaction Transaction { get; } = transaction;

    /// <summary>Where the insert and index phases of a bulk load are timed, when timing is on.</summary>
    public ImportTimings? Timings { get; set; }

    public static BulkWriter For(DatabaseEngine engine, DbConnection connection, DbTransaction transaction) =>
        engine == DatabaseEngine.Sqlite
            ? new SqliteBulkWriter((SqliteConnection)connection, (SqliteTransaction)transaction)
            : new PostgresBulkWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);

    /// <summary>Serialises imports: one writer at a time per database.</summary>
    public abstract Task LockAsync(CancellationToken cancellationToken);

    public abstract Task InsertAsync<T>(string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts rows into a table; when the table is empty and the rows are many (a force's first extract), its secondary
    /// indexes are dropped first and rebuilt afterwards (see <see cref="DeferIndexesAsync"/>).
    /// </summary>
    public async Task InsertManyAsync<T>(string table, IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        var deferred = await DeferIndexesAsync(table, rows.Count, cancellationToken);
        await InsertAsync(table, columns, rows, cancellationToken);
        await RestoreIndexesAsync(deferred, cancellationToken);
    }

    /// <summary>
    /// Before a bulk load of at least <paramref name="rows"/> rows into an empty table: drops its secondary indexes (and on
    /// PostgreSQL its foreign keys, and its primary key with the other tables' foreign keys that reference it), inside the
    /// import's transaction, for <see cref="RestoreIndexesAsync"/> to rebuild
    /// from their own stored definitions once the rows are in. Building an index once from the loaded rows is several
    /// times faster than growing it row by row. Null (nothing dropped) for few rows or a table that holds some already.
    /// </summary>
    public async Task<DeferredIndexes?> DeferIndexesAsync(string table, int rows, CancellationToken cancellationToken)
    {
        if (rows < DeferIndexesFrom || await ScalarAsync($"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT 1) AS t", cancellationToken) > 0)
            return null;
        var indexes = await SecondaryIndexesAsync(table, cancellationToken);
        var foreignKeys = await ForeignKeysAsync(table, cancellationToken);
        var primaryKey = await DeferrablePrimaryKeyAsync(table, cancellationToken);
        var referencedBy = primaryKey is null ? null : await ReferencingKeysAsync(table, cancellationToken);
        foreach (var (name, _) in foreignKeys) await ExecuteAsync($"ALTER TABLE {table} DROP CONSTRAINT {name}", cancellationToken);
        foreach (var (name, _) in indexes) await ExecuteAsync($"DROP INDEX {name}", cancellationToken);
        foreach (var (other, name, _) in referencedBy ?? []) await ExecuteAsync($"ALTER TABLE {other} DROP CONSTRAINT {name}", cancellationToken);
        if (primaryKey is { } key) await ExecuteAsync($"ALTER TABLE {table} DROP CONSTRAINT {key.Name}", cancellationToken);
        Timings?.Mark($"  drop indexes {table}");
        return new DeferredIndexes(table, indexes, foreignKeys, primaryKey, referencedBy);
    }

    /// <summary>Rebuilds what <see cref="DeferIndexesAsync"/> dropped (nothing for null).</summary>
    public async Task RestoreIndexesAsync(DeferredIndexes? deferred, CancellationToken cancellationToken)
    {
        if (deferred is null) return;
        Timings?.Mark($"  insert {deferred.Table}");
        // The primary key first: a repeated id fails here, before anything is built on top of it.
        if (deferred.PrimaryKey is { } key) await ExecuteAsync($"ALTER TABLE {deferred.Table} ADD CONSTRAINT {key.Name} {key.Definition}", cancellationToken);
        foreach (var (_, definition) in deferred.Indexes) await ExecuteAsync(definition, cancellationToken);
        Timings?.Mark($"  index {deferred.Table}");
        // Re-adding a foreign key validates every row in one join, instead of a trigger per row during the copy; a
        // violation still fails the import (and rolls everything back).
        foreach (var (name, definition) in deferred.ForeignKeys)
            await ExecuteAsync($"ALTER TABLE {deferred.Table} ADD CONSTRAINT {name} {definition}", cancellationToken);
        // The other tables' references to this one, checked again likewise (cheap: the table was empty, so only rows with
        // no reference to it at all can be in them).
        foreach (var (other, name, definition) in deferred.ReferencedBy ?? [])
            await ExecuteAsync($"ALTER TABLE {other} ADD CONSTRAINT {name} {definition}", cancellationToken);
    }

    /// <summary>Rows from which a bulk load into an empty table drops its indexes while it runs.</summary>
    public const int DeferIndexesFrom = 50_000;

    /// <summary>Name and definition of each foreign key of the table that the engine checks row by row during an insert.</summary>
    protected virtual Task<List<(string Name, string Definition)>> ForeignKeysAsync(string table, CancellationToken cancellationToken) =>
        Task.FromResult(new List<(string Name, string Definition)>());

    /// <summary>
    /// The table's primary key (name, definition) when the engine can drop it for a bulk load and build it afterwards, as
    /// PostgreSQL can; null where the key is the table's storage order (SQLite's rowid), so it costs nothing to keep.
    /// </summary>
    protected virtual Task<(string Name, string Definition)?> DeferrablePrimaryKeyAsync(string table, CancellationToken cancellationToken) =>
        Task.FromResult<(string, string)?>(null);

    /// <summary>Table, name and definition of each other table's foreign key that references this table.</summary>
    protected virtual Task<List<(string Table, string Name, string Definition)>> ReferencingKeysAsync(string table, CancellationToken cancellationToken) =>
        Task.FromResult(new List<(string, string, string)>());

    /// <summary>Name and CREATE statement of each index of the table that no constraint (primary key) owns.</summary>
    protected abstract Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken);

    protected Task<List<(string, string)>> PairsAsync(string sql, CancellationToken cancellationToken) =>
        RowsAsync(sql, r => (r.GetString(0), r.GetString(1)), cancellationToken);

    protected async Task<List<T>> RowsAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = sql;
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }

    protected async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Updates rows by their <c>id</c> (the first column) with the values of the other columns.</summary>
    public async Task UpdateAsync<T>(string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = $"UPDATE {table} SET {string.Join(", ", columns.Skip(1).Select((c, i) => $"{c.Name} = {Param(i + 1)}"))} WHERE {columns[0].Name} = {Param(0)}";
        var parameters = columns.Select((c, i) => AddParameter(cmd, i, c.PgType)).ToArray();
        await cmd.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++) parameters[i].Value = ToProvider(columns[i].Value(row), columns[i].PgType) ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = sql;
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    protected abstract string Param(int index);

    protected abstract DbParameter AddParameter(DbCommand command, int index, NpgsqlDbType type);

    protected abstract object? ToProvider(object? value, NpgsqlDbType type);
}
