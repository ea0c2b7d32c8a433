namespace Reassess.Linkage.Matching;

/// <summary>
/// A blocking rule: records sharing a key are compared. Rules are OR-ed; a pair is compared once, by the first rule
/// whose key it shares. A deterministic rule (a shared normalised identifier) links its pairs whatever the model says.
/// </summary>
internal sealed class BlockingRule(string name, bool deterministic, Func<int, ulong> key, bool required = false, params string[] fields)
{
    public string Name { get; } = name;

    /// <summary>The compared fields (<see cref="FieldComparison.Field"/>) the key is made of: their m-probabilities
    /// cannot be learnt from this rule's pairs, which agree on them by construction.</summary>
    public IReadOnlyList<string> Fields { get; } = Dependent(fields);

    // Sex follows from the forename: namesakes by forename nearly all share it, which random pairs (the u) do not,
    // so a rule's EM would read that agreement as evidence of matches.
    private static string[] Dependent(string[] fields) => fields.Contains("forenames") ? [.. fields, "sex"] : fields;
    public bool Deterministic { get; } = deterministic;

    /// <summary>Never skipped for cost, nor its large blocks: exact agreements that must always be compared.</summary>
    public bool Required { get; } = required || deterministic;
    public Func<int, ulong> KeyOf { get; } = key;

    /// <summary>
    /// Whether every field of the key is one that relatives share: a surname, an address or postcode, a town, a
    /// birthplace, a home telephone. Such a rule's blocks hold families (parents and children, siblings, spouses), who
    /// agree on the rest of those fields too, so its EM takes them for matches and learns that a different forename or
    /// a date of birth years apart is common among one person's records: on the historical-like sets, m of "forenames
    /// different" came out 0.18–0.21 on the surname+postcode and postcode rules against 0.01–0.02 on every other rule,
    /// and m of "dob different" 0.17–0.20 against 0.01. So such a rule does not teach the fields that tell one member
    /// of a family from another (<see cref="IndividualFields"/>); it still teaches the others.
    /// </summary>
    public bool SharedByRelatives => Fields.Count > 0 && Fields.All(HouseholdFields.Contains);

    /// <summary>Fields that members of one family commonly share.</summary>
    internal static readonly HashSet<string> HouseholdFields = new(StringComparer.Ordinal) { "surname", "postcode", "address", "city", "birth_place", "phone" };

    /// <summary>Fields that tell members of one family apart: a rule made only of <see cref="HouseholdFields"/> does not teach them.</summary>
    internal static readonly HashSet<string> IndividualFields = new(StringComparer.Ordinal) { "forenames", "dob", "sex" };

    /// <summary>Whether this rule's EM estimates m of <paramref name="field"/>: not for the key's own fields (they agree
    /// by construction), nor for a field that tells relatives apart when the key is one relatives share.</summary>
    public bool Teaches(string field) => !Fields.Contains(field) && !(SharedByRelatives && IndividualFields.Contains(field));

    /// <summary>Whether EM learns m from this rule's pairs (<see cref="Estimation.TrainByRule"/>). False for a rule
    /// that only widens the candidates: as Splink keeps its training rules apart from its prediction rules.</summary>
    public bool Trains { get; init; } = true;

