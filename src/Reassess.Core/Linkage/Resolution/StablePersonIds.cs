namespace Reassess.Linkage.Resolution;

/// <summary>
/// Keeps resolved person ids across runs of <c>reassess link</c>. A resolved id is always the <c>people.id</c> of one of
/// the person's own nominals (screening and the case page read an unlinked nominal as a person of its own, under its own
/// id), so an id can only carry on in the cluster that still holds its nominal. Each new cluster takes, among the
/// previous ids of its members whose nominal it holds, the one it shares the most members with (then the larger
/// previous person, then the lower id); a cluster with none takes its lowest nominal id, as the first run does.
/// </summary>
/// <remarks>
/// So re-running on the same data keeps every id; a person who gains or loses nominals keeps its id while the nominal
/// carrying it stays; of two people merged, the larger one's id carries on; a split keeps the id on the part holding
/// its nominal (an id cannot move to a cluster that does not hold its nominal), and the other part takes its own lowest
/// nominal id, which no other person can hold.
/// </remarks>
public static class StablePersonIds
{
    /// <summary>Each nominal's resolved id, stable against <paramref name="previous"/>.</summary>
    /// <param name="people">The nominals.</param>
    /// <param name="resolved">This run's clusters: each nominal's lowest-id resolved id (<see cref="PersonClusters.Resolve"/>).</param>
    /// <param name="previous">The previous run's resolved id of each nominal linked to another (<c>people.id</c> → resolved id);
    /// a nominal absent from it was a person of its own (empty before the first run).</param>
    public static long[] Assign(IReadOnlyList<NominalRow> people, long[] resolved, IReadOnlyDictionary<long, long> previous)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(previous);
        if (resolved.Length != people.Count) throw new ArgumentException($"{resolved.Length} resolved ids for {people.Count} nominals.", nameof(resolved));
        var result = (long[])resolved.Clone();
        if (previous.Count == 0) return result; // every nominal was its own person: the lowest id is the only one carried on

        // Size of each previous person linked to others (its own nominal counted too). Only clusters of two or more
        // nominals can choose (a nominal alone keeps its own id), so only their members are looked at: the national run
        // has millions of nominals, most of them alone.
        var previousSize = new Dictionary<long, int>();
        foreach (var r in previous.Values) previousSize[r] = previousSize.GetValueOrDefault(r, 1) + 1;
        var linked = new HashSet<long>();
        for (var i = 0; i < people.Count; i++)
            if (resolved[i] != people[i].Id) linked.Add(resolved[i]);
        var clusterOfId = new Dictionary<long, long>();
        for (var i = 0; i < people.Count; i++)
            if (linked.Contains(resolved[i])) clusterOfId[people[i].Id] = resolved[i];

        // Per cluster, the votes of its members for previous ids that are nominals of the same cluster.
        var votes = new Dictionary<(long Cluster, long Previous), int>();
        for (var i = 0; i < people.Count; i++)
        {
            if (!linked.Contains(resolved[i])) continue;
            var old = previous.TryGetValue(people[i].Id, out var was) ? was : people[i].Id;
            if (!clusterOfId.TryGetValue(old, out var cluster) || cluster != resolved[i]) continue;
            votes[(cluster, old)] = votes.GetValueOrDefault((cluster, old)) + 1;
        }
        var chosen = new Dictionary<long, (long Id, int Votes, int Size)>();
        foreach (var ((cluster, old), count) in votes)
        {
            var size = previousSize.GetValueOrDefault(old, 1);
            if (!chosen.TryGetValue(cluster, out var best) || count > best.Votes || (count == best.Votes && (size > best.Size || (size == best.Size && old < best.Id))))
                chosen[cluster] = (old, count, size);
        }
        for (var i = 0; i < result.Length; i++)
            if (chosen.TryGetValue(resolved[i], out var c)) result[i] = c.Id;
        return result;
    }
}
