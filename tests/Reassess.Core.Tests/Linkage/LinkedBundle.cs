using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Import;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Synthesis;

namespace Reassess.Tests.Linkage;

/// <summary>Imports a bundle and links it as <c>reassess link</c> does (the real model), then checks what any link must leave behind.</summary>
internal static class LinkedBundle
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    public static async Task<LinkageSummary> ImportAndLinkAsync(DatabaseTarget target, RoughBundle bundle, int shuffleSeed)
    {
        var dir = Directory.CreateTempSubdirectory("reassess-rough-").FullName;
        try
        {
            bundle.WriteTo(dir, shuffleSeed);
            var outcome = await new BundleImporter(Clock).ImportAsync(target, dir, new ImportOptions { ImportedBy = "tester" });
            Assert.True(outcome.Succeeded, $"{bundle.Shape}: the bundle should import: " + string.Join("; ", outcome.Errors.Take(5)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var service = new LinkageService(new EngineMatcher(seed: 1), LinkageWorld.ChildSexualOffenceRule, Clock);
        return await service.RunAsync(target, new LinkOptions(), null, default);
    }

    /// <summary>
    /// Each nominal in exactly one resolved person; each investigation at most once in missed_group_links, and then in a
    /// network holding one of its suspects; each nominal in at most one network, whole resolved people only, with the
    /// network's counts and links agreeing with its members.
    /// </summary>
    public static async Task AssertConsistentAsync(DatabaseTarget target, string because)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var people = await db.People.Select(p => p.Id).ToListAsync();
        var resolved = await db.Set<ResolvedPerson>().ToDictionaryAsync(r => r.PersonId, r => r.ResolvedId);
        Assert.True(people.Count == resolved.Count && people.All(resolved.ContainsKey), $"{because}: every nominal resolves to one person");
        Assert.True(resolved.Values.All(people.Contains), $"{because}: a resolved id is one of its nominals");

        var networks = await db.Set<OffenderNetwork>().ToDictionaryAsync(n => n.Id);
        var members = await db.Set<NetworkMember>().ToListAsync();
        Assert.True(members.Select(m => m.PersonId).Distinct().Count() == members.Count, $"{because}: a nominal is in at most one network");
        var networkOfResolved = new Dictionary<long, long>();
        foreach (var m in members)
        {
            Assert.True(networks.ContainsKey(m.NetworkId), $"{because}: member of a stored network");
            Assert.True(resolved[m.PersonId] == m.ResolvedId, $"{because}: a member's resolved id is its nominal's");
            Assert.True(networkOfResolved.TryAdd(m.ResolvedId, m.NetworkId) || networkOfResolved[m.ResolvedId] == m.NetworkId,
                $"{because}: one resolved person, one network");
        }
        var nominalsOfResolved = resolved.GroupBy(r => r.Value).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, network) in networks)
        {
            var own = members.Where(m => m.NetworkId == id).ToList();
            Assert.True(own.Count == network.Nominals, $"{because}: {network.Label} counts its nominals");
            Assert.True(own.Select(m => m.ResolvedId).Distinct().Count() == network.People, $"{because}: {network.Label} counts its people");
            Assert.True(own.Where(m => m.Role == "suspect").Select(m => m.ResolvedId).Distinct().Count() == network.Suspects, $"{because}: {network.Label} counts its suspects");
            Assert.True(network.Suspects >= 2, $"{because}: {network.Label} has two or more suspects");
            Assert.True(own.GroupBy(m => m.ResolvedId).All(g => g.Count() == nominalsOfResolved[g.Key]), $"{because}: {network.Label} holds whole people");
        }
        foreach (var link in await db.Set<NetworkLink>().ToListAsync())
        {
            Assert.True(networkOfResolved.GetValueOrDefault(link.FromResolvedId) == link.NetworkId && networkOfResolved.GetValueOrDefault(link.ToResolvedId) == link.NetworkId,
                $"{because}: a network's link joins two of its people");
        }

        var missed = await db.Set<MissedGroupLink>().ToListAsync();
        Assert.True(missed.Select(m => m.InvestigationId).Distinct().Count() == missed.Count, $"{because}: each investigation at most once in missed_group_links");
        var suspectsOf = (await db.Involvements.Where(i => i.Role == InvolvementRole.Suspect).Select(i => new { i.InvestigationId, i.PersonId }).ToListAsync())
            .ToLookup(i => i.InvestigationId, i => i.PersonId);
        foreach (var m in missed)
        {
            Assert.True(networks.ContainsKey(m.NetworkId), $"{because}: a missed group names a stored network");
            Assert.True(suspectsOf[m.InvestigationId].Any(p => networkOfResolved.GetValueOrDefault(resolved[p]) == m.NetworkId),
                $"{because}: a missed group's network holds one of the investigation's suspects");
            Assert.False(string.IsNullOrWhiteSpace(m.Evidence), $"{because}: a missed group is explained");
        }
    }
}
