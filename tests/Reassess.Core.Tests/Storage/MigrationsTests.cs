using Microsoft.EntityFrameworkCore;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Storage;

[Trait("Category", "Database")]
public sealed class MigrationsTests
{
    [Fact]
    public async Task A_new_database_is_migrated_to_the_latest_version_with_nothing_pending()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using var db = ReassessDatabase.CreateContext(test.Target);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Investigations.CountAsync());
    }

    [Fact]
    public void The_model_has_no_changes_that_a_migration_does_not_capture()
    {
        using var db = ReassessDatabase.CreateContext(DatabaseTarget.Parse(TestDatabase.Engine == DatabaseEngine.Sqlite ? "x.db" : "Host=127.0.0.1;Database=x"));
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/migrations.sh add NAME after changing the model.");
    }
}
