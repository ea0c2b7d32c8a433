using System.Data.Common;
using Microsoft.Data.Sqlite;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Storage;

/// <summary>Bulk reads give what an ADO.NET reader gives, on both engines (SQLite's is stepped natively).</summary>
[Trait("Category", "Database")]
public sealed class BulkReaderTests
{
    private static async Task<DbConnection> TableAsync(TestDatabase db)
    {
        var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE bulk_rows (id bigint NOT NULL, name text NULL, born date NULL, n bigint NULL);
            INSERT INTO bulk_rows VALUES (1, 'Zoë Ó Briain 🙂 李', '1980-02-29', NULL);
            INSERT INTO bulk_rows VALUES (2, NULL, NULL, 42);
            INSERT INTO bulk_rows VALUES (3, '', '0001-01-01', -9223372036854775808);
            INSERT INTO bulk_rows VALUES (4, 'x', '9999-12-31', 9223372036854775807);
            """;
        await cmd.ExecuteNonQueryAsync();
        return connection;
    }

    [Fact]
    public async Task Rows_come_back_as_stored_with_nulls_text_dates_and_integers_at_their_limits()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await TableAsync(db);
        var read = new List<(long, string?, DateOnly?, long?)>();
        using (var rows = BulkReader.Open(connection, "SELECT id, name, born, n FROM bulk_rows ORDER BY id"))
        {
            while (rows.Read()) read.Add((rows.GetInt64(0), rows.GetNullableString(1), rows.GetNullableDate(2), rows.GetNullableInt64(3)));
            Assert.False(rows.Read()); // and stays finished
        }
        Assert.Equal(
        [
            (1L, "Zoë Ó Briain 🙂 李", new DateOnly(1980, 2, 29), null),
            (2L, null, null, 42L),
            (3L, "", DateOnly.MinValue, long.MinValue),
            (4L, "x", DateOnly.MaxValue, long.MaxValue),
        ], read);
    }

    [Fact]
    public async Task Flags_and_instants_come_back_as_each_engine_stores_them()
    {
        // SQLite: integers, and instants in EF Core's 64-bit form (milliseconds and the offset); PostgreSQL: boolean and
        // timestamptz.
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await ReassessDatabase.OpenConnectionAsync(db.Target);
        var sqlite = db.Target.Engine == DatabaseEngine.Sqlite;
        DateTimeOffset[] instants = [new DateTimeOffset(2026, 11, 27, 9, 30, 15, TimeSpan.Zero).AddMilliseconds(123), new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero)];
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = sqlite ? "CREATE TABLE flags (id bigint, flag integer, at integer)" : "CREATE TABLE flags (id bigint, flag boolean, at timestamptz)";
            await create.ExecuteNonQueryAsync();
        }
        foreach (var (id, flag, at) in new (long, bool?, DateTimeOffset?)[] { (1, true, instants[0]), (2, false, instants[1]), (3, null, null) })
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO flags VALUES (@id, @flag, @at)";
            void Add(string name, object? value)
            {
                var p = insert.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                insert.Parameters.Add(p);
            }
            Add("id", id);
            Add("flag", flag);
            Add("at", at is { } t && sqlite ? SqliteConventions.Instant.ConvertToProvider(t) : at);
            await insert.ExecuteNonQueryAsync();
        }
        var read = new List<(bool?, DateTimeOffset?)>();
        using (var rows = BulkReader.Open(connection, "SELECT flag, at FROM flags ORDER BY id"))
            while (rows.Read()) read.Add((rows.GetNullableBoolean(0), rows.GetNullableInstant(1)));
        Assert.Equal([(true, instants[0]), (false, instants[1]), (null, null)], read);
        Assert.Equal(instants[0].UtcTicks, read[0].Item2!.Value.UtcTicks); // to the millisecond, not merely equal by rounding
    }

    [Fact]
    public async Task The_connection_is_free_for_other_threads_once_the_reader_is_disposed()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var connection = await TableAsync(db);
        using (var rows = BulkReader.Open(connection, "SELECT id FROM bulk_rows"))
            Assert.True(rows.Read()); // left unfinished
        var count = Task.Run(async () =>
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM bulk_rows";
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Same(count, await Task.WhenAny(count, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(4, await count);
    }

    /// <summary>A plain SQLite file of its own, removed afterwards.</summary>
    private static async Task OnSqliteAsync(Func<SqliteConnection, Task> test)
    {
        var dir = Directory.CreateTempSubdirectory("reassess-bulk-");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.FullName, "b.db")};Pooling=False");
            await connection.OpenAsync();
            await test(connection);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public Task On_sqlite_a_date_in_another_form_is_parsed_as_text_and_one_that_is_no_date_is_refused() => OnSqliteAsync(async connection =>
    {
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE d (v text); INSERT INTO d VALUES ('1980-2-9'), ('1980-02-30'), ('not a date');";
            await cmd.ExecuteNonQueryAsync();
        }
        using var rows = BulkReader.Open(connection, "SELECT v FROM d ORDER BY rowid");
        Assert.True(rows.Read());
        Assert.Equal(new DateOnly(1980, 2, 9), rows.GetDate(0));
        Assert.True(rows.Read());
        Assert.Throws<FormatException>(() => rows.GetDate(0));
        Assert.True(rows.Read());
        Assert.Throws<FormatException>(() => rows.GetDate(0));
    });

    [Fact]
    public Task On_sqlite_a_query_that_cannot_be_prepared_says_why() => OnSqliteAsync(connection =>
    {
        var error = Assert.Throws<SqliteException>(() => BulkReader.Open(connection, "SELECT id FROM nowhere"));
        Assert.Contains("no such table: nowhere", error.Message, StringComparison.Ordinal);
        return Task.CompletedTask;
    });
}