    /// <summary>The default rules for the fields present: selective combinations first, looser ones after (these are
    /// skipped when too costly at the data's scale).</summary>
    public static List<BlockingRule> Defaults(RecordFeatures f, bool deterministicIdentifier)
    {
        var rules = new List<BlockingRule>();
        var fore = f.ForenameFirst;
        var sur = f.Surname.Ids;
        var dob = f.DateOfBirth;
        var pc = f.Postcode.Ids;
        var fp = f.ForenamePhonetic;
        var sp = f.SurnamePhonetic;
        bool hasNames = f.Forenames.Present, hasSurname = f.Surname.Present, hasDob = f.HasDateOfBirth, hasPc = f.Postcode.Present;

        if (f.Identifier.Present)
            rules.Add(new("identifier", deterministicIdentifier, i => Key(1, f.Identifier.Ids[i]), false, "identifier"));
        if (hasNames && hasSurname && hasDob)
            rules.Add(new("exact names and dob", false, i => Key(17, f.Forenames.Ids[i], sur[i], dob[i]), true, "forenames", "surname", "dob"));
        if (hasNames && hasSurname)
            rules.Add(new("forename+surname (either order)", false, i => Unordered(2, fore[i], sur[i]), false, "forenames", "surname"));
        if (hasSurname && hasDob) rules.Add(new("surname+dob", false, i => Key(3, sur[i], dob[i]), false, "surname", "dob"));
        if (hasNames && hasDob) rules.Add(new("forename+dob", false, i => Key(4, fore[i], dob[i]), false, "forenames", "dob"));
        if (hasPc && hasDob) rules.Add(new("postcode+dob", false, i => Key(5, pc[i], dob[i]), false, "postcode", "dob"));
        if (hasSurname && hasPc) rules.Add(new("surname+postcode", false, i => Key(6, sur[i], pc[i]), false, "surname", "postcode"));
        if (hasNames && hasPc) rules.Add(new("forename+postcode", false, i => Key(7, fore[i], pc[i]), false, "forenames", "postcode"));
        if (f.Email.Present) rules.Add(new("email", false, i => Key(8, f.Email.Ids[i]), false, "email"));
        if (f.Phone.Present) rules.Add(new("phone", false, i => Key(9, f.Phone.Ids[i]), false, "phone"));
        if (hasNames && hasSurname)
            rules.Add(new("NYSIIS forename+surname (either order)", false, i => Unordered(10, fp[i], sp[i]), false, "forenames", "surname"));
        if (hasSurname && hasDob) rules.Add(new("NYSIIS surname+birth year", false, i => Key(11, sp[i], dob[i] < 0 ? -1 : dob[i] / 10000), false, "surname", "dob"));
        if (hasNames && hasDob) rules.Add(new("NYSIIS forename+birth year", false, i => Key(12, fp[i], dob[i] < 0 ? -1 : dob[i] / 10000), false, "forenames", "dob"));
        // A year of birth one out (an age given for a date, a digit mistyped) with a name also misspelt escapes every
        // rule above. One exact name, the other's initial (a misspelling seldom reaches the first letter) and the day
        // and month of birth still find it, in blocks thousands of times smaller than a name's.
        if (hasNames && hasSurname && hasDob)
        {
            rules.Add(new("surname+forename initial+birth day and month", false, i => Key(18, sur[i], Initial(f, fore[i]), DayAndMonth(dob[i])), false, "surname", "forenames", "dob"));
            rules.Add(new("forename+surname initial+birth day and month", false, i => Key(19, fore[i], Initial(f, sur[i]), DayAndMonth(dob[i])), false, "forenames", "surname", "dob"));
        }
        // Over several forces the loosest rules look within each force only: their pairs (a date of birth alone, a name
        // and an initial) reach the match probability only with more evidence, which a pair in two forces seldom has,
        // and scoped by force their blocks are some twenty times smaller, so far fewer are left out for cost. Pairs in
        // two forces that share an associate or an identifier are still weighed by the relational step.
        var force = f.Force.Counts.Length > 1 ? f.Force.Ids : null;
        var withinForce = force is null ? "" : " within a force";
        ulong Scoped(ulong key, int i) => force is null || key == 0 ? key : force[i] < 0 ? 0 : Done(Mix(key, force[i]));
        if (hasDob) rules.Add(new("dob" + withinForce, false, i => Scoped(Key(13, dob[i]), i), false, "dob"));
        if (hasPc) rules.Add(new("postcode", false, i => Key(14, pc[i]), false, "postcode"));
        if (f.City.Present && hasSurname) rules.Add(new("city+surname", false, i => Key(15, f.City.Ids[i], sur[i]), false, "city", "surname"));
        if (f.Address.Present) rules.Add(new("address", false, i => Key(16, f.Address.Ids[i]), false, "address"));
        // Without a date of birth on one record (a nominal recorded from a victim's account, an alias), a name mistyped
        // escapes every rule above: no exact full name, no date. One name exact and the other's initial is the classic
        // nominal search ("surname, initial"); over budget, the largest blocks (the common names, which could not reach
        // the match probability on names alone anyway) are left out, so the cost is bounded by the rule budget.
        if (hasNames && hasSurname)
        {
            rules.Add(new("surname+forename initial" + withinForce, false, i => Scoped(Key(20, sur[i], Initial(f, fore[i])), i), false, "surname", "forenames") { Trains = false });
            rules.Add(new("forename+surname initial" + withinForce, false, i => Scoped(Key(21, fore[i], Initial(f, sur[i])), i), false, "forenames", "surname") { Trains = false });
        }
        return rules;
    }

