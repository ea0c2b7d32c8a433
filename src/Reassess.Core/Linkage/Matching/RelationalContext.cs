namespace Reassess.Linkage.Matching;

/// <summary>
/// What each record is seen with, for relational (collective) evidence: the groups it was recorded in (for nominals,
/// investigations), the associates recorded in those groups (other resolved people: co-suspects, victims, witnesses)
/// and the links of those groups (identifiers seen in its investigations: a vehicle, a phone, an address). Two
/// similarly named records that share an associate or a linked identifier are far more often one person than two
/// namesakes picked at random, which is how an analyst reads them. Values are any integers the caller chooses (ids of
/// investigations, resolved people, interned identifiers); only equality matters.
/// </summary>
public sealed class RelationalContext
{
    private readonly Entries _groups = new(), _associates = new(), _links = new();
    private readonly Func<int, string>? _associateName;
    private readonly Func<int, string>? _linkName;

    /// <param name="records">How many records.</param>
    /// <param name="associateName">Words for an associate in explanations (e.g. a nominal's force and reference).</param>
    /// <param name="linkName">Words for a link in explanations (e.g. "vehicle AB12CDE").</param>
    public RelationalContext(int records, Func<int, string>? associateName = null, Func<int, string>? linkName = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        Count = records;
        _associateName = associateName;
        _linkName = linkName;
    }

    public int Count { get; }

    /// <summary>Records <paramref name="record"/> as recorded in <paramref name="group"/> (an investigation).</summary>
    public void AddGroup(int record, int group) => _groups.Add(Check(record), group);

    /// <summary>Records <paramref name="associate"/> (a resolved person) as seen with <paramref name="record"/>.</summary>
    public void AddAssociate(int record, int associate) => _associates.Add(Check(record), associate);

    /// <summary>Records <paramref name="link"/> (an identifier seen in one of its groups) with <paramref name="record"/>.</summary>
    public void AddLink(int record, int link) => _links.Add(Check(record), link);

    private int Check(int record) => (uint)record < (uint)Count ? record : throw new ArgumentOutOfRangeException(nameof(record));

    internal Sets Groups() => _groups.Build(Count);

    internal Sets Associates() => _associates.Build(Count);

    internal Sets Links() => _links.Build(Count);

    internal string AssociateName(int associate) => _associateName?.Invoke(associate) ?? "associate " + associate;

    internal string LinkName(int link) => _linkName?.Invoke(link) ?? "identifier " + link;

    /// <summary>(record, value) entries, two integers each, however many records there are; once built into
    /// <see cref="Sets"/>, only the sets are kept (the raw entries, as large again, are let go).</summary>
    private sealed class Entries
    {
        private long[] _items = new long[16];
        private int _count;
        private Sets? _built;

        public void Add(int record, int value)
        {
            if (_built is not null) throw new InvalidOperationException("Relational context is read already: add every entry before it is compared.");
            if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[_count++] = (long)record << 32 | (uint)value;
        }

        public Sets Build(int records)
        {
            if (_built is null)
            {
                _built = Compress(records);
                _items = [];
                _count = 0;
            }
            return _built;
        }

        /// <summary>Each record's distinct values, sorted (compressed rows: offsets and values).</summary>
        private Sets Compress(int records)
        {
            var items = _items.AsSpan(0, _count);
            items.Sort();
            var offsets = new int[records + 1];
            var distinct = 0;
            long previous = -1;
            foreach (var item in items)
            {
                if (item == previous) continue;
                previous = item;
                offsets[(int)(item >> 32) + 1]++;
                distinct++;
            }
            var values = new int[distinct];
            var v = 0;
            previous = -1;
            foreach (var item in items)
            {
                if (item == previous) continue;
                previous = item;
                values[v++] = (int)(uint)item;
            }
            for (var r = 0; r < records; r++) offsets[r + 1] += offsets[r];
            return new Sets(offsets, values);
        }
    }
}

