using Microsoft.EntityFrameworkCore;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Storage;

/// <summary>
/// A list in a query goes to the database as one parameter (docs/operations.md, "Query plans"), so that its SQL does not
/// depend on the list's length and EF Core caches it, on both engines; the answers are the same whatever the length.
/// </summary>
[Trait("Category", "Database")]
public sealed class CollectionParameterTests
{
    [Fact]
    public async Task A_list_is_one_parameter_whatever_its_length()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using var db = ReassessDatabase.CreateContext(test.Target);
        string Sql(List<long> ids) => db.People.Where(p => ids.Contains(p.Id)).ToQueryString();

        var short1 = Sql([1]);
        var long1 = Sql([.. Enumerable.Range(1, 40).Select(i => (long)i)]);

        Assert.Equal(SqlOnly(short1), SqlOnly(long1));
        Assert.Contains(TestDatabase.Engine == DatabaseEngine.Sqlite ? "json_each" : "ANY", SqlOnly(long1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_finds_exactly_its_rows_empty_short_or_long()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using (var setup = ReassessDatabase.CreateContext(test.Target))
        {
            setup.People.AddRange(Enumerable.Range(1, 50).Select(i => new Person
            {
                Id = i,
                Force = "AB",
                PersonRef = $"N{i:00000}",
                Surname = $"Testperson{i}",
            }));
            await setup.SaveChangesAsync();
        }
        await using var db = ReassessDatabase.CreateContext(test.Target);
        var ids = await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();

        foreach (var wanted in new[] { new List<long>(), ids.Take(1).ToList(), ids.Where((_, i) => i % 3 == 0).ToList(), ids, [.. ids, -5, -6] })
        {
            var found = await db.People.Where(p => wanted.Contains(p.Id)).Select(p => p.Id).OrderBy(id => id).ToListAsync();
            Assert.Equal(wanted.Where(ids.Contains).Order(), found);
        }
    }

    /// <summary>The statement without the parameter declarations EF Core writes above it (their values differ).</summary>
    private static string SqlOnly(string queryString) =>
        string.Join('\n', queryString.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal) && !line.StartsWith(".param", StringComparison.Ordinal)
            && !line.StartsWith("SET ", StringComparison.Ordinal)));
}
