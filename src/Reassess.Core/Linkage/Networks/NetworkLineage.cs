using System.Globalization;

namespace Reassess.Linkage.Networks;

/// <summary>A network of the previous run: its label and its nominals (<c>people.id</c>).</summary>
public sealed record PreviousNetwork(string Label, IReadOnlyCollection<long> Members);

/// <summary>What <see cref="NetworkLineage.Assign"/> decided for one network of this run.</summary>
public sealed record NetworkLabel(string Label, NetworkChange Change, int MembersAdded, int MembersRemoved, string MergedFrom, string SplitFrom, string SplitInto);

/// <summary>
/// Keeps network labels (<c>NET-…</c>) across runs of <c>reassess link</c>, so reviews, referrals and reports that cite
/// one stay valid, and says what changed. Each network of this run is matched with the previous run's network it
/// shares the most nominals with; it carries on that network's label when the two share a majority of both (Jaccard
/// |A ∩ B| / |A ∪ B| ≥ 0.5). Pairs are settled best first (higher Jaccard, then more shared nominals, then the larger
/// previous network, then the lower previous number, then this run's order), each label to one network at most; so a
/// split keeps the label on its larger part and a merge keeps the larger previous network's label. Every other network
/// takes the next number above the highest ever issued: a retired label is never reused.
/// </summary>
public static class NetworkLineage
{
    /// <summary>The least Jaccard overlap for a network to carry on a previous network's label.</summary>
    public const double MinOverlap = 0.5;

    /// <summary>Labels and changes for this run's networks, in their order.</summary>
    /// <param name="current">Each network's nominals (<c>people.id</c>), in this run's order.</param>
    /// <param name="previous">The previous run's networks.</param>
    /// <param name="highestIssued">The highest network number issued so far (0 before the first run).</param>
    /// <param name="highest">The highest number issued once this run's new networks are numbered.</param>
    public static IReadOnlyList<NetworkLabel> Assign(IReadOnlyList<IReadOnlyCollection<long>> current, IReadOnlyList<PreviousNetwork> previous, long highestIssued,
        out long highest)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var previousOf = new Dictionary<long, int>();
        for (var p = 0; p < previous.Count; p++)
            foreach (var m in previous[p].Members) previousOf[m] = p;
        highest = Math.Max(highestIssued, previous.Select(p => Number(p.Label)).DefaultIfEmpty(0).Max());

        // Shared nominals of each (current, previous) pair that share any.
        var overlap = new Dictionary<(int Current, int Previous), int>();
        for (var c = 0; c < current.Count; c++)
            foreach (var m in current[c])
                if (previousOf.TryGetValue(m, out var p)) overlap[(c, p)] = overlap.GetValueOrDefault((c, p)) + 1;

        double Jaccard(int c, int p, int shared) => shared / (double)(current[c].Count + previous[p].Members.Count - shared);
        var heirOf = new int[previous.Count];
        Array.Fill(heirOf, -1);
        var predecessor = new int[current.Count];
        Array.Fill(predecessor, -1);
        foreach (var ((c, p), shared) in overlap
            .Where(o => Jaccard(o.Key.Current, o.Key.Previous, o.Value) >= MinOverlap)
            .OrderByDescending(o => Jaccard(o.Key.Current, o.Key.Previous, o.Value))
            .ThenByDescending(o => o.Value)
            .ThenByDescending(o => previous[o.Key.Previous].Members.Count)
            .ThenBy(o => Number(previous[o.Key.Previous].Label))
            .ThenBy(o => o.Key.Current))
        {
            if (predecessor[c] >= 0 || heirOf[p] >= 0) continue;
            predecessor[c] = p;
            heirOf[p] = c;
        }

        // Where the members of a retired network mostly went (the network holding most of them, then the first).
        var mostOf = new Dictionary<int, (int Current, int Shared)>();
        foreach (var ((c, p), shared) in overlap.OrderBy(o => o.Key.Current))
            if (heirOf[p] < 0 && (!mostOf.TryGetValue(p, out var m) || shared > m.Shared)) mostOf[p] = (c, shared);

        var labels = new string[current.Count];
        for (var c = 0; c < current.Count; c++)
            labels[c] = predecessor[c] >= 0 ? previous[predecessor[c]].Label : Label(++highest);
        var sharers = overlap.Keys.ToLookup(k => k.Previous, k => k.Current);
        var sources = overlap.Keys.ToLookup(k => k.Current, k => k.Previous);
        var result = new List<NetworkLabel>(current.Count);
        for (var c = 0; c < current.Count; c++)
        {
            var own = predecessor[c];
            var others = sources[c].Where(p => p != own).ToList();
            var merged = Join(others.Where(p => heirOf[p] < 0 && mostOf[p].Current == c).Select(p => previous[p].Label));
            var splitFrom = Join(others.Where(p => heirOf[p] >= 0 || mostOf[p].Current != c).Select(p => previous[p].Label));
            if (own < 0)
            {
                result.Add(new NetworkLabel(labels[c], NetworkChange.New, current[c].Count, 0, merged, splitFrom, ""));
                continue;
            }
            var shared = overlap[(c, own)];
            var (added, removed) = (current[c].Count - shared, previous[own].Members.Count - shared);
            var splitInto = Join(sharers[own].Where(k => k != c).Select(k => labels[k]));
            result.Add(new NetworkLabel(labels[c], added == 0 && removed == 0 && merged.Length == 0 && splitFrom.Length == 0 ? NetworkChange.Unchanged : NetworkChange.Changed,
                added, removed, merged, splitFrom, splitInto));
        }
        return result;
    }

    /// <summary><c>NET-000042</c>.</summary>
    public static string Label(long number) => string.Create(CultureInfo.InvariantCulture, $"NET-{number:D6}");

    /// <summary>The number of a label (<c>NET-000042</c> → 42); 0 for anything else.</summary>
    public static long Number(string label) =>
        label is not null && label.StartsWith("NET-", StringComparison.Ordinal)
            && long.TryParse(label.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Sorts labels by number (then text), the order networks are listed in.</summary>
    public static int CompareLabels(string? a, string? b)
    {
        var c = Number(a ?? "").CompareTo(Number(b ?? ""));
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }

    /// <summary>The change in words, for <c>reassess networks</c> and the case page.</summary>
    public static string Describe(NetworkChange change, int added, int removed, string? mergedFrom, string? splitFrom, string? splitInto)
    {
        var parts = new List<string>();
        if (change == NetworkChange.New) parts.Add("new");
        else if (change == NetworkChange.Unchanged) parts.Add("unchanged");
        else
        {
            var counts = new List<string>();
            if (added > 0) counts.Add(string.Create(CultureInfo.InvariantCulture, $"{added} {(added == 1 ? "member" : "members")} added"));
            if (removed > 0) counts.Add(string.Create(CultureInfo.InvariantCulture, $"{removed} removed"));
            parts.Add(counts.Count > 0 ? "changed: " + string.Join(", ", counts) : "changed");
        }
        if (!string.IsNullOrEmpty(mergedFrom)) parts.Add("merged from " + mergedFrom.Replace(";", ", ", StringComparison.Ordinal));
        if (!string.IsNullOrEmpty(splitFrom)) parts.Add("split from " + splitFrom.Replace(";", ", ", StringComparison.Ordinal));
        if (!string.IsNullOrEmpty(splitInto)) parts.Add("split into " + splitInto.Replace(";", ", ", StringComparison.Ordinal));
        return string.Join("; ", parts);
    }

    private static string Join(IEnumerable<string> labels) => string.Join(';', labels.Distinct().Order(Comparer<string>.Create(CompareLabels)));
}
