using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Reassess.Synthesis;
using Reassess.Tests.Support;
using Xunit.Abstractions;

namespace Reassess.Tests.Linkage;

/// <summary>
/// <c>reassess link</c> succeeds on any valid bundle (issue 23): FsCheck draws bundles of one to five forces, a
/// handful to a few hundred nominals, hubs recorded for up to 300 people, suspects reused across investigations and
/// forces, duplicate nominals, investigations without a suspect, rows in any order; each is imported, linked with the
/// real model, and checked for the invariants any link keeps (<see cref="LinkedBundle.AssertConsistentAsync"/>).
/// A failing case prints its <see cref="RoughBundleShape"/> (the bundle's whole recipe) and FsCheck its replay seed.
/// </summary>
[Trait("Category", "Database")]
public class LinkAnyBundleProperties(ITestOutputHelper output)
{
    internal static Gen<(RoughBundleShape Shape, int Shuffle)> Cases() =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from forces in Gen.Choose(1, 5)
        from investigations in Gen.Choose(1, 120)
        from offenders in Gen.Choose(1, 80)
        from hubs in Gen.Choose(0, 4)
        from hubPeople in Gen.OneOf(Gen.Choose(2, 12), Gen.Choose(13, 300))
        from hubInvestigations in Gen.Choose(0, 40)
        from reuse in Gen.Choose(0, 100)
        from duplicates in Gen.Choose(0, 30)
        from noSuspect in Gen.Elements(0, 0, 10, 50)
        from shuffle in Gen.Choose(0, int.MaxValue - 1)
        select (new RoughBundleShape(seed, forces, investigations, offenders, hubs, hubPeople, hubInvestigations, reuse / 100.0, duplicates / 100.0, noSuspect / 100.0), shuffle);

    /// <summary>A case FsCheck found: one investigation, nominals sharing no blocking key at all (no blocks), which
    /// made the engine hand the thread pool an empty range of blocks.</summary>
    [Fact]
    public async Task A_bundle_whose_records_share_no_blocking_key_links()
    {
        var shape = new RoughBundleShape(398068940, 1, 1, 69, 2, 281, 1, 0.19, 0.17, 0);
        var bundle = RoughBundle.Build(shape);
        await using var t = await TestDatabase.CreateAsync();
        var summary = await LinkedBundle.ImportAndLinkAsync(t.Target, bundle, 1857819823);
        Assert.Equal(bundle.PeopleRows, summary.Nominals);
        await LinkedBundle.AssertConsistentAsync(t.Target, $"{shape}");
    }

    [Property(MaxTest = 12, QuietOnSuccess = true)]
    public Property Any_valid_bundle_imports_and_links_without_error_and_keeps_the_linkage_invariants() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            output.WriteLine($"case: {c.Shape}, shuffle {c.Shuffle}");
            var bundle = RoughBundle.Build(c.Shape);
            var because = $"{c.Shape}, shuffle {c.Shuffle}";
            Task.Run(async () =>
            {
                await using var t = await TestDatabase.CreateAsync();
                var summary = await LinkedBundle.ImportAndLinkAsync(t.Target, bundle, c.Shuffle);
                Assert.True(summary.Nominals == bundle.PeopleRows, $"{because}: every nominal read");
                await LinkedBundle.AssertConsistentAsync(t.Target, because);
            }).GetAwaiter().GetResult();
        });
}
