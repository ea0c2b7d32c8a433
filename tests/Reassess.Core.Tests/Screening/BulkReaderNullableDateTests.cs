using Microsoft.Data.Sqlite;
using Reassess.Storage;

namespace Reassess.Tests.Screening;

/// <summary>
/// The screening reader reads nullable dates on SQLite from the column's text alone, asking the type only when there is
/// none: NULL must still read as null, a date as that date, and what is not a date (empty text, an empty blob) must still
/// be refused, as reading the type first did.
/// </summary>
public sealed class BulkReaderNullableDateTests
{
    [Fact]
    public void Nullable_dates_read_as_null_as_dates_or_are_refused_as_before()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (n INTEGER PRIMARY KEY, d); " +
                "INSERT INTO t (n, d) VALUES (1, NULL), (2, '2020-02-29'), (3, '1999-12-31'), (4, ''), (5, x''), (6, '2021-02-29'), (7, '2021-2-3')";
            create.ExecuteNonQuery();
        }
        using var r = BulkReader.Open(connection, "SELECT d FROM t ORDER BY n");
        Assert.True(r.Read());
        Assert.Null(r.GetNullableDate(0));
        Assert.True(r.Read());
        Assert.Equal(new DateOnly(2020, 2, 29), r.GetNullableDate(0));
        Assert.True(r.Read());
        Assert.Equal(new DateOnly(1999, 12, 31), r.GetNullableDate(0));
        for (var row = 4; row <= 6; row++)
        {
            Assert.True(r.Read());
            Assert.False(r.IsNull(0));
            Assert.Throws<FormatException>(() => r.GetNullableDate(0));
        }
        Assert.True(r.Read());
        Assert.Equal(DateOnly.Parse("2021-2-3", System.Globalization.CultureInfo.InvariantCulture), r.GetNullableDate(0));
        Assert.False(r.Read());
    }
}
