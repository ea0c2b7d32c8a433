using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Linkage;

/// <summary>
/// <c>reassess link --incremental</c> (issue 23 item 5): a force's later extract linked against the people and networks
/// of the last full run, compared with a full link of the same data; the refusals; reviewers' decisions; stable ids
/// and labels; the audit entry. Synthetic data throughout (<see cref="LaterExtract"/> splits a generated bundle).
/// </summary>
[Trait("Category", "Database")]
public class IncrementalLinkageTests(IncrementalLinkageTests.GeneratedBundle bundle) : IClassFixture<IncrementalLinkageTests.GeneratedBundle>
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private static LinkageService Service(IAuditTrail? audit = null) => new(new EngineMatcher(seed: 1), LinkageWorld.ChildSexualOffenceRule, Clock, audit);

    /// <summary>One generated bundle, split, for the class's tests; removed after them.</summary>
    public sealed class GeneratedBundle : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("reassess-incremental-").FullName;

        public GeneratedBundle()
        {
            var all = Path.Combine(_root, "all");
            ExtractGenerator.WriteBundle(new SynthesisOptions { Scale = SynthesisScale.Count(1_500), Forces = 2, AsOf = new DateOnly(2025, 3, 31), Seed = 11 }, all);
            Split = LaterExtract.Make(all, _root, share: 0.02, changed: 15);
        }

        internal LaterExtract.Split Split { get; }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }

    private static async Task ImportAsync(DatabaseTarget target, string bundle, IAuditTrail? audit = null)
    {
        var outcome = await new BundleImporter(Clock, audit).ImportAsync(target, bundle, new ImportOptions { ImportedBy = "tester" });
        Assert.True(outcome.Succeeded, "the bundle should import: " + string.Join("; ", outcome.Errors.Take(5)));
    }

    /// <summary>Each resolved person as its nominals (FORCE:REF, sorted), keyed by resolved id.</summary>
    private static async Task<Dictionary<long, string>> PeopleAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var rows = await (from r in db.Set<ResolvedPerson>() join p in db.People on r.PersonId equals p.Id select new { p.Force, p.PersonRef, r.ResolvedId }).ToListAsync();
        return rows.GroupBy(r => r.ResolvedId).ToDictionary(g => g.Key, g => string.Join(",", g.Select(r => r.Force + ":" + r.PersonRef).Order(StringComparer.Ordinal)));
    }

    /// <summary>Each network: label → (its nominals, sorted; the stored change).</summary>
    private static async Task<Dictionary<string, (string Members, NetworkChange Change)>> NetworksAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var networks = await db.Set<OffenderNetwork>().AsNoTracking().ToListAsync();
        var members = (await db.Set<NetworkMember>().AsNoTracking().ToListAsync()).ToLookup(m => m.NetworkId);
        return networks.ToDictionary(n => n.Label, n => (string.Join(",", members[n.Id].Select(m => m.Force + ":" + m.PersonRef).Order(StringComparer.Ordinal)), n.Change));
    }

    private static async Task<IncrementalLinkRefusedException> RefusedAsync(DatabaseTarget target) =>
        await Assert.ThrowsAsync<IncrementalLinkRefusedException>(() => Service().RunAsync(target, new LinkOptions(Incremental: true), null, default));

    [Fact]
    public async Task A_later_extract_linked_incrementally_resolves_the_people_and_finds_the_networks_a_full_link_finds()
    {
        var split = bundle.Split;
        await using var incremental = await TestDatabase.CreateAsync();
        await using var full = await TestDatabase.CreateAsync();
        foreach (var t in new[] { incremental, full })
        {
            await ImportAsync(t.Target, split.First);
            await Service().RunAsync(t.Target, new LinkOptions(), null, default);
            await ImportAsync(t.Target, split.Later);
        }
        var summary = await Service().RunAsync(incremental.Target, new LinkOptions(Incremental: true), null, default);
        await Service().RunAsync(full.Target, new LinkOptions(), null, default);

        Assert.Equal(LinkageMode.Incremental, summary.Mode);
        Assert.True(summary.ChangedNominals >= split.NewNominals + split.ChangedNominals, $"{summary.ChangedNominals} changed nominals found for {split.NewNominals} new and {split.ChangedNominals} changed");
        await LinkedBundle.AssertConsistentAsync(incremental.Target, "incremental");

        // The extract's new nominals are linked to people already known, not only to one another.
        var laterKeys = (await NewNominalsAsync(incremental.Target, anySex: true)).Select(k => k.Force + ":" + k.Ref).ToHashSet(StringComparer.Ordinal);
        var joinedKnown = (await PeopleAsync(incremental.Target)).Values.Count(v => v.Split(',') is var m && m.Any(laterKeys.Contains) && !m.All(laterKeys.Contains));
        Assert.True(joinedKnown > 0, "some of the extract's new nominals are people already known");

        var byIncremental = (await PeopleAsync(incremental.Target)).Values.ToHashSet(StringComparer.Ordinal);
        var byFull = (await PeopleAsync(full.Target)).Values.ToHashSet(StringComparer.Ordinal);
        var onlyIncremental = byIncremental.Except(byFull).Order(StringComparer.Ordinal).ToList();
        var onlyFull = byFull.Except(byIncremental).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyIncremental.Count == 0 && onlyFull.Count == 0,
            $"the same people as a full link: {onlyIncremental.Count} only incremental ({string.Join(" | ", onlyIncremental.Take(5))}), {onlyFull.Count} only full ({string.Join(" | ", onlyFull.Take(5))})");

        var networksIncremental = (await NetworksAsync(incremental.Target)).Values.Select(n => n.Members).ToHashSet(StringComparer.Ordinal);
        var networksFull = (await NetworksAsync(full.Target)).Values.Select(n => n.Members).ToHashSet(StringComparer.Ordinal);
        Assert.True(networksIncremental.SetEquals(networksFull),
            $"the same networks as a full link: {networksIncremental.Except(networksFull).Count()} only incremental, {networksFull.Except(networksIncremental).Count()} only full, of {networksFull.Count}");
    }

    [Fact]
    public async Task An_incremental_link_is_refused_with_the_reason_when_only_a_full_link_can_stand()
    {
        var split = bundle.Split;
        await using var t = await TestDatabase.CreateAsync();
        var keyDir = Directory.CreateTempSubdirectory("reassess-incremental-key-").FullName;
        try
        {
            await RefusalsAsync(t, split, new AuditTrail(t.Target, AuditKeyStore.AtFile(Path.Combine(keyDir, "test.audit-key")), Clock));
        }
        finally
        {
            Directory.Delete(keyDir, recursive: true);
        }
    }

    private static async Task RefusalsAsync(TestDatabase t, LaterExtract.Split split, AuditTrail audit)
    {
        await ImportAsync(t.Target, split.First, audit);
        Assert.Contains("no link run has completed", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);

        // A run whose matcher fits no model leaves nothing to score new nominals with.
        await new LinkageService(new FixedMatcher(), LinkageWorld.ChildSexualOffenceRule, Clock).RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.Contains("kept no fitted model", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);

        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.Contains("nothing was imported or decided", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);

        // A reviewer's decision about people the run resolved: only a full link applies it to everyone it touches.
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var two = await db.People.OrderBy(p => p.Id).Take(2).ToListAsync();
            db.Add(new MatchDecision
            {
                LeftForce = two[0].Force,
                LeftPersonRef = two[0].PersonRef,
                RightForce = two[1].Force,
                RightPersonRef = two[1].PersonRef,
                SamePerson = false,
                DecidedBy = "reviewer.test",
                DecidedAt = Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        Assert.Contains("reviewers decided 1 pair(s)", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);
        // Withdrawn after a run applied it: only a full link can undo what it decided.
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            await db.Set<MatchDecision>().ExecuteDeleteAsync();
        Assert.Contains("decision was withdrawn", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);

        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        var someone = await FirstPersonAsync(t.Target);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await new PersonErasure(Clock, audit).EraseAsync(t.Target, someone.Force, someone.PersonRef, "tester", "retention review (test)");
        Assert.Contains("were erased since linkage run", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);

        // A later extract far larger than the data linked: the model should be fitted on it.
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        await ImportAsync(t.Target, split.Later, audit);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            await db.People.Where(p => p.Id % 3 == 0).ExecuteUpdateAsync(u => u.SetProperty(p => p.LastBatchId, 99));
        Assert.Contains("over 20%", (await RefusedAsync(t.Target)).Message, StringComparison.Ordinal);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            Assert.Equal(0, await db.Set<LinkageRun>().CountAsync(r => r.Mode == LinkageMode.Incremental));
    }

    private static async Task<Person> FirstPersonAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        return await db.People.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
    }

    [Fact]
    public async Task Reviewers_decisions_hold_ids_and_labels_carry_on_and_the_run_is_audited()
    {
        var split = bundle.Split;
        await using var t = await TestDatabase.CreateAsync();
        var keyDir = Directory.CreateTempSubdirectory("reassess-incremental-key-").FullName;
        try
        {
            var audit = new AuditTrail(t.Target, AuditKeyStore.AtFile(Path.Combine(keyDir, "test.audit-key")), Clock);
            await ImportAsync(t.Target, split.First, audit);
            await Service().RunAsync(t.Target, new LinkOptions(), null, default);

            // A reviewer parts two nominals the model joined; the next full link applies it.
            var joined = (await PeopleAsync(t.Target)).Values.First(v => v.Contains(',', StringComparison.Ordinal)).Split(',');
            var (left, right) = (joined[0].Split(':'), joined[1].Split(':'));
            await using (var db = ReassessDatabase.CreateContext(t.Target))
            {
                db.Add(new MatchDecision
                {
                    LeftForce = left[0],
                    LeftPersonRef = left[1],
                    RightForce = right[0],
                    RightPersonRef = right[1],
                    SamePerson = false,
                    DecidedBy = "reviewer.test",
                    DecidedAt = Clock.GetUtcNow(),
                });
                await db.SaveChangesAsync();
            }
            await Service().RunAsync(t.Target, new LinkOptions(), null, default);
            var peopleBefore = await PeopleAsync(t.Target);
            var networksBefore = await NetworksAsync(t.Target);
            await ImportAsync(t.Target, split.Later, audit);

            // Two new nominals the model keeps apart, confirmed as one by a reviewer before the incremental link.
            var newKeys = await NewNominalsAsync(t.Target);
            await using (var db = ReassessDatabase.CreateContext(t.Target))
            {
                db.Add(new MatchDecision
                {
                    LeftForce = newKeys[0].Force,
                    LeftPersonRef = newKeys[0].Ref,
                    RightForce = newKeys[^1].Force,
                    RightPersonRef = newKeys[^1].Ref,
                    SamePerson = true,
                    DecidedBy = "reviewer.test",
                    DecidedAt = Clock.GetUtcNow().AddMinutes(5),
                });
                await db.SaveChangesAsync();
            }
            var summary = await Service(audit).RunAsync(t.Target, new LinkOptions(Incremental: true), null, default);

            var peopleAfter = await PeopleAsync(t.Target);
            var personOf = peopleAfter.SelectMany(p => p.Value.Split(',').Select(k => (k, p.Key))).ToDictionary(x => x.k, x => x.Key, StringComparer.Ordinal);
            Assert.NotEqual(personOf[joined[0]], personOf[joined[1]]);
            Assert.Equal(personOf[$"{newKeys[0].Force}:{newKeys[0].Ref}"], personOf[$"{newKeys[^1].Force}:{newKeys[^1].Ref}"]);

            // A person whose nominals are the same keeps its id; so does a network its label, marked unchanged.
            var same = peopleBefore.Where(p => peopleAfter.TryGetValue(p.Key, out var after) && after == p.Value).Count();
            var kept = peopleBefore.Count(p => peopleAfter.ContainsValue(p.Value));
            Assert.Equal(kept, same);
            Assert.True(kept > peopleBefore.Count * 0.9, $"{kept} of {peopleBefore.Count} people untouched by the extract");
            var networksAfter = await NetworksAsync(t.Target);
            var unchanged = networksBefore.Where(n => networksAfter.Values.Any(a => a.Members == n.Value.Members)).ToList();
            Assert.NotEmpty(unchanged);
            Assert.All(unchanged, n => Assert.Equal((n.Value.Members, NetworkChange.Unchanged), networksAfter[n.Key]));
            await LinkedBundle.AssertConsistentAsync(t.Target, "incremental after decisions");

            await using var context = ReassessDatabase.CreateContext(t.Target);
            var entry = await context.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).LastAsync();
            Assert.Equal(("link", AuditCategory.Combination, summary.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.Operation, entry.Category, entry.SubjectIds));
            Assert.Contains("incremental", entry.Justification, StringComparison.Ordinal);
            var run = await context.Set<LinkageRun>().SingleAsync(r => r.Id == summary.RunId);
            Assert.Equal((LinkageMode.Incremental, LinkageStage.Networks), (run.Mode, run.CompletedStage));
            Assert.NotNull(run.CompletedAt);
            Assert.True((await audit.VerifyAsync()).Intact);
        }
        finally
        {
            Directory.Delete(keyDir, recursive: true);
        }
    }

    private static async Task<List<(string Force, string Ref)>> NewNominalsAsync(DatabaseTarget target, bool anySex = false)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var high = await db.People.MaxAsync(p => p.FirstBatchId);
        var rows = await db.People.AsNoTracking().Where(p => p.FirstBatchId == high && (anySex || p.DateOfBirth != null)).OrderBy(p => p.Id).Select(p => new { p.Force, p.PersonRef, p.Sex }).ToListAsync();
        if (anySex) return [.. rows.Select(r => (r.Force, r.PersonRef))];
        // Two of one sex, so the confirmation is not refused as a contradiction.
        var sex = rows.GroupBy(r => r.Sex).OrderByDescending(g => g.Count()).First().Key;
        return [.. rows.Where(r => r.Sex == sex).Select(r => (r.Force, r.PersonRef))];
    }
}
