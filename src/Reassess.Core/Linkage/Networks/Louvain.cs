namespace Reassess.Linkage.Networks;

/// <summary>One undirected weighted edge between nodes <see cref="From"/> and <see cref="To"/> (0-based).</summary>
public readonly record struct WeightedEdge(int From, int To, double Weight);

/// <summary>
/// Community detection by modularity optimisation (Blondel et al. 2008, "Fast unfolding of communities in large
/// networks"): local moving of nodes between communities, then aggregation of each community into one node, repeated
/// until nothing moves. Nodes are visited in an order shuffled by a seeded generator, so the same graph and seed always
/// give the same communities. As Louvain can leave a community internally disconnected (the flaw Leiden fixes), every
/// community is finally split into its connected components, so each returned community is connected.
/// </summary>
public static class Louvain
{
    /// <summary>Finds communities; returns each node's community, numbered 0.. in order of each community's lowest node.</summary>
    /// <param name="nodeCount">Number of nodes; nodes without edges end alone in their own community.</param>
    /// <param name="edges">Undirected edges; parallel edges add up, self-loops are allowed, weights must be positive.</param>
    /// <param name="seed">Seed of the visiting order.</param>
    /// <param name="resolution">Modularity resolution γ: above 1 favours smaller communities.</param>
    public static int[] Communities(int nodeCount, IReadOnlyList<WeightedEdge> edges, int seed = 1, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        var random = new Random(seed);
        var membership = new int[nodeCount];
        for (var i = 0; i < nodeCount; i++) membership[i] = i;

        var graph = Graph.Build(nodeCount, edges);
        while (true)
        {
            var (community, moved) = MoveNodes(graph, random, resolution);
            if (!moved) break;
            var count = Renumber(community);
            for (var i = 0; i < nodeCount; i++) membership[i] = community[membership[i]];
            if (count == graph.NodeCount) break;
            graph = graph.Aggregate(community, count);
        }
        return SplitDisconnected(nodeCount, edges, membership);
    }

    /// <summary>Newman–Girvan modularity of a partition (with resolution γ), for tests and reports.</summary>
    public static double Modularity(int nodeCount, IReadOnlyList<WeightedEdge> edges, IReadOnlyList<int> community, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(community);
        double m2 = 0;
        var inside = new Dictionary<int, double>();
        var total = new Dictionary<int, double>();
        foreach (var e in edges)
        {
            m2 += 2 * e.Weight;
            total[community[e.From]] = total.GetValueOrDefault(community[e.From]) + e.Weight;
            total[community[e.To]] = total.GetValueOrDefault(community[e.To]) + e.Weight;
            if (community[e.From] == community[e.To]) inside[community[e.From]] = inside.GetValueOrDefault(community[e.From]) + 2 * e.Weight;
        }
        if (m2 == 0) return 0;
        var q = 0.0;
        foreach (var (c, tot) in total)
            q += inside.GetValueOrDefault(c) / m2 - resolution * (tot / m2) * (tot / m2);
        return q;
    }

    private static (int[] Community, bool Moved) MoveNodes(Graph g, Random random, double resolution)
    {
        var n = g.NodeCount;
        var community = new int[n];
        var total = new double[n];
        for (var i = 0; i < n; i++)
        {
            community[i] = i;
            total[i] = g.Degree[i];
        }
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        random.Shuffle(order);

        var weightTo = new double[n];
        var touched = new List<int>();
        var movedAny = false;
        // Passes over every node until a whole pass moves nothing (bounded, as each move strictly raises modularity).
        for (var pass = 0; pass < 1000; pass++)
        {
            var moves = 0;
            foreach (var i in order)
            {
                var ki = g.Degree[i];
                if (ki == 0) continue;
                var own = community[i];
                for (var a = g.Start[i]; a < g.Start[i + 1]; a++)
                {
                    var j = g.Neighbour[a];
                    if (j == i) continue;
                    var c = community[j];
                    if (weightTo[c] == 0) touched.Add(c);
                    weightTo[c] += g.Weight[a];
                }
                total[own] -= ki;
                var best = own;
                var bestGain = weightTo[own] - resolution * total[own] * ki / g.TotalDegree;
                foreach (var c in touched)
                {
                    var gain = weightTo[c] - resolution * total[c] * ki / g.TotalDegree;
                    // A move needs a strict gain: ties keep the node where it is, so passes end.
                    if (gain > bestGain + 1e-12)
                    {
                        best = c;
                        bestGain = gain;
                    }
                }
                total[best] += ki;
                community[i] = best;
                if (best != own) moves++;
                foreach (var c in touched) weightTo[c] = 0;
                weightTo[own] = 0;
                touched.Clear();
            }
            if (moves == 0) break;
            movedAny = true;
        }
        return (community, movedAny);
    }