    /// <summary>The first letter of a name (by its id in <see cref="RecordFeatures.Names"/>), -1 when missing.</summary>
    internal static int Initial(RecordFeatures f, int nameId) => nameId < 0 ? -1 : f.Names[nameId][0];

    /// <summary>MMdd of a yyyyMMdd date, -1 when missing.</summary>
    internal static int DayAndMonth(int dob) => dob < 0 ? -1 : dob % 10000;

    private static ulong Mix(ulong h, int v)
    {
        h ^= (uint)v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 31);
    }

    private static ulong Done(ulong h) => h == 0 ? 1 : h;

    internal static ulong Key(int rule, int a) => a < 0 ? 0 : Done(Mix((ulong)rule, a));

    internal static ulong Key(int rule, int a, int b) => a < 0 || b < 0 ? 0 : Done(Mix(Mix((ulong)rule, a), b));

    internal static ulong Key(int rule, int a, int b, int c) => a < 0 || b < 0 || c < 0 ? 0 : Done(Mix(Mix(Mix((ulong)rule, a), b), c));

    internal static ulong Unordered(int rule, int a, int b) => a < 0 || b < 0 ? 0 : Key(rule, Math.Min(a, b), Math.Max(a, b));
}

/// <summary>A run of records sharing one rule's key.</summary>
internal readonly record struct Block(int Rule, int Start, int Length);

/// <summary>The candidate pairs: every rule's keys and its blocks, with rules or blocks too costly dropped.</summary>
internal sealed class BlockedPairs
{
    public required List<BlockingRule> Rules { get; init; }

    /// <summary>Per active rule, each record's key (0: none). Null for a skipped rule.</summary>
    public required ulong[]?[] Keys { get; init; }

    /// <summary>Per rule, record indexes sorted by key.</summary>
    public required int[][] Order { get; init; }
    public required List<Block> Blocks { get; init; }

    /// <summary>Groups of records a deterministic rule links that were too large to enumerate pair by pair.</summary>
    public required List<int[]> DeterministicGroups { get; init; }
    public required List<string> Notes { get; init; }

    /// <summary>Pairs in the blocks, counting a pair once per rule that blocks it (an upper bound on comparisons).</summary>
    public long EstimatedPairs { get; init; }

    /// <summary>Per rule left partly out for cost (by name): the largest block it kept. A later incremental link leaves
    /// out the same blocks (<see cref="FittedModel.BlockCaps"/>) instead of sizing every rule's blocks again.</summary>
    public Dictionary<string, int> Caps { get; init; } = new(StringComparer.Ordinal);

    public const int MaxBlockSize = 5000;

