using Microsoft.Data.Sqlite;
using Reassess.Storage;

namespace Reassess.Tests.Screening;

/// <summary>
/// The screening reader reads forces and codes through <see cref="KnownStrings"/>: one string per distinct value, equal to
/// what reading the column as a new string gives, whatever the text (non-ASCII, long, past the limit).
/// </summary>
public sealed class KnownStringsTests
{
    [Fact]
    public void A_column_read_through_known_strings_equals_the_plain_read_and_repeats_share_one_string()
    {
        var random = new Random(3);
        string[] samples = ["MPS", "GMP", "19C;8N", "", " 15 ", "é", "Ā𝄞", "\0", new string('x', 63), new string('é', 40), new string('y', 200)];
        var values = Enumerable.Range(0, 3_000).Select(_ => random.Next(4) == 0
            ? "v" + random.Next(0, 6_000).ToString(System.Globalization.CultureInfo.InvariantCulture) // more distinct values than the limit keeps
            : samples[random.Next(samples.Length)]).ToList();
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t (n, v) VALUES ($n, $v)";
            var n = insert.Parameters.Add("$n", SqliteType.Integer);
            var v = insert.Parameters.Add("$v", SqliteType.Text);
            for (var i = 0; i < values.Count; i++)
            {
                (n.Value, v.Value) = (i, values[i]);
                insert.ExecuteNonQuery();
            }
        }

        var known = new KnownStrings();
        var read = new List<string>();
        using (var r = BulkReader.Open(connection, "SELECT v FROM t ORDER BY n"))
            while (r.Read())
            {
                var value = r.GetString(0, known);
                Assert.Equal(r.GetString(0), value);
                read.Add(value);
            }

        Assert.Equal(values, read);
        Assert.InRange(known.Count, 1, KnownStrings.Limit);
        // A value kept is given as the same string every time it comes again.
        foreach (var group in read.Where(v => v.Length <= 20).GroupBy(v => v, StringComparer.Ordinal).Where(g => samples.Contains(g.Key)))
            Assert.All(group, v => Assert.Same(group.First(), v));
    }

    [Fact]
    public void Sharing_keeps_at_most_the_limit_and_still_gives_equal_strings()
    {
        var known = new KnownStrings();
        for (var i = 0; i < KnownStrings.Limit + 100; i++)
        {
            var value = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(value, known.Share(value.AsSpan()));
            Assert.Equal(value, known.Share(new string(value.AsSpan())));
        }
        Assert.Equal(KnownStrings.Limit, known.Count);
        var first = known.Share("c0".AsSpan());
        Assert.Same(first, known.Share(new string("c0".AsSpan())));
    }
}