/// <summary>Per record a sorted set of integers, in compressed rows.</summary>
internal sealed class Sets(int[] offsets, int[] values)
{
    public ReadOnlySpan<int> this[int record] => values.AsSpan(offsets[record], offsets[record + 1] - offsets[record]);

    public int Length(int record) => offsets[record + 1] - offsets[record];

    public int Records => offsets.Length - 1;
}

/// <summary>
/// The relational comparison: whether two records were recorded in the same group, share an associate, are seen in
/// groups that share an identifier, or share nothing; missing when either record has no associates and no links.
/// Its u-probabilities are counted exactly over all pairs (sharing is rare, far too rare for a random sample to see);
/// its m-probabilities come from the pairs the other fields already match with confidence (the conditional
/// independence Fellegi–Sunter assumes anyway), so relational evidence never trains itself.
/// </summary>
internal sealed class ContextComparison
{
    public const int Missing = 0, SameGroup = 1, SharedAssociate = 2, SharedLink = 3, Nothing = 4;

    public static readonly string[] Levels = ["missing", "recorded in the same investigation", "shares an associate", "investigations share an identifier", "nothing shared"];

    /// <summary>Associates or links held by more records than this are a hub (a switchboard, a fleet car), not evidence.</summary>
    public const int MaxHolders = 50;

    private readonly Sets _groups;
    private readonly Sets _associates;
    private readonly Sets _links;

    public ContextComparison(RelationalContext context)
    {
        Context = context;
        _groups = context.Groups();
        _associates = context.Associates();
        _links = context.Links();
        HolderCount(_associates);
        HolderCount(_links);
    }

    public RelationalContext Context { get; }
    public double[] M { get; } = new double[Levels.Length];
    public double[] U { get; } = new double[Levels.Length];
    public double[] Weights { get; } = new double[Levels.Length];

    /// <summary>Per level, how many pairs of records are at it (pairs at the "nothing shared" level are the rest).</summary>
    public long[] PairCounts { get; } = new long[Levels.Length];

    private Dictionary<int, int> _associateHolders = [];
    private Dictionary<int, int> _linkHolders = [];

    private void HolderCount(Sets tokens)
    {
        var holders = new Dictionary<int, int>();
        for (var r = 0; r < tokens.Records; r++)
            foreach (var v in tokens[r]) holders[v] = holders.GetValueOrDefault(v) + 1;
        if (ReferenceEquals(tokens, _associates)) _associateHolders = holders;
        else _linkHolders = holders;
    }

    public bool Present(int a) => _associates.Length(a) > 0 || _links.Length(a) > 0;

    public int Level(int a, int b)
    {
        if (!Present(a) || !Present(b)) return Missing;
        if (Shared(_groups[a], _groups[b], null) >= 0) return SameGroup;
        if (Shared(_associates[a], _associates[b], _associateHolders) >= 0) return SharedAssociate;
        if (Shared(_links[a], _links[b], _linkHolders) >= 0) return SharedLink;
        return Nothing;
    }

    /// <summary>What the pair shares, in words, for the match's evidence; null when nothing.</summary>
    public string? Describe(int a, int b)
    {
        var associate = Shared(_associates[a], _associates[b], _associateHolders);
        if (associate >= 0) return "both seen with " + Context.AssociateName(associate);
        var link = Shared(_links[a], _links[b], _linkHolders);
        return link >= 0 ? "their investigations share " + Context.LinkName(link) : null;
    }

