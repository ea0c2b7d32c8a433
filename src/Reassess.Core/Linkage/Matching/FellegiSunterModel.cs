using System.Collections;

namespace Reassess.Linkage.Matching;

/// <summary>
/// The Fellegi–Sunter model: per field and comparison level an m-probability (the level's frequency among true
/// matches) and a u-probability (among non-matches), and the prior λ that two random records match. A pair's match
/// weight is log2(λ/(1−λ)) + Σ log2(m/u), with the exact level's u replaced by the value's frequency for fields with
/// term-frequency adjustment (so agreeing on a common surname counts for less than on a rare one).
/// </summary>
internal sealed class FellegiSunterModel
{
    public const int BitsPerField = 4;

    public FellegiSunterModel(FieldComparison[] comparisons)
    {
        if (comparisons.Length * BitsPerField > 64) throw new ArgumentException("Too many compared fields.", nameof(comparisons));
        Comparisons = comparisons;
        FuzzyMeanLog = new double[comparisons.Length][];
        for (var k = 0; k < comparisons.Length; k++) FuzzyMeanLog[k] = Enumerable.Repeat(double.NaN, comparisons[k].Levels.Length).ToArray();
        M = new double[comparisons.Length][];
        U = new double[comparisons.Length][];
        Weights = new double[comparisons.Length][];
        for (var k = 0; k < comparisons.Length; k++)
        {
            var levels = comparisons[k].Levels.Length;
            M[k] = new double[levels];
            U[k] = new double[levels];
            Weights[k] = new double[levels];
        }
    }

    public FieldComparison[] Comparisons { get; }
    public double[][] M { get; }
    public double[][] U { get; }

    /// <summary>Per field and fuzzy term-frequency level: the mean of log2 of the more common value's frequency over
    /// the random pairs at that level (NaN when none was seen, and no adjustment is made).</summary>
    public double[][] FuzzyMeanLog { get; private set; } = [];

    /// <summary>log2(m/u) per field and level (0 for the missing level).</summary>
    public double[][] Weights { get; }
    public double Lambda { get; set; }

    /// <summary>The comparisons (indexes) whose joint agreement is corrected for dependence (<see cref="HouseholdDependence"/>),
    /// bit j of a mask standing for <c>HouseholdFields[j]</c>.</summary>
    public int[] HouseholdFields { get; private set; } = [];

    /// <summary>Per mask of household fields agreeing together: the bits taken off (≤ 0; 0 for fewer than two).</summary>
    public double[] HouseholdCorrection { get; private set; } = [0];

    public void SetHousehold(int[] fields, double[] corrections)
    {
        if (fields.Length != 0 && corrections.Length != 1 << fields.Length) throw new ArgumentException("One correction per set of household fields.", nameof(corrections));
        HouseholdFields = fields;
        HouseholdCorrection = fields.Length == 0 ? [0] : corrections;
    }

    // Per comparison and level: whether the level counts as the field agreeing, for the household correction (the
    // exact level, or a near level that weighs for a match: a postcode a character out, a surname mistyped).
    private bool[][] _agrees = [];

    /// <summary>The household correction in bits for a pattern (0 when fewer than two household fields agree).</summary>
    public double HouseholdAdjustment(ulong pattern)
    {
        if (HouseholdFields.Length == 0) return 0;
        var mask = 0;
        for (var j = 0; j < HouseholdFields.Length; j++)
        {
            var k = HouseholdFields[j];
            if (_agrees[k][LevelOf(pattern, k)]) mask |= 1 << j;
        }
        return HouseholdCorrection[mask];
    }

    /// <summary>Which household fields agree in a pattern, by name (for the explanation).</summary>
    public IEnumerable<string> HouseholdAgreeing(ulong pattern)
    {
        foreach (var k in HouseholdFields)
            if (_agrees[k][LevelOf(pattern, k)]) yield return Comparisons[k].Field;
    }
    public double PriorWeight => Math.Log2(Lambda / (1 - Lambda));
    public int Iterations { get; set; }

    public ulong Pattern(int a, int b)
    {
        ulong p = 0;
        for (var k = 0; k < Comparisons.Length; k++)
            p |= (ulong)Comparisons[k].Level(a, b) << (k * BitsPerField);
        return p;
    }

    public static int LevelOf(ulong pattern, int k) => (int)((pattern >> (k * BitsPerField)) & 0xF);

