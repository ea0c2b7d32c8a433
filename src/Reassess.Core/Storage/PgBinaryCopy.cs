using System.Buffers.Binary;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Reassess.Storage;

/// <summary>
/// Rows encoded in PostgreSQL's binary COPY format (a header, then per row a field count and each field as a length and
/// its bytes in network order, then a trailer) straight into a buffer, and sent through a raw COPY stream a buffer at a
/// time. Npgsql's typed importer costs several calls, a converter lookup and a parameter binding per value; at a first
/// extract's 45 million values that made the client, not the server, the slower end of the copy.
/// Only the types the bulk columns use are encoded; anything else is a programming error and says which column.
/// </summary>
internal sealed class PgBinaryCopy
{
    /// <summary>The signature <c>PGCOPY\n\377\r\n\0</c>, then flags and the header extension's length, both 0.</summary>
    private static readonly byte[] Header = [.. "PGCOPY\n"u8, 0xFF, (byte)'\r', (byte)'\n', 0, /* flags */ 0, 0, 0, 0, /* extension */ 0, 0, 0, 0];
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Strict, as Npgsql's own: a string that is not valid UTF-16 fails rather than being altered.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int BufferSize = 1 << 18;

    private byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private int _used;

    /// <summary>Copies <paramref name="rows"/> into <paramref name="table"/> over <paramref name="connection"/>, in the current transaction.</summary>
    public static async Task CopyAsync<T>(NpgsqlConnection connection, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var copy = $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken);
        var completed = false;
        try
        {
            var encoder = new PgBinaryCopy();
            encoder.Put(Header);
            var n = 0;
            foreach (var row in rows)
            {
                encoder.Row(table, columns, row);
                if (encoder._used >= BufferSize)
                {
                    await stream.WriteAsync(encoder._buffer.AsMemory(0, encoder._used), cancellationToken);
                    encoder._used = 0;
                }
                if ((++n & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            encoder.Put([0xFF, 0xFF]); // trailer: a field count of -1
            await stream.WriteAsync(encoder._buffer.AsMemory(0, encoder._used), cancellationToken);
            completed = true;
        }
        finally
        {
            // Disposing the stream ends the COPY, and the server then reports a refused row as an exception here.
            // Anything that went wrong on this side cancels the COPY instead, so that no partial input is committed.
            if (!completed) await stream.CancelAsync();
            await stream.DisposeAsync();
        }
    }

    private void Row<T>(string table, IReadOnlyList<BulkColumn<T>> columns, T row)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), checked((short)columns.Count));
        _used += 2;
        foreach (var column in columns)
        {
            // Ids, flags and dates unboxed (see BulkColumn), the rest as boxed values.
            if (column.Integer is { } integer)
            {
                if (integer(row) is { } l) Integer(column, l);
                else Null();
                continue;
            }
            if (column.Flag is { } flag)
            {
                if (flag(row) is { } b) Boolean(b);
                else Null();
                continue;
            }
            if (column.Date is { } date)
            {
                if (date(row) is { } d) Day(d);
                else Null();
                continue;
            }
            var value = column.Value(row);
            if (value is null)
            {
                Null();
                continue;
            }
            switch (column.PgType, value)
            {
                case (NpgsqlDbType.Text or NpgsqlDbType.Varchar, string s): Text(s); break;
                case (NpgsqlDbType.Bigint, long l): Int64(l); break;
                case (NpgsqlDbType.Bigint, int i): Int64(i); break;
                case (NpgsqlDbType.Integer, int i): Int32(i); break;
                case (NpgsqlDbType.Integer, long l): Int32(checked((int)l)); break;
                case (NpgsqlDbType.Boolean, bool b): Boolean(b); break;
                case (NpgsqlDbType.Double, double d): Int64(BitConverter.DoubleToInt64Bits(d)); break;
                case (NpgsqlDbType.Date, DateOnly d): Day(d); break;
                // timestamptz: microseconds since 2000-01-01 UTC (a tick is a tenth of a microsecond).
                case (NpgsqlDbType.TimestampTz, DateTimeOffset t): Int64((t.UtcTicks - PostgresEpochTicks) / 10); break;
                default:
                    throw new InvalidOperationException($"{table}.{column.Name}: a {value.GetType().Name} cannot be copied as {column.PgType}.");
            }
        }
    }

    /// <summary>A null field: length -1 and no bytes.</summary>
    private void Null()
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), -1);
        _used += 4;
    }

    private void Integer<T>(BulkColumn<T> column, long value)
    {
        switch (column.PgType)
        {
            case NpgsqlDbType.Bigint: Int64(value); break;
            case NpgsqlDbType.Integer: Int32(checked((int)value)); break;
            default: throw new InvalidOperationException($"{column.Name}: an integer cannot be copied as {column.PgType}.");
        }
    }

    private void Boolean(bool value)
    {
        Ensure(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 1);
        _buffer[_used + 4] = value ? (byte)1 : (byte)0;
        _used += 5;
    }

    private void Day(DateOnly value) => Int32(value.DayNumber - PostgresEpochDay);

    private void Int32(int value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 8;
    }

    private void Int64(long value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 12;
    }

    private void Text(string s)
    {
        // ASCII, the usual case, is one byte a character; anything else is counted exactly before it is written.
        var bytes = System.Text.Ascii.IsValid(s) ? s.Length : Utf8.GetByteCount(s);
        Ensure(4 + bytes);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), bytes);
        _used += 4 + Utf8.GetBytes(s, _buffer.AsSpan(_used + 4));
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Room for <paramref name="bytes"/> more: the buffer grows (a row is sent whole, so it may pass the send size).</summary>
    private void Ensure(int bytes)
    {
        if (_used + bytes <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
    }
}
