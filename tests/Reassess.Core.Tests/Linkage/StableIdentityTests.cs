using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Linkage;

/// <summary>Network labels and resolved person ids carry on across runs of <c>reassess link</c> (issue 23 item 4).</summary>
public class StableIdentityTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));

    private static LinkageService Service() =>
        new(new FixedMatcher(("GMP:P90", "MPS:P5", 0.97), ("GMP:P91", "MPS:P5", 0.7)), LinkageWorld.ChildSexualOffenceRule, Clock);

    private static async Task<Dictionary<string, long>> ResolvedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var rows = await (from r in db.Set<ResolvedPerson>() join p in db.People on r.PersonId equals p.Id select new { p.Force, p.PersonRef, r.ResolvedId }).ToListAsync();
        return rows.ToDictionary(r => r.Force + ":" + r.PersonRef, r => r.ResolvedId);
    }

    /// <summary>Each network: label → (its nominals as FORCE:REF sorted, the stored change).</summary>
    private static async Task<Dictionary<string, (string Members, OffenderNetwork Network)>> NetworksAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var networks = await db.Set<OffenderNetwork>().AsNoTracking().ToListAsync();
        var members = await db.Set<NetworkMember>().AsNoTracking().ToListAsync();
        return networks.ToDictionary(n => n.Label, n => (string.Join(",", members.Where(m => m.NetworkId == n.Id).Select(m => m.Force + ":" + m.PersonRef).Order(StringComparer.Ordinal)), n));
    }

    private static async Task AddAsync(DatabaseTarget target, Action<ReassessDbContext, Func<long>> add)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var next = Math.Max(await db.People.MaxAsync(p => p.Id), Math.Max(await db.Investigations.MaxAsync(i => i.Id), await db.Involvements.MaxAsync(i => i.Id))) + 100;
        add(db, () => next++);
        await db.SaveChangesAsync();
    }

    private static Person NewPerson(long id, string force, string personRef, string forenames, string surname, string dob) => new()
    {
        Id = id,
        Force = force,
        PersonRef = personRef,
        Forenames = forenames,
        Surname = surname,
        Sex = Sex.M,
        DateOfBirth = DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture),
        FirstBatchId = 2,
        LastBatchId = 2,
    };

    private static Investigation NewInvestigation(long id, string force, string invRef, string codes) => new()
    {
        Id = id,
        Force = force,
        InvestigationRef = invRef,
        OffenceCodes = codes,
        RecordedDate = new DateOnly(2016, 3, 1),
        OffenceFrom = new DateOnly(2016, 2, 1),
        OutcomeCode = "15",
        OutcomeDate = new DateOnly(2016, 9, 1),
        FirstBatchId = 2,
        LastBatchId = 2,
    };

    private static Involvement Involve(long id, Investigation i, Person p, InvolvementRole role) => new()
    {
        Id = id,
        Force = i.Force,
        InvestigationId = i.Id,
        PersonId = p.Id,
        InvestigationRef = i.InvestigationRef,
        PersonRef = p.PersonRef,
        Role = role,
        FirstBatchId = 2,
        LastBatchId = 2,
    };

    [Fact]
    [Trait("Category", "Database")]
    public async Task Re_running_link_on_the_same_data_keeps_every_id_and_says_nothing_changed()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        var (people, networks) = (await ResolvedAsync(t.Target), await NetworksAsync(t.Target));
        Assert.NotEmpty(networks);
        Assert.All(networks.Values, n => Assert.Equal(NetworkChange.New, n.Network.Change));
        Assert.All(networks.Values, n => Assert.Equal("new", n.Network.DescribeChange()));

        for (var run = 0; run < 2; run++)
        {
            await Service().RunAsync(t.Target, new LinkOptions(Restart: true), null, default);
            Assert.Equal(people, await ResolvedAsync(t.Target));
            var again = await NetworksAsync(t.Target);
            Assert.Equal(networks.ToDictionary(n => n.Key, n => n.Value.Members), again.ToDictionary(n => n.Key, n => n.Value.Members));
            Assert.All(again.Values, n => Assert.Equal((NetworkChange.Unchanged, 0, 0, ""), (n.Network.Change, n.Network.MembersAdded, n.Network.MembersRemoved, n.Network.MergedFrom)));
        }
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task Adding_an_investigation_keeps_unrelated_ids_and_describes_the_network_it_joins()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        var (people, networks) = (await ResolvedAsync(t.Target), await NetworksAsync(t.Target));
        var group = Assert.Single(networks, n => n.Value.Members.Contains("GMP:P80", StringComparison.Ordinal));

        // A new investigation, unrelated to anyone stored: two new co-suspects, a network of their own.
        // And a new co-suspect of GMP:P82 in a second new investigation: the group gains one member.
        await AddAsync(t.Target, (db, id) =>
        {
            var inv = NewInvestigation(id(), "WYP", "INV-50", "21");
            var (a, b) = (NewPerson(id(), "WYP", "P500", "Olly", "Crane", "1970-01-01"), NewPerson(id(), "WYP", "P501", "Rex", "Dunn", "1972-02-02"));
            var inv2 = NewInvestigation(id(), "GMP", "INV-60", "19D");
            var c = NewPerson(id(), "GMP", "P600", "Ned", "Frost", "1981-08-08");
            var p82 = db.People.Single(p => p.Force == "GMP" && p.PersonRef == "P82");
            db.AddRange(inv, a, b, inv2, c);
            db.AddRange(Involve(id(), inv, a, InvolvementRole.Suspect), Involve(id(), inv, b, InvolvementRole.Suspect),
                Involve(id(), inv2, c, InvolvementRole.Suspect), Involve(id(), inv2, p82, InvolvementRole.Suspect));
        });
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);

        var after = await ResolvedAsync(t.Target);
        Assert.All(people, p => Assert.Equal(p.Value, after[p.Key]));
        var again = await NetworksAsync(t.Target);
        Assert.Equal(string.Join(",", group.Value.Members.Split(',').Append("GMP:P600").Order(StringComparer.Ordinal)), again[group.Key].Members);
        Assert.Equal((NetworkChange.Changed, 1, 0), (again[group.Key].Network.Change, again[group.Key].Network.MembersAdded, again[group.Key].Network.MembersRemoved));
        Assert.Equal("changed: 1 member added", again[group.Key].Network.DescribeChange());
        foreach (var (label, (members, _)) in networks.Where(n => n.Key != group.Key)) Assert.Equal(members, again[label].Members);
        var fresh = Assert.Single(again, n => n.Value.Members == "WYP:P500,WYP:P501");
        Assert.Equal(NetworkChange.New, fresh.Value.Network.Change);
        Assert.Equal(NetworkLineage.Label(networks.Keys.Max(NetworkLineage.Number) + 1), fresh.Key);
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task A_retired_network_label_is_never_reused()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        var first = await NetworksAsync(t.Target);
        var highest = first.Keys.Max(NetworkLineage.Number);

        // The co-offending that made the networks is withdrawn: no network is left, their labels retire.
        List<Involvement> withdrawn;
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            withdrawn = await db.Involvements.AsNoTracking().Where(i => i.Role == InvolvementRole.Suspect && i.Force == "GMP").ToListAsync();
            db.Involvements.RemoveRange(await db.Involvements.Where(i => i.Role == InvolvementRole.Suspect && i.Force == "GMP").ToListAsync());
            await db.SaveChangesAsync();
        }
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.Empty(await NetworksAsync(t.Target));

        // It comes back: the same people, but a label never issued before (citations of the old one stay unambiguous).
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            db.Involvements.AddRange(withdrawn);
            await db.SaveChangesAsync();
        }
        await Service().RunAsync(t.Target, new LinkOptions(), null, default);
        var back = await NetworksAsync(t.Target);
        Assert.Equal(first.Count, back.Count);
        Assert.All(back.Keys, label => Assert.True(NetworkLineage.Number(label) > highest, $"{label} reuses a retired label (highest issued NET-{highest:D6})"));
        Assert.Equal(first.Values.Select(v => v.Members).Order(StringComparer.Ordinal), back.Values.Select(v => v.Members).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_merge_keeps_the_larger_networks_label_and_names_the_one_merged_into_it()
    {
        var previous = new[] { new PreviousNetwork("NET-000001", [1, 2, 3, 4, 5, 6]), new PreviousNetwork("NET-000002", [7, 8, 9]) };
        var labels = NetworkLineage.Assign([[1, 2, 3, 4, 5, 6, 7, 8, 9]], previous, 2, out var highest);

        var merged = Assert.Single(labels);
        Assert.Equal(new NetworkLabel("NET-000001", NetworkChange.Changed, 3, 0, "NET-000002", "", ""), merged);
        Assert.Equal("changed: 3 members added; merged from NET-000002", NetworkLineage.Describe(merged.Change, merged.MembersAdded, merged.MembersRemoved,
            merged.MergedFrom, merged.SplitFrom, merged.SplitInto));
        Assert.Equal(2, highest);
    }

    [Fact]
    public void A_split_keeps_the_label_on_the_larger_part_and_the_other_part_gets_a_new_one()
    {
        var previous = new[] { new PreviousNetwork("NET-000004", [1, 2, 3, 4, 5, 6, 7]) };
        // This run's order puts the smaller part first: the label still goes to the larger.
        var labels = NetworkLineage.Assign([[6, 7, 8], [1, 2, 3, 4, 5]], previous, 9, out var highest);

        Assert.Equal(new NetworkLabel("NET-000010", NetworkChange.New, 3, 0, "", "NET-000004", ""), labels[0]);
        Assert.Equal(new NetworkLabel("NET-000004", NetworkChange.Changed, 0, 2, "", "", "NET-000010"), labels[1]);
        Assert.Equal("changed: 2 removed; split into NET-000010", NetworkLineage.Describe(NetworkChange.Changed, 0, 2, "", "", "NET-000010"));
        Assert.Equal("new; split from NET-000004", NetworkLineage.Describe(NetworkChange.New, 3, 0, "", "NET-000004", ""));
        Assert.Equal(10, highest);
    }

    [Fact]
    public void A_network_sharing_less_than_half_with_any_previous_one_is_new_and_new_labels_follow_the_highest_ever_issued()
    {
        var previous = new[] { new PreviousNetwork("NET-000003", [1, 2, 3, 4]) };
        // {1, 2} and {3, 4}: each shares exactly half (Jaccard 0.5); the tie goes to the first. {1, 9, 10}: a third, never enough.
        var labels = NetworkLineage.Assign([[1, 2], [3, 4]], previous, 7, out _);
        Assert.Equal(["NET-000003", "NET-000008"], labels.Select(l => l.Label));
        var fresh = NetworkLineage.Assign([[1, 9, 10]], previous, 7, out var highest);
        Assert.Equal(("NET-000008", NetworkChange.New, "NET-000003"), (fresh[0].Label, fresh[0].Change, fresh[0].MergedFrom));
        Assert.Equal(8, highest);
        // The stored high-water mark is never below a label still in use.
        Assert.Equal("NET-000004", NetworkLineage.Assign([[50, 51]], previous, 0, out _)[0].Label);
    }

    private static List<NominalRow> People(params long[] ids) =>
        [.. ids.Select(id => new NominalRow(id, "MPS", $"P{id}", "Surname", null, null, null, null, null, null, null))];

    [Fact]
    public void A_person_keeps_its_id_when_a_nominal_with_a_lower_id_joins_it()
    {
        var people = People(3, 5, 7);
        // This run links 3 to 5 and 7 (lowest id 3); the previous run had 5 and 7 as one person, id 5.
        var ids = StablePersonIds.Assign(people, [3, 3, 3], new Dictionary<long, long> { [7] = 5 });
        Assert.Equal([5L, 5, 5], ids);
    }

    [Fact]
    public void Of_two_people_merged_the_larger_keeps_its_id()
    {
        var people = People(1, 2, 3, 4, 5);
        // Previously {1, 2} (id 1) and {3, 4, 5} (id 3); now one person.
        var ids = StablePersonIds.Assign(people, [1, 1, 1, 1, 1], new Dictionary<long, long> { [2] = 1, [4] = 3, [5] = 3 });
        Assert.All(ids, id => Assert.Equal(3, id));
    }

    [Fact]
    public void A_split_person_keeps_its_id_on_the_part_holding_that_nominal_and_no_two_people_share_an_id()
    {
        var people = People(1, 2, 3, 4);
        // Previously {1, 2, 3, 4} (id 1); now {1} alone and {2, 3, 4}.
        var ids = StablePersonIds.Assign(people, [1, 2, 2, 2], new Dictionary<long, long> { [2] = 1, [3] = 1, [4] = 1 });
        Assert.Equal([1L, 2, 2, 2], ids);
        // No previous run: the lowest id, as before.
        Assert.Equal([1L, 2, 2, 2], StablePersonIds.Assign(people, [1, 2, 2, 2], new Dictionary<long, long>()));
    }
}
