namespace Reassess.Linkage.Matching;

/// <summary>
/// Clusters records into people: connected components of the pairs at or above the match probability, strongest
/// first, with deterministic links and reviewer decisions applied. A "same person" decision always joins; a "not the
/// same person" decision keeps the two records apart, refusing any model link that would join them.
/// </summary>
internal static class Clustering
{
    public static int[] Cluster(int n, List<ScoredPair> scored, double matchProbability, BlockedPairs blocked, IReadOnlyCollection<PairDecision>? decisions)
    {
        var sets = new DisjointSets(n);
        var apart = new Dictionary<int, HashSet<int>>(); // root → records that must stay out of its cluster
        var rejected = new HashSet<(int, int)>();
        if (decisions is not null)
        {
            foreach (var d in decisions)
            {
                if ((uint)d.Left >= (uint)n || (uint)d.Right >= (uint)n)
                    throw new ArgumentOutOfRangeException(nameof(decisions), $"Decision on pair ({d.Left}, {d.Right}) refers to a record outside 0..{n - 1}.");
                if (d.Left == d.Right) continue;
                if (d.SamePerson) Join(sets, apart, d.Left, d.Right, force: true);
                else rejected.Add(Ordered(d.Left, d.Right));
            }
            foreach (var (a, b) in rejected)
            {
                // A pair both confirmed (through others) and rejected: confirmations win, they were explicit joins.
                if (sets.Find(a) == sets.Find(b)) continue;
                Apart(apart, sets.Find(a), b);
                Apart(apart, sets.Find(b), a);
            }
        }

        for (var r = 0; r < blocked.Rules.Count; r++)
        {
            if (!blocked.Rules[r].Deterministic || blocked.Keys[r] is null) continue;
            var order = blocked.Order[r];
            foreach (var block in blocked.Blocks)
            {
                if (block.Rule != r) continue;
                for (var i = block.Start + 1; i < block.Start + block.Length; i++) Join(sets, apart, order[block.Start], order[i], force: false);
            }
        }
        foreach (var group in blocked.DeterministicGroups)
            for (var i = 1; i < group.Length; i++) Join(sets, apart, group[0], group[i], force: false);

        var links = new List<ScoredPair>();
        foreach (var p in scored)
            if (p.Probability >= matchProbability && !rejected.Contains((p.Left, p.Right))) links.Add(p);
        links.Sort(static (x, y) =>
        {
            var c = y.Weight.CompareTo(x.Weight);
            if (c != 0) return c;
            return x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right);
        });
        foreach (var p in links) Join(sets, apart, p.Left, p.Right, force: false);

        var clusterOf = new int[n];
        var numberOf = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var root = sets.Find(i);
            if (!numberOf.TryGetValue(root, out var c)) numberOf[root] = c = numberOf.Count;
            clusterOf[i] = c;
        }
        return clusterOf;
    }

    private static (int, int) Ordered(int a, int b) => a < b ? (a, b) : (b, a);

    private static void Apart(Dictionary<int, HashSet<int>> apart, int root, int record)
    {
        if (!apart.TryGetValue(root, out var set)) apart[root] = set = [];
        set.Add(record);
    }

    private static void Join(DisjointSets sets, Dictionary<int, HashSet<int>> apart, int a, int b, bool force)
    {
        var ra = sets.Find(a);
        var rb = sets.Find(b);
        if (ra == rb) return;
        apart.TryGetValue(ra, out var apartA);
        apart.TryGetValue(rb, out var apartB);
        if (!force && (Conflicts(sets, apartA, rb) || Conflicts(sets, apartB, ra))) return;
        var root = sets.Union(ra, rb);
        if (apartA is null && apartB is null) return;
        var merged = new HashSet<int>();
        if (apartA is not null) merged.UnionWith(apartA);
        if (apartB is not null) merged.UnionWith(apartB);
        apart.Remove(ra);
        apart.Remove(rb);
        apart[root] = merged;
    }

    private static bool Conflicts(DisjointSets sets, HashSet<int>? apart, int otherRoot)
    {
        if (apart is null) return false;
        foreach (var r in apart)
            if (sets.Find(r) == otherRoot) return true;
        return false;
    }
}

/// <summary>Union–find with path halving and union by size.</summary>
internal sealed class DisjointSets
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public DisjointSets(int n)
    {
        _parent = new int[n];
        _size = new int[n];
        for (var i = 0; i < n; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    public int Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return a;
        if (_size[a] < _size[b]) (a, b) = (b, a);
        _parent[b] = a;
        _size[a] += _size[b];
        return a;
    }

    public int SizeOf(int x) => _size[Find(x)];
}
