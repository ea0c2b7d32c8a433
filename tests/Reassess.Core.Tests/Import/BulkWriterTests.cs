using NpgsqlTypes;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>The bulk insert paths store every kind of value exactly, for a few rows and for many (encoded ahead on another thread).</summary>
[Trait("Category", "Database")]
public sealed class BulkWriterTests
{
    private sealed record Probe(long Id, string? Name, DateOnly? Born, bool? Flag, double? Score, string? Note, int? Count = null, DateTimeOffset? At = null);

    private static readonly BulkColumn<Probe>[] Columns =
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        new("name", NpgsqlDbType.Text, x => x.Name),
        new("born", NpgsqlDbType.Date, x => x.Born),
        new("flag", NpgsqlDbType.Boolean, x => x.Flag),
        new("score", NpgsqlDbType.Double, x => x.Score),
        new("note", NpgsqlDbType.Text, x => x.Note),
        new("count", NpgsqlDbType.Integer, x => x.Count),
        new("at", NpgsqlDbType.TimestampTz, x => x.At),
    ];

    private static Probe Row(long i) => new(
        i,
        (i % 7) switch { 0 => null, 1 => "Zoë Fictíonach", 2 => "東京 " + i, 3 => "🚓 " + i, _ => "Name" + i },
        i % 5 == 0 ? null : new DateOnly(1950, 1, 1).AddDays((int)(i % 20_000)),
        (i % 3) switch { 0 => null, 1 => true, _ => false },
        i % 4 == 0 ? null : i / 8.0,
        // Now and then a long note, and once in a while one too long for the encoding buffer (SQLite copies that one).
        i % 12_007 == 0 ? new string('é', 1_500_000) : i % 9_001 == 0 ? new string('é', 400_000)
            : i % 2 == 0 ? null : "note, with \"quotes\"\nand a line break " + i,
        (i % 6) switch { 0 => null, 1 => int.MinValue, 2 => int.MaxValue, _ => (int)(i * 37 % 1_000) - 500 },
        (i % 4) switch
        {
            0 => null,
            1 => new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(i % 10 * 10_000), // before PostgreSQL's epoch
            _ => new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero).AddSeconds(i).AddMilliseconds(i % 7),
        });

    /// <summary>A connection to the test database, which now has an empty probe table.</summary>
    private static async Task<System.Data.Common.DbConnection> ProbeTableAsync(TestDatabase db)
    {
        var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE bulk_probe (id bigint PRIMARY KEY, name text, born date, flag boolean, score double precision, note text, count integer, at " +
            (db.Target.Engine == DatabaseEngine.Sqlite ? "integer" : "timestamptz") + ")";
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Ids, flags and dates are read without boxing; the round trip below holds what they write.</summary>
    [Fact]
    public void Integer_boolean_and_date_columns_are_read_unboxed()
    {
        Assert.All(Columns.Where(c => c.PgType is NpgsqlDbType.Bigint or NpgsqlDbType.Integer), c => Assert.NotNull(c.Integer));
        Assert.NotNull(Columns.Single(c => c.Name == "flag").Flag);
        Assert.NotNull(Columns.Single(c => c.Name == "born").Date);
        Assert.All(Columns.Where(c => c.PgType is NpgsqlDbType.Text or NpgsqlDbType.Double or NpgsqlDbType.TimestampTz),
            c => Assert.True(c.Integer is null && c.Flag is null && c.Date is null));
        var probe = Row(7);
        Assert.Equal(probe.Count, (int?)Columns.Single(c => c.Name == "count").Integer!(probe));
        Assert.Equal(probe.Born, Columns.Single(c => c.Name == "born").Value(probe)); // and boxed for the general paths
    }

    [Theory]
    [InlineData(3)]
    [InlineData(25_007)] // not a whole number of statements: the rest goes in one by one
    public async Task Every_value_comes_back_as_it_went_in(int count)
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await ProbeTableAsync(db);
        var rows = Enumerable.Range(1, count).Select(i => Row(i)).ToList();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await BulkWriter.For(db.Target.Engine, connection, transaction).InsertAsync("bulk_probe", Columns, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(rows, await ReadBackAsync(db, connection));
    }

    /// <summary>Inserts of different widths through one writer (an import writes every part so): the encoding buffers
    /// the first leaves behind are reused by the next, and nothing bound into them earlier leaks into later rows.</summary>
    [Fact]
    public async Task Successive_inserts_through_one_writer_each_come_back_as_they_went_in()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await ProbeTableAsync(db);
        var narrow = Columns[..6]; // no count, no time
        var first = Enumerable.Range(1, 25_007).Select(i => Row(i)).ToList();
        var second = Enumerable.Range(25_008, 34_993).Select(i => Row(i) with { Count = null, At = null }).ToList();
        var third = Enumerable.Range(60_001, 25_009).Select(i => Row(i)).ToList();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var writer = BulkWriter.For(db.Target.Engine, connection, transaction);
            await writer.InsertAsync("bulk_probe", Columns, first, CancellationToken.None);
            await writer.InsertAsync("bulk_probe", narrow, second, CancellationToken.None);
            await writer.InsertAsync("bulk_probe", Columns, third, CancellationToken.None);
            await transaction.CommitAsync();
        }
        Assert.Equal([.. first, .. second, .. third], await ReadBackAsync(db, connection));
    }

    private static async Task<List<Probe>> ReadBackAsync(TestDatabase db, System.Data.Common.DbConnection connection)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, name, born, flag, score, note, count, at FROM bulk_probe ORDER BY id";
        await using var reader = await read.ExecuteReaderAsync();
        var back = new List<Probe>();
        while (await reader.ReadAsync())
        {
            back.Add(new Probe(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : db.Target.Engine == DatabaseEngine.Sqlite
                    ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertFromProvider(reader.GetInt64(7)) as DateTimeOffset?
                    : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return back;
    }

    [Fact]
    public async Task A_row_the_database_refuses_fails_the_insert_without_hanging()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await ProbeTableAsync(db);
        var rows = Enumerable.Range(1, 30_000).Select(i => Row(i == 21_000 ? 7 : i)).ToList(); // id 7 twice
        await using var transaction = await connection.BeginTransactionAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            BulkWriter.For(db.Target.Engine, connection, transaction).InsertAsync("bulk_probe", Columns, rows, CancellationToken.None));
    }

    [Fact]
    public async Task A_failure_while_rows_are_encoded_leaves_nothing_and_the_connection_usable()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await ProbeTableAsync(db);
        var rows = Enumerable.Range(1, 30_000).Select(i => Row(i)).ToList();
        BulkColumn<Probe>[] failing = [.. Columns[..^1], new("at", NpgsqlDbType.TimestampTz, x => x.Id == 20_000 ? throw new InvalidDataException("row 20000") : x.At)];
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
                BulkWriter.For(db.Target.Engine, connection, transaction).InsertAsync("bulk_probe", failing, rows, CancellationToken.None));
            Assert.Equal("row 20000", error.Message);
            await transaction.RollbackAsync();
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM bulk_probe";
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
