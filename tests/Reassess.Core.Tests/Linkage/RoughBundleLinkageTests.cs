using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Linkage;

/// <summary>
/// <c>reassess link</c> over bundles unlike the generator's (issue 23): three forces, phones, vehicles and a hostel
/// shared by hundreds of people, suspects who offend again in several investigations and forces, rows shuffled.
/// </summary>
[Trait("Category", "Database")]
public class RoughBundleLinkageTests
{
    [Fact]
    public async Task Links_a_three_force_bundle_with_hub_identifiers_and_reused_suspects_with_each_investigation_once_in_missed_groups()
    {
        // Before the fix this failed with "UNIQUE constraint failed: missed_group_links.investigation_id": an
        // investigation whose suspects fell into two networks was written once for each.
        var bundle = RoughBundle.Build(new RoughBundleShape(Seed: 23, Forces: 3, Investigations: 500, Offenders: 160, Hubs: 4, HubPeople: 300, HubInvestigations: 60));
        await using var t = await TestDatabase.CreateAsync();
        var summary = await LinkedBundle.ImportAndLinkAsync(t.Target, bundle, shuffleSeed: 7);

        Assert.Equal(bundle.PeopleRows, summary.Nominals);
        Assert.True(summary.Networks > 0, "reused suspects make networks");
        Assert.True(summary.MissedGroupInvestigations > 0, "one-suspect investigations of reused suspects are tied to groups");
        await LinkedBundle.AssertConsistentAsync(t.Target, bundle.Shape.ToString());
    }
}
