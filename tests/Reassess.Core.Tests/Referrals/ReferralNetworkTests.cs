using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Referrals;

namespace Reassess.Tests.Referrals;

/// <summary>
/// Issue 25, national side: three forces refer; the national instance links their suspects across forces, ranks the queue
/// with the cross-force factor, sends each force notices naming only other forces' codes, and reports on referrals.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReferralNetworkTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("reassess-referral-network-").FullName;
    private readonly List<ReferralInstance> _forces = [];
    private ReferralInstance _national = null!;

    public async Task InitializeAsync()
    {
        _national = await ReferralInstance.NationalAsync(_clock);
        var voss = ("Darren", "Voss", new DateOnly(1975, 5, 5), (string?)"05/123456K");
        (string, string, DateOnly, string?)[] Others(string a, string b, int year) =>
            [(a, "Okafor", new DateOnly(year, 3, 3), null), (b, "Lindqvist", new DateOnly(year + 4, 8, 9), null)];
        var cases = new (string Force, string Ref, (string, string, DateOnly, string?)[] Suspects)[]
        {
            ("MPS", "MPS-0001", [voss, .. Others("Kevin", "Samuel", 1980)]),
            ("MPS", "MPS-0002", Others("Patrick", "Oliver", 1962)),
            ("GMP", "GMP-0101", [voss with { Item1 = "Darren" }, .. Others("Colin", "Trevor", 1971)]),
            // Written with a typo in the forename and no PNC id: the engine still resolves him by name and date of birth.
            ("WYP", "WYP-0201", [("Daren", "Voss", new DateOnly(1975, 5, 5), null), .. Others("Stuart", "Neville", 1968)]),
        };
        foreach (var force in cases.GroupBy(c => c.Force))
        {
            var instance = await ReferralInstance.ForceAsync(force.Key, _clock);
            _forces.Add(instance);
            foreach (var c in force)
            {
                await instance.AddCaseAsync(c.Ref, c.Suspects);
                await instance.ApproveReferralAsync(c.Ref);
            }
            var packs = Path.Combine(_dir, "packs");
            Assert.NotEmpty(await instance.Export(e => e.ExportAsync(instance.Lead, packs, "national operation")));
            await _national.Intake(i => i.RegisterForceAsync("nat.admin", force.Key, instance.Key.PublicKeyPem(), force.Key + ".pem"));
        }
        var results = await _national.Intake(i => i.ImportAsync("nat.admin", Path.Combine(_dir, "packs")));
        Assert.All(results, r => Assert.Equal(PackOutcome.Imported, r.Outcome));
        Assert.Equal(4, results.Count);
    }

    public async Task DisposeAsync()
    {
        foreach (var f in _forces) await f.DisposeAsync();
        await _national.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ReferralInstance Force(string code) => _forces.Single(f => f.Force == code);

    [Fact]
    public async Task Suspects_are_linked_across_forces_and_referrals_grouped_into_a_cross_force_network()
    {
        var linkage = await _national.Network(n => n.LinkAsync());
        var network = Assert.Single(linkage.Networks);
        Assert.True(network.CrossForce);
        Assert.Equal(["GMP/GMP-0101", "MPS/MPS-0001", "WYP/WYP-0201"], network.Referrals.Select(r => r.Force + "/" + r.InvestigationRef).Order(StringComparer.Ordinal));
        Assert.Equal(["GMP", "MPS", "WYP"], network.Forces.Select(f => f.Force));
        Assert.All(network.Forces, f => Assert.Equal((1, 3), (f.Referrals, f.Suspects)));
        Assert.Equal(3, network.SharedSuspects.Count);
        Assert.All(network.SharedSuspects, s => Assert.EndsWith("Voss", s.Name, StringComparison.Ordinal));
        Assert.Null(linkage.NetworkOf(linkage.Referrals.Single(r => r.InvestigationRef == "MPS-0002").Id));
    }

    [Fact]
    public async Task The_linkage_is_kept_between_views_and_linked_afresh_once_an_import_changes_the_referrals()
    {
        using var cache = new ReferralLinkageCache();
        async Task<T> Cached<T>(Func<ReferralNetworks, Task<T>> call)
        {
            await using var db = _national.Context();
            return await call(new ReferralNetworks(db, _clock, _national.Audit, cache));
        }
        Task<ReferralLinkage> Link() => Cached(n => n.LinkAsync());
        var first = await Link();
        var again = await Cached(n => n.QueueAsync(ReferralInstance.National));
        Assert.Equal(1, cache.Computed);
        Assert.Same(first.Networks[0], again.Single(e => e.Referral.InvestigationRef == "MPS-0001").Network);

        // A new referral naming Voss arrives: the next view links again and finds it in the network.
        var mps = Force("MPS");
        await mps.AddCaseAsync("MPS-0003", [("Darren", "Voss", new DateOnly(1975, 5, 5), "05/123456K"), ("Wayne", "Hollis", new DateOnly(1983, 2, 2), null)]);
        await mps.ApproveReferralAsync("MPS-0003");
        var packs = Path.Combine(_dir, "more-packs");
        Assert.Single(await mps.Export(e => e.ExportAsync(mps.Lead, packs, "national operation")));
        Assert.All(await _national.Intake(i => i.ImportAsync("nat.admin", packs)), r => Assert.Equal(PackOutcome.Imported, r.Outcome));
        var after = await Link();
        Assert.Equal(2, cache.Computed);
        Assert.Contains(after.Networks.Single().Referrals, r => r.InvestigationRef == "MPS-0003");
        await Link();
        Assert.Equal(2, cache.Computed);
    }

    [Fact]
    public async Task The_national_queue_ranks_by_explainable_factors_including_the_cross_force_network_and_only_national_oversight_sees_it()
    {
        foreach (var actor in new[] { Force("MPS").Lead, Force("MPS").Supervisor, new Actor("aud", Roles.Auditor, null) })
            await Assert.ThrowsAsync<ReferralAccessException>(() => _national.Network(n => n.QueueAsync(actor)));

        var queue = await _national.Network(n => n.QueueAsync(ReferralInstance.National));
        Assert.Equal(4, queue.Count);
        Assert.Equal("MPS-0002", queue[^1].Referral.InvestigationRef);
        var linked = queue.Single(e => e.Referral.InvestigationRef == "MPS-0001");
        var factor = linked.Factors.Single(f => f.Name == "cross_force_network");
        Assert.Equal((2, 20.0), (factor.Quantity, factor.Contribution));
        Assert.Contains("GMP and WYP", factor.Detail, StringComparison.Ordinal);
        Assert.Equal(linked.Priority, Math.Round(linked.Factors.Sum(f => f.Contribution), 3));
        Assert.True(linked.Factors.Count > 1, "the pack's own factors under the national profile are listed too");
        Assert.Equal(0, queue[^1].Factors.Single(f => f.Name == "cross_force_network").Contribution);
        Assert.All(queue.Zip(queue.Skip(1)), p => Assert.True(p.First.Priority >= p.Second.Priority));

        await using var db = _national.Context();
        var consulted = await db.Set<AuditEntry>().SingleAsync(a => a.Operation == ReferralNetworks.QueueOperation && a.Outcome == AuditOutcome.Success);
        Assert.Equal(4, consulted.SubjectIdList.Count);
        Assert.Equal(3, await db.Set<AuditEntry>().CountAsync(a => a.Operation == ReferralNetworks.QueueOperation && a.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Notices_tell_each_force_only_which_other_forces_share_its_suspect_and_the_force_stores_them_once()
    {
        var noticeDir = Path.Combine(_dir, "notices");
        var files = await _national.Network(n => n.WriteNoticesAsync("nat.admin", noticeDir));
        Assert.Equal(["notices-GMP.json", "notices-MPS.json", "notices-WYP.json"], files.Select(Path.GetFileName));
        var mpsText = await File.ReadAllTextAsync(Path.Combine(noticeDir, "notices-MPS.json"));
        Assert.Contains("Your suspect MPS-0001-S1 in MPS/MPS-0001 appears in referrals from GMP and WYP", mpsText, StringComparison.Ordinal);
        foreach (var other in new[] { "GMP-0101", "WYP-0201", "Okafor", "MPS-0002" })
            Assert.DoesNotContain(other, mpsText, StringComparison.Ordinal);

        var mps = Force("MPS");
        var first = await mps.Intake(_ => new ReferralNoticeInbox(mps.Context(), _clock, mps.Audit).ImportAsync("lead.mps", "MPS", noticeDir));
        Assert.Equal(3, first.Count);
        var own = first.Single(r => r.File == "notices-MPS.json");
        Assert.Equal((1, 0, (string?)null), (own.Stored, own.AlreadyHeld, own.Refused));
        Assert.All(first.Where(r => r.File != "notices-MPS.json"), r => Assert.Contains("not to MPS", r.Refused, StringComparison.Ordinal));
        var again = await mps.Intake(_ => new ReferralNoticeInbox(mps.Context(), _clock, mps.Audit).ImportAsync("lead.mps", "MPS", noticeDir));
        Assert.Equal((0, 1), (again.Single(r => r.File == "notices-MPS.json").Stored, again.Single(r => r.File == "notices-MPS.json").AlreadyHeld));
        await using var db = mps.Context();
        var held = Assert.Single(await new ReferralNoticeInbox(db, _clock, mps.Audit).ListAsync("MPS"));
        Assert.Equal(("MPS-0001", "MPS-0001-S1", "GMP;WYP"), (held.InvestigationRef, held.SuspectRef, held.OtherForces));

        // A notice about an investigation this force does not hold, or an altered file, is refused.
        var tampered = Path.Combine(_dir, "tampered");
        Directory.CreateDirectory(tampered);
        await File.WriteAllTextAsync(Path.Combine(tampered, "notices-MPS.json"), mpsText.Replace("GMP and WYP", "GMP, KNT and WYP", StringComparison.Ordinal));
        var refused = Assert.Single(await new ReferralNoticeInbox(db, _clock, mps.Audit).ImportAsync("lead.mps", "MPS", tampered));
        Assert.Contains("tampered", refused.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_count_referrals_by_force_month_and_typology_and_time_from_approval_to_referral()
    {
        var counts = await _national.Network(n => n.CountsAsync());
        Assert.Equal(4, counts.Sum(c => c.Referrals));
        Assert.Equal(2, counts.Where(c => c.Force == "MPS").Sum(c => c.Referrals));
        Assert.All(counts, c => Assert.Matches("^2026-0[3-4]$", c.Month));
        var delays = await _national.Network(n => n.DelaysAsync());
        Assert.Equal(["GMP", "MPS", "WYP"], delays.Select(d => d.Force));
        // Each review was approved a day before its force exported (the world's clock).
        Assert.All(delays, d => Assert.True(d.MedianDays >= 1 && d.MaxDays < 5, $"{d.Force}: {d.MedianDays}"));
    }
}
