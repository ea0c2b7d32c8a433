using System.Data.Common;
using Microsoft.Data.Sqlite;
using NpgsqlTypes;

namespace Reassess.Storage;

/// <summary>The SQLite bulk writer: multi-row INSERT statements bound natively (<see cref="SqliteNative"/>) in the import's transaction.</summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection, SqliteTransaction transaction) : BulkWriter(connection, transaction)
{
    // SQLite's BEGIN IMMEDIATE (taken by the transaction) already makes this the only writer.
    public override Task LockAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Rows bound to one INSERT statement (multi-row VALUES): fewer statement steps, same binding work.</summary>
    private const int MaxParametersPerStatement = 512;

    /// <summary>
    /// Inserts through SQLite's own API on the connection's handle (so inside the import's transaction): a prepared
    /// multi-row INSERT, values bound by type straight from the record, skipping Microsoft.Data.Sqlite's per-parameter
    /// objects and conversions, which cost more than SQLite's own work. Text is encoded to UTF-8 (the database's
    /// encoding) into one pinned buffer per statement execution and bound in place (SQLITE_STATIC): SQLite neither
    /// converts it from UTF-16 nor copies it, where either means an allocation per value in SQLite.
    /// </summary>
    public override Task InsertAsync<T>(string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)Connection).Handle ?? throw new InvalidOperationException("the connection is not open");
        var perStatement = Math.Max(1, MaxParametersPerStatement / columns.Count);
        if (rows is IReadOnlyList<T> list && list.Count >= EncodeAheadFrom && perStatement > 1)
        {
            InsertEncodingAhead(db, table, columns, list, perStatement, cancellationToken);
            return Task.CompletedTask;
        }
        SQLitePCL.sqlite3_stmt? many = null;
        SQLitePCL.sqlite3_stmt? one = null;
        var text = _spareText ??= new TextBuffer();
        try
        {
            var batch = new T[perStatement];
            var n = 0;
            var total = 0;
            foreach (var row in rows)
            {
                batch[n++] = row;
                if (n < perStatement) continue;
                many ??= Prepare(db, InsertSql(table, columns, perStatement));
                Run(db, many, columns, batch, n, text);
                n = 0;
                if (((total += perStatement) & 0xFFFF) < perStatement) cancellationToken.ThrowIfCancellationRequested();
            }
            if (n > 0)
            {
                one = Prepare(db, InsertSql(table, columns, 1));
                for (var i = 0; i < n; i++) Run(db, one, columns, batch.AsSpan(i, 1), 1, text);
            }
        }
        finally
        {
            // Finalised before the buffer their last bindings point into can go.
            many?.Dispose();
            one?.Dispose();
            GC.KeepAlive(text);
        }
        return Task.CompletedTask;
    }

    // Encoding buffers are kept for the next insert of this import: a fresh set for every part written (pinned, in pages
    // the kernel had to zero) was a quarter of a large import's allocations and most of its page faults.
    private readonly Stack<EncodedValues> _spareValues = new();
    private TextBuffer? _spareText;

    private EncodedValues Spare(int parameters)
    {
        while (_spareValues.TryPop(out var values))
            if (values.Parameters >= parameters) return values;
        return new EncodedValues(parameters);
    }

    /// <summary>Rows from which a bulk insert has its values encoded on another thread.</summary>
    private const int EncodeAheadFrom = 20_000;

    /// <summary>Statements' values handed from the encoding thread to the writing one at a time (one hand-over per statement cost more in waking threads than it saved).</summary>
    private const int StatementsPerUnit = 64;

    /// <summary>
    /// A large insert in two stages on two threads: one reads each statement's values off the records and encodes them
    /// (text to UTF-8) a few statements ahead, the other only binds them and steps SQLite, which is all that must happen
    /// on the connection. The rows left over after the last full statement go in one by one.
    /// </summary>
    private unsafe void InsertEncodingAhead<T>(SQLitePCL.sqlite3 db, string table, IReadOnlyList<BulkColumn<T>> columns, IReadOnlyList<T> rows, int perStatement, CancellationToken cancellationToken)
    {
        var statements = rows.Count / perStatement;
        var parameters = perStatement * columns.Count;
        var units = (statements + StatementsPerUnit - 1) / StatementsPerUnit;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var free = new System.Collections.Concurrent.BlockingCollection<EncodedValues>();
        using var ready = new System.Collections.Concurrent.BlockingCollection<EncodedValues>();
        for (var i = 0; i < 3; i++) free.Add(Spare(parameters * StatementsPerUnit));
        var encoder = Task.Factory.StartNew(() =>
        {
            try
            {
                for (var u = 0; u < units; u++)
                {
                    var values = free.Take(stop.Token);
                    var first = u * StatementsPerUnit;
                    values.Encode(columns, rows, first * perStatement, Math.Min(StatementsPerUnit, statements - first) * perStatement);
                    ready.Add(values, stop.Token);
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default); // a thread of its own for the whole insert
        var many = Prepare(db, InsertSql(table, columns, perStatement));
        try
        {
            var handle = many.DangerousGetHandle();
            var done = 0;
            // A statement keeps its bindings when it is reset: a parameter that was null and is null again is left as it
            // is (a third of a first extract's people's values are null).
            var boundNull = new bool[parameters];
            foreach (var values in ready.GetConsumingEnumerable(stop.Token))
            {
                // The connection's mutex is held over a unit's statements (not while waiting for the next unit).
                using (SqliteNative.Hold(db))
                {
                    for (var from = 0; from < values.Count; from += parameters)
                    {
                        for (var i = 0; i < parameters; i++)
                        {
                            var isNull = values.IsNull(from + i);
                            if (isNull && boundNull[i]) continue;
                            Check(db, values.Bind(many, handle, from + i, i + 1));
                            boundNull[i] = isNull;
                        }
                        var rc = SqliteNative.Step(handle);
                        if (rc != SQLitePCL.raw.SQLITE_DONE) Check(db, rc);
                        Check(db, SqliteNative.Reset(handle));
                        done++;
                    }
                }
                free.Add(values, stop.Token);
            }
            encoder.GetAwaiter().GetResult(); // the encoder's own failure, if it had one
            if (done != statements) throw new InvalidOperationException($"{done} of {statements} statements were written");
        }
        catch
        {
            stop.Cancel();
            try
            {
                encoder.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Stopped, or failed: the writer's exception is the one that counts.
            }
            throw;
        }
        finally
        {
            many.Dispose();
        }
        // Every unit is back (the writer returns each one after stepping it) and no statement binds into them now.
        while (free.TryTake(out var values)) _spareValues.Push(values);
        var rest = statements * perStatement;
        if (rest == rows.Count) return;
        var one = Prepare(db, InsertSql(table, columns, 1));
        var text = _spareText ??= new TextBuffer();
        try
        {
            var row = new T[1];
            for (var r = rest; r < rows.Count; r++)
            {
                row[0] = rows[r];
                Run(db, one, columns, row, 1, text);
            }
        }
        finally
        {
            one.Dispose();
            GC.KeepAlive(text);
        }
    }

    /// <summary>Some statements' values, read off the records and encoded, ready to be bound in order.</summary>
    private sealed unsafe class EncodedValues(int parameters)
    {
        /// <summary>How many values it has room for.</summary>
        public int Parameters => parameters;

        private enum Kind : byte { Null, Integer, Real, Utf8, Other }

        private readonly Kind[] _kinds = new Kind[parameters];
        private readonly long[] _integers = new long[parameters];
        private readonly double[] _reals = new double[parameters];
        private readonly int[] _offsets = new int[parameters];
        private readonly int[] _lengths = new int[parameters];
        private readonly object?[] _others = new object?[parameters];
        private readonly TextBuffer _text = new(4 << 20); // room for a unit's text at UTF-8's worst case of 3 bytes a character

        /// <summary>No room at all: values bound through it are copied by SQLite.</summary>
        private static readonly TextBuffer NoText = new(0);

        /// <summary>How many values are encoded.</summary>
        public int Count { get; private set; }

        public void Encode<T>(IReadOnlyList<BulkColumn<T>> columns, IReadOnlyList<T> rows, int from, int count)
        {
            _text.Clear();
            Count = count * columns.Count;
            var i = 0;
            for (var r = from; r < from + count; r++)
            {
                var row = rows[r];
                for (var c = 0; c < columns.Count; c++, i++)
                {
                    var column = columns[c];
                    _others[i] = null;
                    if (column.Integer is { } integer)
                    {
                        (_kinds[i], _integers[i]) = integer(row) is { } l ? (Kind.Integer, l) : (Kind.Null, 0);
                        continue;
                    }
                    if (column.Flag is { } flag)
                    {
                        (_kinds[i], _integers[i]) = flag(row) is { } b ? (Kind.Integer, b ? 1 : 0) : (Kind.Null, 0);
                        continue;
                    }
                    if (column.Date is { } date)
                    {
                        if (date(row) is not { } day) _kinds[i] = Kind.Null;
                        else if (!TryEncode(i, day)) (_kinds[i], _others[i]) = (Kind.Other, day); // no room left: the one-by-one path
                        continue;
                    }
                    var value = column.Value(row);
                    switch (value)
                    {
                        case null: _kinds[i] = Kind.Null; break;
                        case long l: _kinds[i] = Kind.Integer; _integers[i] = l; break;
                        case int n: _kinds[i] = Kind.Integer; _integers[i] = n; break;
                        case bool b: _kinds[i] = Kind.Integer; _integers[i] = b ? 1 : 0; break;
                        case double x: _kinds[i] = Kind.Real; _reals[i] = x; break;
                        case string s when _text.Take(System.Text.Encoding.UTF8.GetMaxByteCount(s.Length), out var room) is not null:
                            _kinds[i] = Kind.Utf8;
                            _offsets[i] = _text.Offset;
                            _lengths[i] = System.Text.Encoding.UTF8.GetBytes(s, room);
                            _text.Used(_lengths[i]);
                            break;
                        case DateOnly d when TryEncode(i, d): break;
                        default: _kinds[i] = Kind.Other; _others[i] = value; break; // bound as the one-by-one path does
                    }
                }
            }
        }

        /// <summary>A date as its text (<c>yyyy-MM-dd</c>); false when this execution's text has filled the buffer.</summary>
        private bool TryEncode(int i, DateOnly day)
        {
            if (_text.Take(10, out var room) is null) return false;
            _kinds[i] = Kind.Utf8;
            _offsets[i] = _text.Offset;
            day.TryFormat(room, out _lengths[i], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            _text.Used(_lengths[i]);
            return true;
        }

        /// <summary>Whether value <paramref name="i"/> is null.</summary>
        public bool IsNull(int i) => _kinds[i] == Kind.Null;

        /// <summary>Binds value <paramref name="i"/> to the statement's parameter <paramref name="index"/> (1-based).</summary>
        public int Bind(SQLitePCL.sqlite3_stmt stmt, nint handle, int i, int index) => _kinds[i] switch
        {
            Kind.Null => SqliteNative.BindNull(handle, index),
            Kind.Integer => SqliteNative.BindInt64(handle, index, _integers[i]),
            Kind.Real => SqliteNative.BindDouble(handle, index, _reals[i]),
            Kind.Utf8 => SqliteNative.BindText(handle, index, _text.At(_offsets[i]), _lengths[i], SqliteNative.Static),
            _ => SqliteBulkWriter.Bind(stmt, handle, index, _others[i], NoText),
        };
    }

    /// <summary>
    /// Pinned memory that holds the UTF-8 text bound to one execution of a statement, reused for the next (every
    /// parameter is bound again before each step, so no binding outlives the text it points at).
    /// </summary>
    private sealed unsafe class TextBuffer(int size = 1 << 20)
    {
        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        private int _used;

        public void Clear() => _used = 0;

        /// <summary>Where the next text goes.</summary>
        public int Offset => _used;

        /// <summary>Room for <paramref name="bytes"/> more bytes, or null when this execution's text has filled it.</summary>
        public byte* Take(int bytes, out Span<byte> room)
        {
            if (_bytes.Length - _used < bytes) { room = default; return null; }
            room = _bytes.AsSpan(_used, bytes);
            return At(_used);
        }

        /// <summary>The address of a byte of the buffer (pinned, so it stays put).</summary>
        public byte* At(int offset)
        {
            fixed (byte* start = _bytes) return start + offset;
        }

        public void Used(int bytes) => _used += bytes;
    }

    private static string InsertSql<T>(string table, IReadOnlyList<BulkColumn<T>> columns, int rows)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ");
        var tuple = "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        for (var r = 0; r < rows; r++) sql.Append(r == 0 ? "" : ", ").Append(tuple);
        return sql.ToString();
    }

    private static SQLitePCL.sqlite3_stmt Prepare(SQLitePCL.sqlite3 db, string sql)
    {
        Check(db, SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return stmt;
    }

    private static void Run<T>(SQLitePCL.sqlite3 db, SQLitePCL.sqlite3_stmt stmt, IReadOnlyList<BulkColumn<T>> columns, ReadOnlySpan<T> rows, int count, TextBuffer text)
    {
        // The statement stays alive (it is disposed only after the last row), so its raw handle may be used directly.
        var handle = stmt.DangerousGetHandle();
        text.Clear();
        var index = 1;
        for (var r = 0; r < count; r++)
            for (var c = 0; c < columns.Count; c++)
                Check(db, Bind(stmt, handle, index++, columns[c].Value(rows[r]), text));
        var rc = SqliteNative.Step(handle);
        if (rc != SQLitePCL.raw.SQLITE_DONE) Check(db, rc);
        Check(db, SqliteNative.Reset(handle));
    }

    private static unsafe int Bind(SQLitePCL.sqlite3_stmt stmt, nint handle, int index, object? value, TextBuffer text)
    {
        switch (value)
        {
            case null: return SqliteNative.BindNull(handle, index);
            case string s:
                var utf8 = text.Take(System.Text.Encoding.UTF8.GetMaxByteCount(s.Length), out var room);
                if (utf8 is null) // more text than the buffer holds: SQLite converts and copies this one itself
                    fixed (char* chars = s) return SqliteNative.BindText16(handle, index, chars, s.Length * sizeof(char), SqliteNative.Transient);
                var length = System.Text.Encoding.UTF8.GetBytes(s, room);
                text.Used(length);
                return SqliteNative.BindText(handle, index, utf8, length, SqliteNative.Static);
            case long l: return SqliteNative.BindInt64(handle, index, l);
            case int i: return SqliteNative.BindInt64(handle, index, i);
            case bool b: return SqliteNative.BindInt64(handle, index, b ? 1 : 0);
            case DateOnly d:
                var date = text.Take(10, out var dateRoom);
                if (date is null) return SQLitePCL.raw.sqlite3_bind_text(stmt, index, d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                d.TryFormat(dateRoom, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                text.Used(written);
                return SqliteNative.BindText(handle, index, date, written, SqliteNative.Static);
            case DateTimeOffset t: return SqliteNative.BindInt64(handle, index, (long)SqliteConventions.Instant.ConvertToProvider(t)!);
            case double x: return SqliteNative.BindDouble(handle, index, x);
            case float x: return SqliteNative.BindDouble(handle, index, x);
            case short x: return SqliteNative.BindInt64(handle, index, x);
            case byte x: return SqliteNative.BindInt64(handle, index, x);
            case Enum e: return SqliteNative.BindInt64(handle, index, Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture));
            // Rare kinds go through SQLitePCL.raw (which copies).
            case byte[] bytes: return SQLitePCL.raw.sqlite3_bind_blob(stmt, index, bytes);
            // As Microsoft.Data.Sqlite stores them, so EF Core reads them back the same.
            case decimal m: return SQLitePCL.raw.sqlite3_bind_text16(stmt, index, m.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture));
            case Guid g: return SQLitePCL.raw.sqlite3_bind_blob(stmt, index, g.ToByteArray());
            case char c: return SQLitePCL.raw.sqlite3_bind_text16(stmt, index, c.ToString());
            default: throw new InvalidOperationException($"no SQLite binding for {value.GetType()}");
        }
    }

    private static void Check(SQLitePCL.sqlite3 db, int rc)
    {
        if (rc != SQLitePCL.raw.SQLITE_OK) throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
    }

    protected override Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken) =>
        PairsAsync($"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL ORDER BY name", cancellationToken);

    protected override string Param(int index) => "$p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override DbParameter AddParameter(DbCommand command, int index, NpgsqlDbType type)
    {
        var p = ((SqliteCommand)command).CreateParameter();
        p.ParameterName = Param(index);
        command.Parameters.Add(p);
        return p;
    }

    protected override object? ToProvider(object? value, NpgsqlDbType type) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        DateTimeOffset t => SqliteConventions.Instant.ConvertToProvider(t),
        _ => value,
    };
}
