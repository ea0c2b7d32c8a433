namespace Reassess.Linkage.Matching;

/// <summary>
/// Consistency of each cluster after linking: connected components chain links, so two people joined through one
/// weak link (A–B strong, B–C just above the cut) become one cluster even when A and C contradict each other (different
/// dates of birth, different forenames). Every cluster of three records or more whose members are not all pairwise
/// above the cut is re-clustered from all its members' pairwise weights, correlation-clustering style: starting from
/// the records that must stay together (reviewers' confirmations, shared identifiers), the two groups whose summed
/// pairwise evidence is most in favour are merged, while that sum is positive. Each pair's evidence is its weight in
/// bits less the cut's (a pair exactly at the cut is neutral), its field evidence (the weight without the prior) bounded
/// to ±<see cref="MaxPairBits"/> so one pair cannot outvote many. A group is kept whole only when its members, taken together, are more likely one person than
/// not at the cut; a record linked by one pair and contradicted by the rest leaves. Reviewers' rejections are never
/// merged.
/// </summary>
internal static class ClusterConsistency
{
    /// <summary>Clusters larger than this are left as linked (their all-pairs comparison would cost too much); hub
    /// components are the network builder's concern.</summary>
    public const int MaxSize = 400;

    public const double MaxPairBits = 30;

    /// <summary>
    /// A cluster is re-clustered only when two of its members contradict each other: their pair is at least this
    /// many bits (1,000 to 1 against) below the cut. Weaker pairs inside a cluster are usually records with little in
    /// common but no contradiction (a name left blank, an old address), and the links through the others hold them.
    /// Measured on all eight sets (bench/linkage-accuracy.md): at 0 the noisiest public set (fake_1000) lost 0.06 F1, at
    /// 15 the historical-like sets kept most false links.
    /// </summary>
    public const double ContradictionBits = 10;

    /// <summary>The clusters, with each inconsistent one re-clustered (<paramref name="splits"/>: how many were split).
    /// <paramref name="records"/>, when the clusters are of a part of the records only (an incremental link's affected
    /// people): the record each index stands for, as the model knows it; null when indexes are the records.</summary>
    public static int[] Split(FellegiSunterModel model, int[] clusterOf, double matchProbability, BlockedPairs blocked, IReadOnlyCollection<PairDecision>? decisions, out int splits,
        IReadOnlyList<int>? records = null)
    {
        var n = clusterOf.Length;
        splits = 0;
        var members = new Dictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (!members.TryGetValue(clusterOf[i], out var list)) members[clusterOf[i]] = list = [];
            list.Add(i);
        }
        if (!members.Values.Any(m => m.Count >= 3)) return clusterOf;
        // The units no split may break: the clustering with no model link at all (confirmations and identifiers).
        var units = Clustering.Cluster(n, [], 1.0, blocked, decisions);
        var rejected = new HashSet<(int, int)>();
        if (decisions is not null)
            foreach (var d in decisions)
                if (!d.SamePerson) rejected.Add(d.Left < d.Right ? (d.Left, d.Right) : (d.Right, d.Left));
        var cutBits = Math.Log2(matchProbability / (1 - matchProbability));

        var result = (int[])clusterOf.Clone();
        var next = clusterOf.Length == 0 ? 0 : clusterOf.Max() + 1;
        foreach (var (_, list) in members.OrderBy(kv => kv.Key))
        {
            if (list.Count < 3 || list.Count > MaxSize) continue;
            var m = list.Count;
            var w = new double[m, m];
            var consistent = true;
            for (var i = 0; i < m; i++)
                for (var j = i + 1; j < m; j++)
                {
                    double bits;
                    if (rejected.Contains((list[i], list[j]))) bits = -1e6;
                    else
                    {
                        model.TryScore(records is null ? list[i] : records[list[i]], records is null ? list[j] : records[list[j]], double.NegativeInfinity, out var weight, out _);
                        if (weight < cutBits - ContradictionBits && units[list[i]] != units[list[j]]) consistent = false;
                        bits = Math.Clamp(weight - model.PriorWeight, -MaxPairBits, MaxPairBits);
                    }
                    w[i, j] = w[j, i] = bits;
                }
            if (consistent) continue;
            var groups = Regroup(list, w, units, model.PriorWeight - cutBits);
            if (groups.Count <= 1) continue;
            splits++;
            for (var g = 1; g < groups.Count; g++)
            {
                foreach (var i in groups[g]) result[list[i]] = next;
                next++;
            }
        }
        return splits == 0 ? clusterOf : Renumber(result);
    }

    /// <summary>Greedy agglomerative correlation clustering of one cluster's members (indexes into its list).</summary>
    private static List<List<int>> Regroup(List<int> list, double[,] w, int[] units, double bias)
    {
        var m = list.Count;
        var byUnit = new Dictionary<int, List<int>>();
        for (var i = 0; i < m; i++)
        {
            if (!byUnit.TryGetValue(units[list[i]], out var g)) byUnit[units[list[i]]] = g = [];
            g.Add(i);
        }
        var groups = byUnit.Values.ToList();
        var k = groups.Count;
        var cross = new double[k, k];
        for (var a = 0; a < k; a++)
            for (var b = a + 1; b < k; b++)
            {
                double s = 0;
                foreach (var i in groups[a])
                    foreach (var j in groups[b]) s += w[i, j];
                cross[a, b] = cross[b, a] = s;
            }
        var alive = Enumerable.Repeat(true, k).ToArray();
        while (true)
        {
            int bestA = -1, bestB = -1;
            var best = 0.0;
            for (var a = 0; a < k; a++)
            {
                if (!alive[a]) continue;
                for (var b = a + 1; b < k; b++)
                {
                    if (!alive[b]) continue;
                    var score = cross[a, b] + bias * groups[a].Count * groups[b].Count;
                    if (score > best)
                    {
                        best = score;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) break;
            groups[bestA].AddRange(groups[bestB]);
            alive[bestB] = false;
            for (var c = 0; c < k; c++)
            {
                if (!alive[c] || c == bestA) continue;
                cross[bestA, c] = cross[c, bestA] = cross[bestA, c] + cross[bestB, c];
            }
        }
        var kept = new List<List<int>>();
        for (var a = 0; a < k; a++)
            if (alive[a]) kept.Add(groups[a]);
        // The group holding the cluster's first record keeps the cluster's number.
        kept.Sort((x, y) => x.Min().CompareTo(y.Min()));
        return kept;
    }

    /// <summary>Clusters numbered 0, 1, … in order of each cluster's first record, as <see cref="Clustering"/> numbers them.</summary>
    private static int[] Renumber(int[] clusterOf)
    {
        var numberOf = new Dictionary<int, int>();
        var result = new int[clusterOf.Length];
        for (var i = 0; i < clusterOf.Length; i++)
        {
            if (!numberOf.TryGetValue(clusterOf[i], out var c)) numberOf[clusterOf[i]] = c = numberOf.Count;
            result[i] = c;
        }
        return result;
    }
}
