using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Reporting;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Reporting;

/// <summary>
/// The one reading of the offender networks that cross forces: national oversight's page lists it, the national report
/// groups it by set of forces, so the two cannot disagree on which networks cross forces.
/// </summary>
[Trait("Category", "Database")]
public sealed class OversightQueriesTests
{
    [Fact]
    public async Task Cross_force_networks_are_read_once_largest_first_and_the_national_report_groups_the_same_networks()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = ReassessDatabase.CreateContext(database.Target))
        {
            var now = DateTimeOffset.UtcNow;
            var run = new LinkageRun { StartedAt = now, CompletedAt = now, CompletedStage = LinkageStage.Networks, InputFingerprint = "test", Seed = 1 };
            db.Add(run);
            await db.SaveChangesAsync();
            OffenderNetwork Network(long id, int suspects, int people, string forces, string investigations) => new()
            {
                Id = id,
                Label = $"NET-{id:D6}",
                LinkageRunId = run.Id,
                Suspects = suspects,
                Victims = 1,
                People = people,
                Nominals = people,
                Forces = forces,
                Investigations = investigations,
            };
            db.AddRange(
                Network(1, 2, 4, "FA;FB", "FA/FA-0001;FB/FB-0001"),
                Network(2, 5, 6, "FA", "FA/FA-0002;FA/FA-0003"),             // one force: not cross-force
                Network(3, 3, 5, "FA;FB;FC", "FA/FA-0004;FB/FB-0002;FC/FC-0001"),
                Network(4, 2, 3, "FA;FB", "FA/FA-0005;FB/FB-0003"));
            await db.SaveChangesAsync();
        }

        await using var read = ReassessDatabase.CreateContext(database.Target);
        var networks = await OversightQueries.CrossForceNetworksAsync(read);
        Assert.Equal(["NET-000003", "NET-000001", "NET-000004"], networks.Select(n => n.Label).ToList()); // suspects, then people
        Assert.Equal([("FA", "FA-0004"), ("FB", "FB-0002"), ("FC", "FC-0001")], networks[0].Investigations.ToList());
        Assert.Equal(["NET-000003"], (await OversightQueries.CrossForceNetworksAsync(read, limit: 1)).Select(n => n.Label).ToList());

        var alerts = await new OversightQueries(read).CrossForceAlertsAsync();
        Assert.Equal(networks.Select(n => n.Label), alerts.Select(a => a.Label));
        Assert.All(alerts.SelectMany(a => a.Investigations), i => Assert.Null(i.CandidateId)); // none is in a queue

        var national = await NationalReport.CrossForceNetworksAsync(read);
        Assert.Equal([new CrossForceNetworks("FA;FB", 2, 4, 4, 2), new CrossForceNetworks("FA;FB;FC", 1, 3, 3, 1)], national);
    }
}