    public void UpdateWeights()
    {
        for (var k = 0; k < Comparisons.Length; k++)
        {
            Weights[k][0] = 0;
            for (var l = 1; l < Weights[k].Length; l++) Weights[k][l] = Comparisons[k].Neutral(l) ? 0 : Math.Log2(M[k][l] / U[k][l]);
        }
        _agrees = new bool[Comparisons.Length][];
        for (var k = 0; k < Comparisons.Length; k++)
        {
            _agrees[k] = new bool[Weights[k].Length];
            for (var l = 1; l < Weights[k].Length; l++) _agrees[k][l] = l == 1 || (!Comparisons[k].Neutral(l) && Weights[k][l] > 0);
        }
        _order = [.. Enumerable.Range(0, Comparisons.Length).OrderBy(k => Comparisons[k].Cost).ThenBy(k => k)];
        _maxRemaining = new double[Comparisons.Length + 1];
        for (var j = Comparisons.Length - 1; j >= 0; j--)
        {
            var k = _order[j];
            var best = Weights[k].Max() + (Comparisons[k].TermFrequency is null ? 0 : MaxTermFrequencyAdjustment);
            _maxRemaining[j] = _maxRemaining[j + 1] + Math.Max(0, best);
        }
        _nonExactBound = new double[Comparisons.Length];
        for (var k = 0; k < Comparisons.Length; k++)
        {
            var best = 0.0;
            for (var l = 2; l < Weights[k].Length; l++)
            {
                var fuzzy = Comparisons[k].TermFrequency is not null && Comparisons[k].FuzzyTermFrequency(l) ? MaxTermFrequencyAdjustment : 0;
                best = Math.Max(best, Weights[k][l] + fuzzy);
            }
            _nonExactBound[k] = best;
        }
        _exactAdjustment = new double[Comparisons.Length][];
        _log2Frequency = new double[Comparisons.Length][];
        for (var k = 0; k < Comparisons.Length; k++)
        {
            var tf = Comparisons[k].TermFrequency;
            if (tf is null) continue;
            var exact = new double[tf.Counts.Length];
            var log2 = new double[tf.Counts.Length];
            for (var id = 0; id < exact.Length; id++)
            {
                if (tf.Counts[id] == 0) continue;
                var freq = (double)tf.Counts[id] / tf.NonNull;
                exact[id] = Math.Clamp(Math.Log2(U[k][1] / freq), -MaxTermFrequencyAdjustment, MaxTermFrequencyAdjustment);
                log2[id] = Math.Log2(freq);
            }
            _exactAdjustment[k] = exact;
            _log2Frequency[k] = log2;
        }
    }

    // Per term-frequency field and value id: the exact level's adjustment and log2 of the value's frequency, worked
    // out once per value rather than once per pair (the same figures TermFrequencyAdjustment and FuzzyAdjustment give).
    private double[][] _exactAdjustment = [];
    private double[][] _log2Frequency = [];

    private double Adjustment(int k, int level, int a, int b)
    {
        var c = Comparisons[k];
        if (level == 1)
        {
            var tf = c.TermFrequency;
            return tf is null ? 0 : _exactAdjustment[k][tf.Ids[a]];
        }
        if (level > 1 && c.FuzzyTermFrequency(level))
        {
            var tf = c.TermFrequency;
            var mean = FuzzyMeanLog[k][level];
            if (tf is null || double.IsNaN(mean)) return 0;
            var log2 = _log2Frequency[k];
            var common = Math.Max(log2[tf.Ids[a]], log2[tf.Ids[b]]);
            return Math.Clamp(mean - common, -MaxTermFrequencyAdjustment, MaxTermFrequencyAdjustment);
        }
        return 0;
    }

    private const double MaxTermFrequencyAdjustment = 8;
    private int[] _order = [];
    private double[] _maxRemaining = [];

    /// <summary>Per field: the most a pair that is neither missing nor exact can gain (its best near-miss level with
    /// the largest fuzzy term-frequency adjustment, or 0), the bound on a field whose level is still undecided.</summary>
    private double[] _nonExactBound = [];

    // Slack for the order in which the bound is added up.
    private const double BoundSlack = 1e-9;

    /// <summary>
    /// The pair's total weight in bits (prior, fields, term frequencies) and its pattern, or false as soon as the
    /// weight can no longer reach <paramref name="threshold"/> whatever the fields not yet compared say.
    /// </summary>
    public bool TryScore(int a, int b, double threshold, out double weight, out ulong pattern)
    {
        // First the cheap part of every field (exact, missing, or cheap comparisons in full), the undecided fields
        // bounded by their best near-miss weight; then the undecided fields' string comparisons, costliest last, for
        // as long as the bound can still reach the threshold.
        var w = PriorWeight;
        ulong p = 0;
        var undecided = 0UL;
        var bound = 0.0;
        for (var j = 0; j < _order.Length; j++)
        {
            if (w + bound + _maxRemaining[j] + BoundSlack < threshold)
            {
                weight = w;
                pattern = p;
                return false;
            }
            var k = _order[j];
            var level = Comparisons[k].QuickLevel(a, b);
            if (level < 0)
            {
                undecided |= 1UL << j;
                bound += _nonExactBound[k];
                continue;
            }
            p |= (ulong)level << (k * BitsPerField);
            w += Weights[k][level] + Adjustment(k, level, a, b);
        }
        while (undecided != 0)
        {
            if (w + bound + BoundSlack < threshold)
            {
                weight = w;
                pattern = p;
                return false;
            }
            var j = System.Numerics.BitOperations.TrailingZeroCount(undecided);
            undecided &= undecided - 1;
            var k = _order[j];
            bound -= _nonExactBound[k];
            var level = Comparisons[k].Level(a, b);
            p |= (ulong)level << (k * BitsPerField);
            w += Weights[k][level] + Adjustment(k, level, a, b);
        }
        // Never positive, so the bounds above stay bounds.
        w += HouseholdAdjustment(p);
        weight = w;
        pattern = p;
        return w >= threshold;
    }