    private static int Shared(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Dictionary<int, int>? holders)
    {
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] < y[j]) i++;
            else if (x[i] > y[j]) j++;
            else
            {
                if (holders is null || holders[x[i]] <= MaxHolders) return x[i];
                i++;
                j++;
            }
        }
        return -1;
    }

    /// <summary>
    /// Every pair at the shared-associate or shared-link level (each once, Left &lt; Right), found through the records
    /// holding each value, and <see cref="PairCounts"/> per level, the same-group level included (counted per group
    /// without listing its pairs; a pair recorded together twice counts twice, which is rare and changes nothing).
    /// The u-probabilities are these counts over all pairs with both records present.
    /// </summary>
    public List<(int Left, int Right, int Level)> SharingPairs(int[] source, bool linkOnly)
    {
        Array.Clear(PairCounts);
        foreach (var run in Runs(_groups, null))
        {
            if (!linkOnly)
            {
                PairCounts[SameGroup] += (long)run.Length * (run.Length - 1) / 2;
                continue;
            }
            long one = 0;
            foreach (var r in run) if (source[r] == 1) one++;
            PairCounts[SameGroup] += one * (run.Length - one);
        }
        // Co-members of one investigation hold each other's associates: their pairs are the same-group level (counted
        // above), by far the most numerous, so they are not listed only to be dropped after sorting.
        var keys = new List<long>();
        foreach (var (tokens, holders) in new[] { (_associates, _associateHolders), (_links, _linkHolders) })
            foreach (var run in Runs(tokens, holders))
                for (var x = 0; x < run.Length; x++)
                    for (var y = x + 1; y < run.Length; y++)
                    {
                        if (linkOnly && source[run[x]] == source[run[y]]) continue;
                        if (Shared(_groups[run[x]], _groups[run[y]], null) >= 0) continue;
                        keys.Add((long)run[x] << 32 | (uint)run[y]);
                    }
        keys.Sort();
        var pairs = new List<(int, int, int)>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1]) continue;
            int a = (int)(keys[i] >> 32), b = (int)keys[i];
            var level = Level(a, b);
            if (level == SameGroup) continue; // counted with its group
            PairCounts[level]++;
            pairs.Add((a, b, level));
        }
        return pairs;
    }

    /// <summary>For each value (held by at most <see cref="MaxHolders"/> records when <paramref name="holders"/> is
    /// given), the records present that hold it, in increasing order.</summary>
    private IEnumerable<int[]> Runs(Sets tokens, Dictionary<int, int>? holders)
    {
        var entries = new List<long>();
        for (var r = 0; r < tokens.Records; r++)
        {
            if (!Present(r)) continue;
            foreach (var v in tokens[r])
                if (holders is null || holders[v] <= MaxHolders) entries.Add((long)v << 32 | (uint)r);
        }
        entries.Sort();
        for (var s = 0; s < entries.Count;)
        {
            var e = s + 1;
            while (e < entries.Count && entries[e] >> 32 == entries[s] >> 32) e++;
            if (e - s >= 2)
            {
                var run = new int[e - s];
                for (var k = s; k < e; k++) run[k - s] = (int)entries[k];
                yield return run;
            }
            s = e;
        }
    }

    /// <summary>u of each level: the exact share of pairs (both records present) at it.</summary>
    public void EstimateU(int[] source, bool linkOnly)
    {
        double present = 0, one = 0, two = 0;
        for (var r = 0; r < _associates.Records; r++)
        {
            if (!Present(r)) continue;
            present++;
            if (source[r] == 1) one++;
            else if (source[r] == 2) two++;
        }
        var total = linkOnly ? one * two : present * (present - 1) / 2;
        if (total <= 0) return;
        U[Missing] = 1;
        double shared = 0;
        for (var l = SameGroup; l < Nothing; l++)
        {
            // Half a pair for a level no pair is at, as the sampled u-probabilities have.
            U[l] = Math.Max(PairCounts[l], 0.5) / total;
            shared += U[l];
        }
        U[Nothing] = Math.Max(1 - shared, 0.5 / total);
    }

    /// <summary>
    /// m of each level from confidently matched pairs (given by <paramref name="levels"/>, one entry per pair): their
    /// share at each level, with a pseudo-count of one pair spread over the levels. Fewer than
    /// <see cref="MinConfidentPairs"/> confident pairs with both records present leave the comparison without weight.
    /// </summary>
    public bool EstimateM(IEnumerable<int> levels)
    {
        var counts = new double[Levels.Length];
        double n = 0;
        foreach (var l in levels)
        {
            if (l == Missing) continue;
            counts[l]++;
            n++;
        }
        if (n < MinConfidentPairs) return false;
        const double pseudo = 0.25;
        M[Missing] = 1;
        for (var l = SameGroup; l <= Nothing; l++) M[l] = (counts[l] + pseudo) / (n + pseudo * (Levels.Length - 1));
        for (var l = SameGroup; l <= Nothing; l++)
        {
            var w = Math.Log2(M[l] / U[l]);
            // Two nominals recorded in one investigation were recorded as two people by an officer who saw both: that
            // is never evidence for a match, whatever the counts say (both are rare among matches and non-matches).
            Weights[l] = l == SameGroup ? Math.Min(0, w) : Math.Clamp(w, -MaxWeight, MaxWeight);
        }
        return true;
    }

    /// <summary>Relational evidence is bounded as a term-frequency adjustment is: it tips a pair, it cannot replace the names.</summary>
    public const double MaxWeight = 16;

    public const int MinConfidentPairs = 10;
}