    public static BlockedPairs Build(RecordFeatures f, List<BlockingRule> rules, bool linkOnly, long budget, IProgress<string>? progress, CancellationToken ct)
    {
        var keys = new ulong[]?[rules.Count];
        var orders = new int[rules.Count][];
        var blocks = new List<Block>();
        var groups = new List<int[]>();
        var notes = new List<string>();
        var caps = new Dictionary<string, int>(StringComparer.Ordinal);
        long estimated = 0;
        // Keys and sorting per rule are independent: done in parallel, then assembled in rule order.
        var built = new (ulong[] Key, int[] Order, List<Block> Blocks, long Cost, int Oversized, List<int[]> Groups)[rules.Count];
        Parallel.For(0, rules.Count, new ParallelOptions { CancellationToken = ct }, r => built[r] = BuildRule(f, rules[r], r, linkOnly));
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            var (key, order, ruleBlocks, cost, oversized, ruleGroups) = built[r];
            groups.AddRange(ruleGroups);
            if (!rule.Required && cost > budget)
            {
                // Over budget: keep the smallest blocks (rare values, the most telling) and leave the largest to the
                // other rules, so common names cost nothing while rare ones are still compared.
                var bySize = ruleBlocks.OrderBy(b => b.Length).ThenBy(b => b.Start).ToList();
                var kept = new List<Block>();
                long keptCost = 0;
                foreach (var b in bySize)
                {
                    var c = PairsIn(f, order, b.Start, b.Length, linkOnly);
                    if (keptCost + c <= budget)
                    {
                        kept.Add(b);
                        keptCost += c;
                    }
                    else
                    {
                        for (var k = b.Start; k < b.Start + b.Length; k++) key[order[k]] = 0;
                    }
                }
                notes.Add($"blocking rule '{rule.Name}': {ruleBlocks.Count - kept.Count:N0} largest blocks left out, {cost - keptCost:N0} of {cost:N0} pairs, to keep within the budget of {budget:N0}");
                progress?.Report(notes[^1]);
                ruleBlocks = kept;
                cost = keptCost;
                caps[rule.Name] = kept.Count == 0 ? 1 : kept.Max(b => b.Length);
            }
            if (oversized > 0) notes.Add($"blocking rule '{rule.Name}': {oversized} block(s) over {MaxBlockSize} records not compared");
            keys[r] = key;
            orders[r] = order;
            blocks.AddRange(ruleBlocks);
            estimated += cost;
            progress?.Report($"blocking rule '{rule.Name}': {ruleBlocks.Count:N0} blocks, {cost:N0} pairs before removing repeats");
        }
        for (var r = 0; r < rules.Count; r++) orders[r] ??= [];
        // Large blocks first so parallel workers finish together.
        blocks.Sort((x, y) => y.Length.CompareTo(x.Length));
        return new BlockedPairs { Rules = rules, Keys = keys, Order = orders, Blocks = blocks, DeterministicGroups = groups, Notes = notes, EstimatedPairs = estimated, Caps = caps };
    }

    private static (ulong[] Key, int[] Order, List<Block> Blocks, long Cost, int Oversized, List<int[]> Groups) BuildRule(RecordFeatures f, BlockingRule rule, int r, bool linkOnly)
    {
        var n = f.Count;
        var key = new ulong[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            key[i] = rule.KeyOf(i);
            if (key[i] != 0) count++;
        }
        var sortedKeys = new ulong[count];
        var order = new int[count];
        var c = 0;
        for (var i = 0; i < n; i++)
        {
            if (key[i] == 0) continue;
            sortedKeys[c] = key[i];
            order[c++] = i;
        }
        Array.Sort(sortedKeys, order);
        var ruleBlocks = new List<Block>();
        var groups = new List<int[]>();
        long cost = 0;
        var oversized = 0;
        for (var s = 0; s < count;)
        {
            var e = s + 1;
            while (e < count && sortedKeys[e] == sortedKeys[s]) e++;
            var len = e - s;
            if (len >= 2)
            {
                if (len > MaxBlockSize && !(rule.Required && !rule.Deterministic))
                {
                    // Too large to compare pair by pair: its records are not covered by this rule.
                    for (var k = s; k < e; k++) key[order[k]] = 0;
                    if (rule.Deterministic) groups.Add(order[s..e]);
                    else oversized++;
                }
                else
                {
                    ruleBlocks.Add(new Block(r, s, len));
                    cost += PairsIn(f, order, s, len, linkOnly);
                }
            }
            s = e;
        }
        return (key, order, ruleBlocks, cost, oversized, groups);
    }

    private static long PairsIn(RecordFeatures f, int[] order, int start, int len, bool linkOnly)
    {
        if (!linkOnly) return (long)len * (len - 1) / 2;
        long one = 0;
        for (var k = start; k < start + len; k++)
            if (f.Source[order[k]] == 1) one++;
        return one * (len - one);
    }

    /// <summary>
    /// Lets go of every probabilistic rule's keys, order and blocks once the pairs are scored: after that only the
    /// deterministic rules' blocks are read (clustering joins them whatever the model says), and at national scale the
    /// others' keys and orders are half a gigabyte.
    /// </summary>
    public void ReleaseScored()
    {
        for (var r = 0; r < Rules.Count; r++)
        {
            if (Rules[r].Deterministic) continue;
            Keys[r] = null;
            Order[r] = [];
        }
        Blocks.RemoveAll(b => !Rules[b.Rule].Deterministic);
        Blocks.TrimExcess();
    }

    /// <summary>Whether a rule before <paramref name="rule"/> already puts the pair in one block (so it was compared there).</summary>
    public bool CoveredEarlier(int rule, int a, int b)
    {
        for (var r = 0; r < rule; r++)
        {
            var k = Keys[r];
            if (k is not null && k[a] != 0 && k[a] == k[b]) return true;
        }
        return false;
    }

    /// <summary>Calls <paramref name="visit"/> for every pair of a block (Left &lt; Right) not compared by an earlier rule
    /// (or, with <paramref name="repeats"/>, every pair of the block, as training by rule needs).</summary>
    public void ForEachPair<TState>(Block block, bool linkOnly, int[] source, ref TState state, PairVisitor<TState> visit, bool repeats = false)
    {
        var order = Order[block.Rule];
        var end = block.Start + block.Length;
        var stride = repeats ? 0 : EarlierKeys(block);
        var keys = _earlierKeys ?? [];
        for (var i = block.Start; i < end; i++)
        {
            var a = order[i];
            var ka = (i - block.Start) * stride;
            for (var j = i + 1; j < end; j++)
            {
                var b = order[j];
                if (linkOnly && source[a] == source[b]) continue;
                if (stride > 0 && SharesKey(keys, ka, (j - block.Start) * stride, stride)) continue;
                if (a < b) visit(ref state, a, b);
                else visit(ref state, b, a);
            }
        }
    }

    // Per thread: the block members' keys under the earlier rules, gathered once per block so that the check for a
    // pair already compared reads contiguous memory rather than two random entries of every earlier rule's keys.
    [ThreadStatic]
    private static ulong[]? _earlierKeys;

    private int EarlierKeys(Block block)
    {
        var stride = block.Rule;
        if (stride == 0) return 0;
        var buffer = _earlierKeys;
        var need = block.Length * stride;
        if (buffer is null || buffer.Length < need) _earlierKeys = buffer = new ulong[Math.Max(need, 1024)];
        var order = Order[block.Rule];
        for (var i = 0; i < block.Length; i++)
        {
            var rec = order[block.Start + i];
            for (var r = 0; r < stride; r++)
            {
                var k = Keys[r];
                buffer[i * stride + r] = k is null ? 0 : k[rec];
            }
        }
        return stride;
    }

    private static bool SharesKey(ulong[] keys, int a, int b, int count)
    {
        for (var r = 0; r < count; r++)
        {
            var k = keys[a + r];
            if (k != 0 && k == keys[b + r]) return true;
        }
        return false;
    }
}

internal delegate void PairVisitor<TState>(ref TState state, int left, int right);
