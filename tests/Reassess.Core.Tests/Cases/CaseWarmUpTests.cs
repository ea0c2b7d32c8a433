using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Prioritisation;
using Reassess.Screening;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Cases;

/// <summary>
/// <see cref="CaseWarmUp"/>: what a just-started server does before its first reviewer arrives. It reads the queue and the
/// highest-priority case that still qualifies, as a reviewer of that case's force would, leaves the case's explanation in
/// the caches, and writes nothing: no audit entry (nobody was shown anything), no review, no change to the data.
/// </summary>
[Trait("Category", "Database")]
public class CaseWarmUpTests
{
    [Fact]
    public async Task The_warm_up_reads_the_top_case_that_still_qualifies_leaves_its_explanation_cached_and_writes_nothing()
    {
        await using var world = await CreateAsync();
        var (entries, reviews, version) = await StateAsync(world);

        CaseWarmUpResult result;
        await using (var db = world.Context())
            result = await new CaseWarmUp(db, new QueueSearch(db), new CaseQueries(db, world.Clock, world.Caches), new CaseLeadsQueries(db, world.Leads)).RunAsync();

        // MPS-0004 (priority 30) is the highest that still qualifies.
        Assert.Equal("MPS", result.Force);
        Assert.Equal((entries, reviews, version), await StateAsync(world));
        var top = world.Candidates["MPS-0004"];
        var rebuilt = false;
        await world.Caches.Views.ExplanationAsync(top, version, () =>
        {
            rebuilt = true;
            return Task.FromException<CaseExplanation>(new InvalidOperationException("the explanation was not cached"));
        });
        Assert.False(rebuilt);
    }

    [Fact]
    public async Task With_no_case_in_the_queue_the_warm_up_says_so_and_reads_nothing_more()
    {
        await using var world = await CreateAsync();
        await using (var db = world.Context())
            await db.Set<Candidate>().ExecuteUpdateAsync(s => s.SetProperty(c => c.StillQualifies, false));

        await using var context = world.Context();
        var result = await new CaseWarmUp(context, new QueueSearch(context), new CaseQueries(context, world.Clock, world.Caches), new CaseLeadsQueries(context, world.Leads)).RunAsync();
        Assert.Null(result.Force);
    }

    private static async Task<(int AuditEntries, int Reviews, DataVersion Version)> StateAsync(Reassess.Tests.Reviews.ReviewWorld world)
    {
        await using var db = world.Context();
        return (await db.Set<AuditEntry>().CountAsync(), await db.Set<Reassess.Reviews.Review>().CountAsync(), await DataVersion.ReadAsync(db, default));
    }
}
