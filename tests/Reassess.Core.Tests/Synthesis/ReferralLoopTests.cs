using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Referrals;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Synthesis;

/// <summary>The demo's referral loop (issue 25): two force instances refer, the national instance links, notices come back.</summary>
public sealed class ReferralLoopTests
{
    private static SynthesisOptions TwoForces(int investigations = 3_000) =>
        new() { Scale = SynthesisScale.Count(investigations), Forces = 2, AsOf = new DateOnly(2025, 10, 31), Seed = 3 };

    [Fact]
    public void Bundles_by_force_hold_exactly_the_one_bundle_rows_of_their_force()
    {
        var root = Directory.CreateTempSubdirectory("reassess-force-bundles-").FullName;
        try
        {
            ExtractGenerator.WriteBundle(TwoForces(1_500), Path.Combine(root, "one"));
            var split = ForceBundles.Write(TwoForces(1_500), Path.Combine(root, "split"));
            Assert.Equal(["GMP", "MPS"], split.Folders.Keys.Order(StringComparer.Ordinal));
            foreach (var file in new[] { "investigations.csv", "people.csv", "involvements.csv", "identifiers.csv" })
            {
                // The generator writes no line breaks inside fields, so a row is a line.
                var whole = File.ReadAllLines(Path.Combine(root, "one", file));
                foreach (var (force, folder) in split.Folders)
                {
                    var part = File.ReadAllLines(Path.Combine(folder, file));
                    Assert.Equal(whole[0], part[0]);
                    Assert.All(part.Skip(1), row => Assert.StartsWith(force + ",", row, StringComparison.Ordinal));
                    Assert.Equal(whole.Skip(1).Where(r => r.StartsWith(force + ",", StringComparison.Ordinal)), part.Skip(1));
                }
                Assert.Equal(whole.Length - 1, split.Folders.Values.Sum(f => File.ReadAllLines(Path.Combine(f, file)).Length - 1));
            }
            var truth = File.ReadAllLines(Path.Combine(root, "one", "truth", "network_investigations.csv")).Skip(1)
                .Select(l => l.Split(',')).Select(c => new PlantedNetworkCase(c[0], c[1], c[2], c[3] == "true"));
            Assert.Equal(truth.OrderBy(c => c.InvestigationRef, StringComparer.Ordinal), split.NetworkCases.OrderBy(c => c.InvestigationRef, StringComparer.Ordinal));
            Assert.NotEmpty(split.CrossForceNetworks);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task Two_forces_refer_the_national_instance_links_them_and_each_force_hears_only_of_the_other()
    {
        var folder = Directory.CreateTempSubdirectory("reassess-referral-loop-").FullName;
        var databases = new Dictionary<string, TestDatabase>();
        try
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
            var outcome = await new SyntheticReferralLoop(clock).RunAsync(TwoForces(), async name =>
            {
                var db = await TestDatabase.CreateAsync(migrate: false);
                databases[name] = db;
                return db.Target;
            }, folder);

            Assert.Equal(["GMP", "MPS"], outcome.Forces.Select(f => f.Force));
            Assert.All(outcome.Forces, f =>
            {
                Assert.True(f.Referred > 0, $"{f.Force} referred nothing");
                Assert.Equal(f.Referred, f.PacksExported);
            });
            var national = outcome.National;
            Assert.Equal(0, national.PacksRefused);
            Assert.Equal(outcome.Forces.Sum(f => f.PacksExported), national.PacksImported);
            Assert.Equal(national.PacksImported, national.Referrals);
            Assert.True(outcome.ExpectedCrossForceNetworks > 0, "the ground truth ties no referral of one force to the other's");
            Assert.Equal(outcome.ExpectedCrossForceNetworks, national.CrossForceNetworks);
            Assert.Contains(national.Queue, e => e.Network is { CrossForce: true });

            // Notices come back to both forces, each about its own referrals, naming only the other force.
            foreach (var f in outcome.Forces)
            {
                Assert.NotEmpty(f.Notices);
                var other = f.Force == "MPS" ? "GMP" : "MPS";
                Assert.All(f.Notices, n =>
                {
                    Assert.Equal(f.Force, n.Force);
                    Assert.Equal(other, n.OtherForces);
                    Assert.Contains($"in {f.Force}/{n.InvestigationRef} appears in referrals from {other}", n.Message, StringComparison.Ordinal);
                });
            }

            // Every referral went through the real review: approved, recommending referral, exported once.
            foreach (var f in outcome.Forces)
            {
                await using var db = ReassessDatabase.CreateContext(databases[f.Force].Target);
                var reviews = await db.Set<Review>().AsNoTracking().Where(r => r.Force == f.Force).ToListAsync();
                Assert.Equal(f.Referred, reviews.Count);
                Assert.All(reviews, r =>
                {
                    Assert.Equal(ReviewStatus.Approved, r.Status);
                    Assert.Equal(Recommendation.ReferToNationalOperation, r.Recommendation);
                });
                Assert.Equal(f.Referred, await db.Set<ReferralExport>().CountAsync());
                var trail = new AuditTrail(databases[f.Force].Target, AuditKeyStore.AtFile(Path.Combine(folder, f.Force + ".audit-key")), clock);
                Assert.True((await trail.VerifyAsync()).Intact, $"{f.Force}'s audit trail");
            }
            var nationalTrail = new AuditTrail(databases[SyntheticReferralLoop.National].Target,
                AuditKeyStore.AtFile(Path.Combine(folder, SyntheticReferralLoop.National + ".audit-key")), clock);
            Assert.True((await nationalTrail.VerifyAsync()).Intact, "the national audit trail");
        }
        finally
        {
            foreach (var db in databases.Values) await db.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The demo's loop runs as of any day with any seed; whatever the generator makes of them, the forces' referrals must
    /// meet in a suspect both recorded, so that notices come back (a default run once found none). SQLite only: the loop's
    /// services run on both engines in the test above.
    /// </summary>
    [Theory]
    [InlineData(1UL, "2026-12-07")]
    [InlineData(1UL, "2027-03-15")]
    [InlineData(2UL, "2026-06-30")]
    [InlineData(7UL, "2025-03-31")]
    public async Task Any_seed_and_day_gives_referrals_of_both_forces_tied_by_one_suspect_and_notices_to_both(ulong seed, string asOf)
    {
        var folder = Directory.CreateTempSubdirectory("reassess-referral-loop-").FullName;
        var databases = new List<TestDatabase>();
        try
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(DateOnly.Parse(asOf, CultureInfo.InvariantCulture).AddDays(1), TimeOnly.MinValue, TimeSpan.Zero));
            var options = new SynthesisOptions { Scale = SynthesisScale.Count(3_000), Forces = 2, AsOf = DateOnly.Parse(asOf, CultureInfo.InvariantCulture), Seed = seed };
            var outcome = await new SyntheticReferralLoop(clock).RunAsync(options, async name =>
            {
                var db = await TestDatabase.CreateAsync(migrate: false);
                databases.Add(db);
                return db.Target;
            }, folder);

            Assert.True(outcome.ExpectedCrossForceNetworks > 0, "the ground truth ties no referral of one force to the other's");
            Assert.Equal(0, outcome.National.PacksRefused);
            Assert.Equal(outcome.ExpectedCrossForceNetworks, outcome.National.CrossForceNetworks);
            Assert.All(outcome.Forces, f => Assert.NotEmpty(f.Notices));
        }
        finally
        {
            foreach (var db in databases) await db.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
