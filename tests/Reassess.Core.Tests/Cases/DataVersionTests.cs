using Reassess.Cases;
using Reassess.Import;
using Reassess.Linkage.Resolution;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Cases;

/// <summary>
/// The case page keeps what it derives under a <see cref="DataVersion"/>: each kind of change it depends on must move it,
/// whoever makes the change.
/// </summary>
[Trait("Category", "Database")]
public sealed class DataVersionTests
{
    [Fact]
    public async Task Imports_record_changes_screening_runs_and_linkage_runs_each_move_the_version()
    {
        await using var database = await TestDatabase.CreateAsync();
        async Task<DataVersion> Read()
        {
            await using var db = ReassessDatabase.CreateContext(database.Target);
            return await DataVersion.ReadAsync(db, default);
        }
        async Task<DataVersion> After(Action<ReassessDbContext> change)
        {
            await using (var db = ReassessDatabase.CreateContext(database.Target))
            {
                change(db);
                await db.SaveChangesAsync();
            }
            return await Read();
        }
        var now = DateTimeOffset.UtcNow;
        var seen = new List<DataVersion> { await Read() };
        Assert.Equal(seen[0], await Read()); // nothing changed, nothing moves

        seen.Add(await After(db => db.ImportBatches.Add(new ImportBatch { Forces = "FA", Source = "test", BundleHash = "00", ImportedBy = "test", StartedAt = now, CompletedAt = now })));
        seen.Add(await After(db => db.RecordChanges.Add(new RecordChange { Entity = "person", RecordId = 11, Field = "erased", ChangedAt = now, ChangedBy = "test" })));
        seen.Add(await After(db => db.Add(new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 1, 1), StartedAt = now, CompletedAt = now, RunBy = "test" })));
        var run = new LinkageRun { StartedAt = now, InputFingerprint = "test" };
        seen.Add(await After(db => db.Add(run)));
        seen.Add(await After(db =>
        {
            db.Attach(run);
            run.CompletedAt = now.AddMinutes(1);
        }));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
