using System.Data;
using Microsoft.EntityFrameworkCore;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Storage;

/// <summary>A held connection is the one every query of the work uses, and it is closed afterwards, whatever happens.</summary>
[Trait("Category", "Database")]
public sealed class HeldConnectionTests
{
    [Fact]
    public async Task Queries_inside_the_work_share_the_open_connection_and_it_is_closed_afterwards()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var connection = db.Database.GetDbConnection();
        Assert.Equal(ConnectionState.Closed, connection.State);
        var states = new List<ConnectionState>();
        await HeldConnection.RunAsync(db, async () =>
        {
            states.Add(connection.State);
            Assert.Equal(0, await db.Investigations.CountAsync());
            states.Add(connection.State); // EF Core left it open: it did not open it for the query
            Assert.Equal(["1"], await StoredStamp.ReadAsync(db, "SELECT 1", default)); // nor for a command on its connection
            states.Add(connection.State);
        }, default);
        Assert.Equal([ConnectionState.Open, ConnectionState.Open, ConnectionState.Open], states);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task A_failing_piece_of_work_still_closes_the_connection()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var db = ReassessDatabase.CreateContext(t.Target);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            HeldConnection.RunAsync(db, () => throw new InvalidOperationException("the page failed"), default));
        Assert.Equal(ConnectionState.Closed, db.Database.GetDbConnection().State);
        Assert.Equal(0, await db.Investigations.CountAsync()); // and the context is still usable
    }
}