    /// <summary>Σ log2(m/u) of a pattern, without the prior or term-frequency adjustment.</summary>
    public double PatternWeight(ulong pattern)
    {
        double w = 0;
        for (var k = 0; k < Comparisons.Length; k++) w += Weights[k][LevelOf(pattern, k)];
        return w;
    }

    /// <summary>Term-frequency adjustment in bits for a pair agreeing exactly on field <paramref name="k"/>:
    /// log2(u_exact / frequency of the shared value).</summary>
    public double TermFrequencyAdjustment(int k, int a)
    {
        var tf = Comparisons[k].TermFrequency;
        if (tf is null) return 0;
        var u = U[k][1];
        var freq = tf.Frequency(a);
        // Bounded so one very rare value cannot outweigh every other field.
        return Math.Clamp(Math.Log2(u / freq), -MaxTermFrequencyAdjustment, MaxTermFrequencyAdjustment);
    }

    /// <summary>
    /// Term-frequency adjustment in bits of a near-miss level, relative to the level: the mean over random pairs at the
    /// level of log2(frequency of the more common of the two values, as Splink takes for fuzzy levels), minus that of
    /// this pair. Two common names a letter apart (most often two people) lose weight, a near miss on a rare name
    /// gains it, and the level's weight over random pairs is unchanged on average. Bounded as the exact level's is.
    /// </summary>
    public double FuzzyAdjustment(int k, int level, int a, int b)
    {
        var tf = Comparisons[k].TermFrequency;
        var mean = FuzzyMeanLog[k][level];
        if (tf is null || double.IsNaN(mean)) return 0;
        var common = Math.Max(tf.Frequency(a), tf.Frequency(b));
        return Math.Clamp(mean - Math.Log2(common), -MaxTermFrequencyAdjustment, MaxTermFrequencyAdjustment);
    }

    public static double Probability(double weightBits) => 1 / (1 + Math.Pow(2, -weightBits));

    public LinkageModelSummary Summary(IReadOnlyList<string> rules)
    {
        var fields = new Dictionary<string, IReadOnlyList<LevelParameters>>(StringComparer.Ordinal);
        for (var k = 0; k < Comparisons.Length; k++)
        {
            var c = Comparisons[k];
            var levels = new List<LevelParameters>();
            for (var l = 1; l < c.Levels.Length; l++) levels.Add(new LevelParameters(c.Levels[l], M[k][l], U[k][l], Weights[k][l]));
            fields[c.Field] = levels;
        }
        return new LinkageModelSummary(Lambda, PriorWeight, Iterations, fields, rules);
    }
}

/// <summary>Each field's contribution to one pair's weight, worked out when first read.</summary>
internal sealed class PairExplanation(FellegiSunterModel model, int left, int right, ulong pattern) : IReadOnlyList<FieldContribution>
{
    private FieldContribution[]? _items;

    private FieldContribution[] Items => _items ??= Build();

    private FieldContribution[] Build()
    {
        var household = model.HouseholdAdjustment(pattern);
        var items = new FieldContribution[model.Comparisons.Length + (household != 0 ? 1 : 0)];
        if (household != 0)
            items[^1] = new FieldContribution(HouseholdField, "agree together: " + string.Join(", ", model.HouseholdAgreeing(pattern)), household);
        for (var k = 0; k < model.Comparisons.Length; k++)
        {
            var c = model.Comparisons[k];
            var level = FellegiSunterModel.LevelOf(pattern, k);
            var w = model.Weights[k][level];
            if (level == 1) w += model.TermFrequencyAdjustment(k, left);
            else if (level > 1 && c.FuzzyTermFrequency(level)) w += model.FuzzyAdjustment(k, level, left, right);
            items[k] = new FieldContribution(c.Field, c.Levels[level], w);
        }
        return items;
    }

    /// <summary>The contribution that takes off what fields relatives share count twice (<see cref="HouseholdDependence"/>).</summary>
    public const string HouseholdField = "fields relatives share";

    public FieldContribution this[int index] => Items[index];
    public int Count => Items.Length;
    public IEnumerator<FieldContribution> GetEnumerator() => ((IEnumerable<FieldContribution>)Items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
