using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Reassess.Storage;

/// <summary>
/// Forward-only reading of one query's rows for bulk work (linkage reads every nominal, involvement and identifier).
/// On SQLite the statement is stepped and its columns read through <see cref="SqliteNative"/>: Microsoft.Data.Sqlite's
/// per-value calls made reading the nominals more than twice as slow (bench/import-notes.md). Other engines read through
/// their <see cref="DbDataReader"/>.
/// </summary>
internal abstract class BulkReader : IDisposable
{
    public static BulkReader Open(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is SqliteConnection sqlite) return new SqliteBulkReader(sqlite, sql);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return new DbBulkReader(command);
    }

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    public abstract bool IsNull(int column);

    public abstract long GetInt64(int column);

    public abstract string GetString(int column);

    /// <summary>
    /// A text column with few distinct values (a force, an outcome code), as one string per distinct value: the strings
    /// already in <paramref name="known"/> are given again, on SQLite found from the column's bytes without making a string.
    /// </summary>
    public virtual string GetString(int column, KnownStrings known)
    {
        ArgumentNullException.ThrowIfNull(known);
        return known.Share(GetString(column));
    }

    /// <summary>A date column (ISO 8601 text on SQLite, a date elsewhere).</summary>
    public abstract DateOnly GetDate(int column);

    /// <summary>A boolean: an integer on SQLite (as EF Core stores it), a boolean on PostgreSQL.</summary>
    public abstract bool GetBoolean(int column);

    /// <summary>An instant: a 64-bit number on SQLite (EF Core's <c>DateTimeOffsetToBinaryConverter</c>), a timestamptz on PostgreSQL.</summary>
    public abstract DateTimeOffset GetInstant(int column);

    public bool? GetNullableBoolean(int column) => IsNull(column) ? null : GetBoolean(column);

    public DateTimeOffset? GetNullableInstant(int column) => IsNull(column) ? null : GetInstant(column);

    public long? GetNullableInt64(int column) => IsNull(column) ? null : GetInt64(column);

    public string? GetNullableString(int column) => IsNull(column) ? null : GetString(column);

    public virtual DateOnly? GetNullableDate(int column) => IsNull(column) ? null : GetDate(column);

    public abstract void Dispose();

    private sealed class DbBulkReader(DbCommand command) : BulkReader
    {
        private readonly DbDataReader _reader = command.ExecuteReader();

        public override bool Read() => _reader.Read();

        public override bool IsNull(int column) => _reader.IsDBNull(column);

        public override long GetInt64(int column) => _reader.GetInt64(column);

        public override string GetString(int column) => _reader.GetString(column);

        public override DateOnly GetDate(int column) => _reader.GetFieldValue<DateOnly>(column);

        public override bool GetBoolean(int column) => _reader.GetBoolean(column);

        public override DateTimeOffset GetInstant(int column) => _reader.GetFieldValue<DateTimeOffset>(column);

        public override void Dispose()
        {
            _reader.Dispose();
            command.Dispose();
        }
    }

    private sealed unsafe class SqliteBulkReader : BulkReader
    {
        private const int Row = 100, Done = 101, Null = 5;

        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;
        private readonly nint _handle;
        private SqliteNative.ConnectionHeld _held;
        private bool _done;

        public SqliteBulkReader(SqliteConnection connection, string sql)
        {
            _connection = connection;
            var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            _handle = _statement.DangerousGetHandle();
            // The connection's mutex is held while the rows are read (see SqliteNative.Hold): each call then only
            // counts it up and down.
            _held = SqliteNative.Hold(connection.Handle!);
        }

        public override bool Read()
        {
            if (_done) return false;
            var rc = SqliteNative.Step(_handle);
            if (rc == Row) return true;
            _done = true;
            if (rc != Done) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            return false;
        }

        public override bool IsNull(int column) => SqliteNative.ColumnType(_handle, column) == Null;

        public override long GetInt64(int column) => SqliteNative.ColumnInt64(_handle, column);

        public override string GetString(int column) => Encoding.UTF8.GetString(Text(column));

        public override string GetString(int column, KnownStrings known)
        {
            ArgumentNullException.ThrowIfNull(known);
            var text = Text(column);
            if (text.Length > KnownStrings.LongestBytes) return Encoding.UTF8.GetString(text);
            Span<char> chars = stackalloc char[KnownStrings.LongestBytes];
            var n = Encoding.UTF8.GetChars(text, chars);
            return known.Share(chars[..n]);
        }

        public override bool GetBoolean(int column) => SqliteNative.ColumnInt64(_handle, column) != 0;

        public override DateTimeOffset GetInstant(int column) =>
            (DateTimeOffset)SqliteConventions.Instant.ConvertFromProvider(SqliteNative.ColumnInt64(_handle, column))!;

        public override DateOnly GetDate(int column) => Date(Text(column));

        // The text first, asking the type only when there is none (NULL, or a value with no text such as an empty blob,
        // which is refused as before): a screening pass reads nullable dates of five million rows, most of them set.
        public override DateOnly? GetNullableDate(int column)
        {
            var text = SqliteNative.ColumnText(_handle, column);
            if (text is not null) return Date(new ReadOnlySpan<byte>(text, SqliteNative.ColumnBytes(_handle, column)));
            return IsNull(column) ? null : Date([]);
        }

        private static DateOnly Date(ReadOnlySpan<byte> text)
        {
            // yyyy-MM-dd, as EF Core stores a DateOnly; anything else is parsed (and refused) as text.
            if (text.Length == 10 && text[4] == '-' && text[7] == '-'
                && Digits(text[..4], out var year) && Digits(text.Slice(5, 2), out var month) && Digits(text.Slice(8, 2), out var day)
                && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(1, year), month) && year >= 1)
                return new DateOnly(year, month, day);
            return DateOnly.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture);
        }

        private ReadOnlySpan<byte> Text(int column)
        {
            var text = SqliteNative.ColumnText(_handle, column);
            return text is null ? [] : new ReadOnlySpan<byte>(text, SqliteNative.ColumnBytes(_handle, column));
        }

        private static bool Digits(ReadOnlySpan<byte> digits, out int value)
        {
            value = 0;
            foreach (var d in digits)
            {
                if (d is < (byte)'0' or > (byte)'9') return false;
                value = value * 10 + d - '0';
            }
            return true;
        }

        public override void Dispose()
        {
            _held.Dispose();
            _held = default;
            _statement.Dispose();
        }
    }
}

