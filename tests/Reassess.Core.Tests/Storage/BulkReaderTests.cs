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