    /// <summary>Renumbers community labels 0.. in order of first appearance; returns how many there are.</summary>
    private static int Renumber(int[] community)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < community.Length; i++)
        {
            if (!map.TryGetValue(community[i], out var label))
            {
                label = map.Count;
                map[community[i]] = label;
            }
            community[i] = label;
        }
        return map.Count;
    }

    private static int[] SplitDisconnected(int nodeCount, IReadOnlyList<WeightedEdge> edges, int[] membership)
    {
        var parent = new int[nodeCount];
        for (var i = 0; i < nodeCount; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var e in edges)
        {
            if (membership[e.From] != membership[e.To]) continue;
            var (a, b) = (Find(e.From), Find(e.To));
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        var result = new int[nodeCount];
        var label = new Dictionary<int, int>();
        for (var i = 0; i < nodeCount; i++)
        {
            var root = Find(i);
            if (!label.TryGetValue(root, out var l))
            {
                l = label.Count;
                label[root] = l;
            }
            result[i] = l;
        }
        return result;
    }

    /// <summary>Compressed adjacency: each undirected edge appears in both nodes' lists, a self-loop once.</summary>
    private sealed class Graph
    {
        public required int NodeCount { get; init; }
        public required int[] Start { get; init; }
        public required int[] Neighbour { get; init; }
        public required double[] Weight { get; init; }
        /// <summary>Weighted degree; a self-loop counts twice.</summary>
        public required double[] Degree { get; init; }
        public required double TotalDegree { get; init; }

        public static Graph Build(int n, IReadOnlyList<WeightedEdge> edges)
        {
            var merged = new Dictionary<(int, int), double>();
            foreach (var e in edges)
            {
                if ((uint)e.From >= (uint)n || (uint)e.To >= (uint)n) throw new ArgumentOutOfRangeException(nameof(edges), $"Edge {e.From}-{e.To} names a node outside 0..{n - 1}.");
                if (!(e.Weight > 0)) throw new ArgumentOutOfRangeException(nameof(edges), $"Edge {e.From}-{e.To} has weight {e.Weight}; weights must be positive.");
                var key = e.From <= e.To ? (e.From, e.To) : (e.To, e.From);
                merged[key] = merged.GetValueOrDefault(key) + e.Weight;
            }
            return FromMerged(n, merged);
        }

        private static Graph FromMerged(int n, Dictionary<(int, int), double> merged)
        {
            var count = new int[n + 1];
            foreach (var ((a, b), _) in merged)
            {
                count[a]++;
                if (a != b) count[b]++;
            }
            var start = new int[n + 1];
            for (var i = 0; i < n; i++) start[i + 1] = start[i] + count[i];
            var fill = (int[])start.Clone();
            var neighbour = new int[start[n]];
            var weight = new double[start[n]];
            var degree = new double[n];
            double totalDegree = 0;
            foreach (var ((a, b), w) in merged)
            {
                neighbour[fill[a]] = b;
                weight[fill[a]++] = w;
                if (a != b)
                {
                    neighbour[fill[b]] = a;
                    weight[fill[b]++] = w;
                }
                degree[a] += w;
                degree[b] += w;
                totalDegree += 2 * w;
            }
            return new Graph { NodeCount = n, Start = start, Neighbour = neighbour, Weight = weight, Degree = degree, TotalDegree = totalDegree };
        }

        public Graph Aggregate(int[] community, int count)
        {
            var merged = new Dictionary<(int, int), double>();
            for (var i = 0; i < NodeCount; i++)
            {
                for (var a = Start[i]; a < Start[i + 1]; a++)
                {
                    var j = Neighbour[a];
                    if (j < i) continue; // each undirected edge once (self-loops have j == i)
                    var (ci, cj) = (community[i], community[j]);
                    var key = ci <= cj ? (ci, cj) : (cj, ci);
                    merged[key] = merged.GetValueOrDefault(key) + Weight[a];
                }
            }
            return FromMerged(count, merged);
        }
    }
}