/// <summary>
/// The distinct values seen of a text column with few of them (forces, outcome and offence codes), each kept as one string
/// that every row with that value shares: a screening pass read four such strings for each of a million investigations, and
/// those of the candidates were kept with them. Holds at most <see cref="Limit"/> values; beyond that, a new value is a new
/// string each time, as without it. One reader's, used by one thread.
/// </summary>
internal sealed class KnownStrings
{
    /// <summary>How many values are kept at most.</summary>
    public const int Limit = 4096;

    /// <summary>Values longer than this many bytes (UTF-8) are not looked up.</summary>
    public const int LongestBytes = 64;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public KnownStrings() => _byChars = _values.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many values are kept.</summary>
    public int Count => _values.Count;

    /// <summary>The kept string equal to <paramref name="value"/>, kept now if there is room; else <paramref name="value"/>.</summary>
    public string Share(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_values.TryGetValue(value, out var known)) return known;
        if (_values.Count < Limit) _values.Add(value);
        return value;
    }

    /// <summary>The kept string equal to <paramref name="chars"/>, made (and kept if there is room) when there is none.</summary>
    public string Share(ReadOnlySpan<char> chars)
    {
        if (_byChars.TryGetValue(chars, out var known)) return known;
        var value = new string(chars);
        if (_values.Count < Limit) _values.Add(value);
        return value;
    }
}
