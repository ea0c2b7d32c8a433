using System.Collections.Concurrent;

namespace Reassess.Linkage.Matching;

/// <summary>
/// Scores new and changed records with a model fitted by an earlier full run (<see cref="FittedModel"/>) instead of
/// fitting one: the same features (computed over every record, so names' frequencies are today's), the same blocking
/// rules and the same weights, but only the blocks that hold a changed record are built, and only the pairs with a
/// changed record in them are compared. Then re-clusters the affected people alone, as the full run clusters everyone
/// (<see cref="Clustering"/>, then <see cref="ClusterConsistency"/>).
/// </summary>
internal sealed class IncrementalScorer
{
    private readonly RecordFeatures _features;
    private readonly FellegiSunterModel _model;
    private readonly List<BlockingRule> _rules;
    private readonly LinkageOptions _options;
    private readonly FittedModel _fitted;

    private IncrementalScorer(RecordFeatures features, FellegiSunterModel model, LinkageOptions options, FittedModel fitted)
    {
        _features = features;
        _model = model;
        _options = options;
        _fitted = fitted;
        _rules = BlockingRule.Defaults(features, options.DeterministicIdentifier);
    }

    /// <summary>The scorer, or null with the reason the stored model cannot score these records.</summary>
    public static IncrementalScorer? Create(IReadOnlyList<PersonRecord> records, FittedModel fitted, LinkageOptions options, out string? refusal)
    {
        var features = new RecordFeatures(records);
        var model = new FellegiSunterModel(LinkageEngine.Comparisons(features));
        refusal = fitted.ApplyTo(model);
        return refusal is null ? new IncrementalScorer(features, model, options, fitted) : null;
    }

    /// <summary>Pairs are kept from this weight in bits up, as the full run keeps them (to choose its cut and weigh context).</summary>
    public double KeepBits
    {
        get
        {
            var keep = Math.Min(_options.ProposeProbability, _options.ChooseMatchProbability ? Threshold.ScoreFloor : _options.MatchProbability);
            return keep <= 0 ? double.NegativeInfinity : keep >= 1 ? double.PositiveInfinity : Math.Log2(keep / (1 - keep));
        }
    }