/// <summary>Weighs relational evidence on top of the fitted model (see <see cref="ContextComparison"/>).</summary>
internal static class Relational
{
    public const string Field = "context";

    /// <summary>
    /// The pairs the model kept, each with the context field's weight added, plus pairs that share an associate or a
    /// linked identifier and reach the kept probability with it (scored in full by the model, whether or not a
    /// blocking rule put them together); ordered by (Left, Right). Null when there are too few confident matches to
    /// estimate the field's m. <paramref name="baseline"/> holds the model's pairs without relational evidence.
    /// </summary>
    public static List<ScoredPair>? Rescore(FellegiSunterModel model, ContextComparison context, RecordFeatures f, List<ScoredPair> baseline, LinkageOptions options, double keepBits, out long comparisons)
    {
        comparisons = 0;
        var sharing = context.SharingPairs(f.Source, options.LinkOnly);
        context.EstimateU(f.Source, options.LinkOnly);
        var confident = new List<int>();
        foreach (var p in baseline)
            if (p.Probability >= options.ConfidentProbability) confident.Add(context.Level(p.Left, p.Right));
        if (!context.EstimateM(confident)) return null;

        var result = new List<ScoredPair>(baseline.Count);
        var known = new HashSet<(int, int)>(baseline.Count);
        foreach (var p in baseline)
        {
            known.Add((p.Left, p.Right));
            var level = context.Level(p.Left, p.Right);
            var w = p.Weight + context.Weights[level];
            if (w < keepBits) continue;
            result.Add(new ScoredPair(p.Left, p.Right, w, FellegiSunterModel.Probability(w), new ContextExplanation(p.Contributions, context, level, p.Left, p.Right)));
        }
        foreach (var (a, b, level) in sharing)
        {
            if (level is not (ContextComparison.SharedAssociate or ContextComparison.SharedLink) || known.Contains((a, b))) continue;
            comparisons++;
            var bonus = context.Weights[level];
            if (!model.TryScore(a, b, keepBits - bonus, out var w, out var pattern)) continue;
            w += bonus;
            result.Add(new ScoredPair(a, b, w, FellegiSunterModel.Probability(w),
                new ContextExplanation(new PairExplanation(model, a, b, pattern), context, level, a, b)));
        }
        result.Sort(static (x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        return result;
    }
}

/// <summary>A pair's field contributions followed by the context field's, whose words say what the two share.</summary>
internal sealed class ContextExplanation(IReadOnlyList<FieldContribution> fields, ContextComparison context, int level, int left, int right) : IReadOnlyList<FieldContribution>
{
    private FieldContribution? _context;

    private FieldContribution Context => _context ??= new FieldContribution(Relational.Field,
        context.Describe(left, right) is { } what && level is ContextComparison.SharedAssociate or ContextComparison.SharedLink
            ? ContextComparison.Levels[level] + ": " + what
            : ContextComparison.Levels[level],
        context.Weights[level]);

    public FieldContribution this[int index] => index < fields.Count ? fields[index] : index == fields.Count ? Context : throw new ArgumentOutOfRangeException(nameof(index));
    public int Count => fields.Count + 1;

    public IEnumerator<FieldContribution> GetEnumerator()
    {
        foreach (var c in fields) yield return c;
        yield return Context;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