    /// <summary>
    /// Every pair sharing a blocking key with at least one changed record in it, each once (Left &lt; Right). A block
    /// is left out as the full run leaves it out: over <see cref="BlockedPairs.MaxBlockSize"/> records, or, for a rule
    /// that was over its budget, larger than the largest block the full run kept.
    /// </summary>
    public List<(int Left, int Right)> CandidatePairs(IReadOnlyList<int> changed, CancellationToken cancellationToken)
    {
        var n = _features.Count;
        var isChanged = new bool[n];
        foreach (var c in changed) isChanged[c] = true;
        var perRule = new List<long>[_rules.Count];
        Parallel.For(0, _rules.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Threads }, r =>
        {
            var rule = _rules[r];
            var found = new List<long>();
            perRule[r] = found;
            var wanted = new HashSet<ulong>();
            foreach (var c in changed)
                if (rule.KeyOf(c) is var k and not 0) wanted.Add(k);
            if (wanted.Count == 0) return;
            var blocks = new Dictionary<ulong, List<int>>();
            for (var i = 0; i < n; i++)
            {
                var k = rule.KeyOf(i);
                if (k == 0 || !wanted.Contains(k)) continue;
                if (!blocks.TryGetValue(k, out var list)) blocks[k] = list = [];
                list.Add(i);
            }
            _fitted.BlockCaps.TryGetValue(rule.Name, out var cap);
            foreach (var block in blocks.Values)
            {
                if (block.Count < 2) continue;
                if (block.Count > BlockedPairs.MaxBlockSize && !(rule.Required && !rule.Deterministic)) continue;
                if (!rule.Required && cap > 0 && block.Count > cap) continue;
                foreach (var x in block)
                {
                    if (!isChanged[x]) continue;
                    foreach (var y in block)
                    {
                        if (y == x || (isChanged[y] && y < x)) continue;
                        found.Add(x < y ? (long)x << 32 | (uint)y : (long)y << 32 | (uint)x);
                    }
                }
            }
        });
        var all = new List<long>();
        foreach (var list in perRule) all.AddRange(list);
        all.Sort();
        var pairs = new List<(int, int)>(all.Count);
        for (var i = 0; i < all.Count; i++)
            if (i == 0 || all[i] != all[i - 1]) pairs.Add(((int)(all[i] >> 32), (int)all[i]));
        return pairs;
    }

    private int Threads => _options.Threads > 0 ? _options.Threads : -1;

    /// <summary>The pairs whose weight reaches <paramref name="thresholdBits"/>, scored in parallel, ordered by (Left, Right).</summary>
    public List<ScoredPair> Score(IReadOnlyList<(int Left, int Right)> pairs, double thresholdBits, CancellationToken cancellationToken)
    {
        var result = new ConcurrentBag<ScoredPair>();
        var ranges = pairs.Count == 0 ? Partitioner.Create(Array.Empty<Tuple<int, int>>()) : Partitioner.Create(0, pairs.Count, Math.Max(1024, pairs.Count / 64));
        Parallel.ForEach(ranges, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Threads }, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
                if (TryScore(pairs[i].Left, pairs[i].Right, thresholdBits) is { } scored) result.Add(scored);
        });
        var list = result.ToList();
        list.Sort(static (x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        return list;
    }

    /// <summary>One pair, with each field's contribution, or null below <paramref name="thresholdBits"/>.</summary>
    public ScoredPair? TryScore(int left, int right, double thresholdBits)
    {
        if (!_model.TryScore(left, right, thresholdBits, out var weight, out var pattern)) return null;
        return new ScoredPair(left, right, weight, FellegiSunterModel.Probability(weight), new PairExplanation(_model, left, right, pattern));
    }

    /// <summary>
    /// Clusters the affected records (<paramref name="records"/>, each a record index; pairs and decisions given by
    /// position in that list) as the full run clusters all: the pairs at or above the cut strongest first, records
    /// sharing a deterministic identifier joined, reviewers' decisions applied, then clusters whose members contradict
    /// one another split. Returns each listed record's cluster.
    /// </summary>
    public int[] Recluster(IReadOnlyList<int> records, List<ScoredPair> pairs, double cut, IReadOnlyCollection<PairDecision> decisions, out int splits)
    {
        var m = records.Count;
        var keys = new ulong[]?[_rules.Count];
        var orders = new int[_rules.Count][];
        var blocks = new List<Block>();
        for (var r = 0; r < _rules.Count; r++)
        {
            orders[r] = [];
            if (!_rules[r].Deterministic) continue;
            var key = new ulong[m];
            var order = new List<int>();
            for (var i = 0; i < m; i++)
                if ((key[i] = _rules[r].KeyOf(records[i])) != 0) order.Add(i);
            order.Sort((a, b) => key[a] != key[b] ? key[a].CompareTo(key[b]) : a.CompareTo(b));
            for (var s = 0; s < order.Count;)
            {
                var e = s + 1;
                while (e < order.Count && key[order[e]] == key[order[s]]) e++;
                if (e - s >= 2) blocks.Add(new Block(r, s, e - s));
                s = e;
            }
            keys[r] = key;
            orders[r] = [.. order];
        }
        var blocked = new BlockedPairs { Rules = _rules, Keys = keys, Order = orders, Blocks = blocks, DeterministicGroups = [], Notes = [] };
        var clusters = Clustering.Cluster(m, pairs, cut, blocked, decisions);
        splits = 0;
        return _options.SplitContradictions ? ClusterConsistency.Split(_model, clusters, cut, blocked, decisions, out splits, records) : clusters;
    }
}
