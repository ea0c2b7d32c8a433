namespace Reassess.Linkage.Matching;

/// <summary>Estimation of the model's parameters: u by random sampling, m and λ by expectation–maximisation.</summary>
internal static class Estimation
{
    /// <summary>Fixed-point scale of summed log2 frequencies (2^24: far finer than any weight shown, no overflow below 10^10 pairs).</summary>
    private const double LogScale = 1 << 24;

    /// <summary>
    /// u-probabilities: the share of each level among random pairs (nearly all non-matches). All pairs are used when
    /// there are fewer than <see cref="LinkageOptions.RandomPairs"/>; otherwise a seeded sample. The exact level's u
    /// is computed from value frequencies where it can be, which is exact rather than sampled.
    /// </summary>
    public static void EstimateU(FellegiSunterModel model, RecordFeatures f, LinkageOptions options, ParallelOptions parallel)
    {
        var (left, right) = SamplePairs(f, options);
        var k = model.Comparisons.Length;
        var counts = new long[k][];
        for (var c = 0; c < k; c++) counts[c] = new long[model.Comparisons[c].Levels.Length];
        // Σ log2(frequency of the more common value) over the pairs at each near-miss level with term frequencies, in
        // fixed point: integer sums do not depend on the order the threads' partial sums arrive in, so the same seed
        // gives the same weights to the last bit.
        var logSums = Array.ConvertAll(counts, c => new long[c.Length]);
        var gate = new object();
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, left.Length, Math.Max(1024, left.Length / 64)),
            parallel,
            () => (Counts: Array.ConvertAll(counts, c => new long[c.Length]), Logs: Array.ConvertAll(counts, c => new long[c.Length])),
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var p = model.Pattern(left[i], right[i]);
                    for (var c = 0; c < k; c++)
                    {
                        var level = FellegiSunterModel.LevelOf(p, c);
                        local.Counts[c][level]++;
                        if (level > 1 && model.Comparisons[c].FuzzyTermFrequency(level) && model.Comparisons[c].TermFrequency is { } tf)
                            local.Logs[c][level] += (long)Math.Round(Math.Log2(Math.Max(tf.Frequency(left[i]), tf.Frequency(right[i]))) * LogScale);
                    }
                }
                return local;
            },
            local =>
            {
                lock (gate)
                    for (var c = 0; c < k; c++)
                        for (var l = 0; l < local.Counts[c].Length; l++)
                        {
                            counts[c][l] += local.Counts[c][l];
                            logSums[c][l] += local.Logs[c][l];
                        }
            });
        for (var c = 0; c < k; c++)
            for (var l = 2; l < counts[c].Length; l++)
                model.FuzzyMeanLog[c][l] = model.Comparisons[c].FuzzyTermFrequency(l) && counts[c][l] > 0 ? logSums[c][l] / LogScale / counts[c][l] : double.NaN;

        for (var c = 0; c < k; c++)
        {
            var levels = counts[c].Length;
            double observed = 0;
            for (var l = 1; l < levels; l++) observed += counts[c][l];
            // Half a pair's worth of evidence for levels never seen among the random pairs.
            const double pseudo = 0.5;
            var denominator = observed + pseudo * (levels - 1);
            for (var l = 1; l < levels; l++) model.U[c][l] = (counts[c][l] + pseudo) / denominator;
            if (model.Comparisons[c].ExactU is { } exact && exact > 0)
            {
                var rest = 1 - model.U[c][1];
                model.U[c][1] = exact;
                for (var l = 2; l < levels; l++) model.U[c][l] *= (1 - exact) / rest;
            }
            model.U[c][0] = 1;
        }
    }

    private static (int[] Left, int[] Right) SamplePairs(RecordFeatures f, LinkageOptions options)
    {
        var n = f.Count;
        var total = LinkageEngine.TotalPairs(f, options.LinkOnly);
        List<int> one = [], two = [];
        if (options.LinkOnly)
        {
            for (var i = 0; i < n; i++)
            {
                if (f.Source[i] == 1) one.Add(i);
                else if (f.Source[i] == 2) two.Add(i);
            }
        }
        if (total <= options.RandomPairs)
        {
            var count = (int)total;
            var l = new int[count];
            var r = new int[count];
            var c = 0;
            if (options.LinkOnly)
            {
                foreach (var a in one)
                    foreach (var b in two)
                    {
                        l[c] = a;
                        r[c++] = b;
                    }
            }
            else
            {
                for (var a = 0; a < n; a++)
                    for (var b = a + 1; b < n; b++)
                    {
                        l[c] = a;
                        r[c++] = b;
                    }
            }
            return (l, r);
        }
        var rng = new Random(options.Seed);
        var s = options.RandomPairs;
        var left = new int[s];
        var right = new int[s];
        for (var i = 0; i < s; i++)
        {
            if (options.LinkOnly)
            {
                left[i] = one[rng.Next(one.Count)];
                right[i] = two[rng.Next(two.Count)];
            }
            else
            {
                var a = rng.Next(n);
                var b = rng.Next(n - 1);
                if (b >= a) b++;
                left[i] = a;
                right[i] = b;
            }
        }
        return (left, right);
    }

    /// <summary>
    /// Expectation–maximisation of m and λ over the comparison patterns of the blocked pairs, u held fixed. Pairs
    /// outside the blocks are taken as non-matches, so λ is the share of matches among all pairs, the prior of the
    /// final model (not of the blocked subset). Comparisons flagged in fixedFields are left out (weight 0, m not
    /// updated): a blocking rule's own fields when training on that rule's pairs.
    /// </summary>
    public static void Expectation(FellegiSunterModel model, Dictionary<ulong, long> patternCounts, double totalPairs, int records, int maxIterations, double weight = 1, bool[]? fixedFields = null, double startLambda = 0)
    {
        var k = model.Comparisons.Length;
        var patterns = patternCounts.Keys.ToArray();
        Array.Sort(patterns); // a fixed order keeps floating-point sums, and so results, identical run to run
        var counts = Array.ConvertAll(patterns, p => patternCounts[p] * weight);

        // Start: agreement is likely among matches, and about one duplicate for every four records.
        for (var c = 0; c < k; c++)
        {
            var levels = model.Comparisons[c].Levels.Length;
            model.M[c][1] = 0.8;
            var middle = levels - 3;
            for (var l = 2; l < levels - 1; l++) model.M[c][l] = 0.15 / middle;
            model.M[c][levels - 1] = middle > 0 ? 0.05 : 0.2;
            model.M[c][0] = 1;
        }
        model.Lambda = startLambda > 0 ? startLambda : Math.Clamp(records * 0.25 / totalPairs, 1e-12, 0.5);

        var acc = new double[k][];
        for (var c = 0; c < k; c++) acc[c] = new double[model.Comparisons[c].Levels.Length];
        var lnWeights = new double[k][];
        for (var c = 0; c < k; c++) lnWeights[c] = new double[acc[c].Length];

        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            for (var c = 0; c < k; c++)
                for (var l = 1; l < lnWeights[c].Length; l++) lnWeights[c][l] = fixedFields?[c] == true || model.Comparisons[c].Neutral(l) ? 0 : Math.Log(model.M[c][l] / model.U[c][l]);
            var prior = Math.Log(model.Lambda / (1 - model.Lambda));
            foreach (var a in acc) Array.Clear(a);
            double matches = 0;
            for (var i = 0; i < patterns.Length; i++)
            {
                var p = patterns[i];
                var s = prior;
                for (var c = 0; c < k; c++) s += lnWeights[c][FellegiSunterModel.LevelOf(p, c)];
                var posterior = counts[i] / (1 + Math.Exp(-s));
                matches += posterior;
                for (var c = 0; c < k; c++) acc[c][FellegiSunterModel.LevelOf(p, c)] += posterior;
            }
            var change = 0.0;
            var lambda = Math.Clamp(matches / totalPairs, 1e-15, 0.999);
            change = Math.Max(change, Math.Abs(Math.Log(lambda / model.Lambda)));
            model.Lambda = lambda;
            for (var c = 0; c < k; c++)
            {
                if (fixedFields?[c] == true) continue;
                double sum = 0;
                for (var l = 1; l < acc[c].Length; l++) sum += acc[c][l];
                const double pseudo = 1e-3;
                var denominator = sum + pseudo * (acc[c].Length - 1);
                for (var l = 1; l < acc[c].Length; l++)
                {
                    var m = (acc[c][l] + pseudo) / denominator;
                    change = Math.Max(change, Math.Abs(m - model.M[c][l]));
                    model.M[c][l] = m;
                }
                FloorDisagreement(model, c);
            }
            if (change < 1e-6) break;
        }
        model.Iterations = iteration + 1;
    }

    /// <summary>
    /// m-probabilities trained rule by rule, as Splink does: EM on the pairs of one blocking rule estimates only the
    /// comparisons the rule is not made of (pairs blocked on surname and date of birth all agree on those, so they
    /// can only teach the other fields), and each comparison's m is the plain average over the rules that estimate it
    /// (as Splink averages its training sessions), so no one rule with many pairs outvotes the others. Pooling every rule's pairs instead lets EM take "agrees on the
    /// blocked fields" for "is a match": a data set full of namesakes then learns that sharing a name is a match and a
    /// different date of birth no evidence against one. Comparisons no rule can estimate keep the pooled estimate
    /// already in <paramref name="model"/>. Returns how many rules contributed.
    /// </summary>
    public static int TrainByRule(FellegiSunterModel model, IReadOnlyList<BlockingRule> rules, Dictionary<ulong, long>[] byRule, int records, int maxIterations, double weight = 1)
    {
        var k = model.Comparisons.Length;
        var pooled = Array.ConvertAll(model.M, m => (double[])m.Clone());
        var sums = Array.ConvertAll(model.M, m => new double[m.Length]);
        var mass = new double[k];
        var trained = 0;
        for (var r = 0; r < rules.Count && r < byRule.Length; r++)
        {
            if (byRule[r].Count == 0 || !rules[r].Trains) continue;
            var skip = new bool[k];
            var any = false;
            for (var c = 0; c < k; c++)
            {
                skip[c] = !rules[r].Teaches(model.Comparisons[c].Field);
                any |= !skip[c];
            }
            if (!any) continue;
            double pairs = 0;
            foreach (var count in byRule[r].Values) pairs += count * weight;
            // Started from few matches: a start near one class per pair ends where every pair is a "match" and m = u.
            Expectation(model, byRule[r], pairs, records, maxIterations, weight, skip, Math.Clamp(0.01 * records / pairs, 1e-9, 0.01));
            var matches = model.Lambda * pairs;
            // Fewer than a couple of expected matches teach nothing about m; nor does a match class that the fields
            // cannot tell from non-matches (m close to u: the EM found no second class).
            if (matches < 2 || Separation(model, skip) < MinSeparationBits) continue;
            trained++;
            for (var c = 0; c < k; c++)
            {
                if (skip[c]) continue;
                mass[c] += 1;
                for (var l = 1; l < sums[c].Length; l++) sums[c][l] += model.M[c][l];
            }
        }
        for (var c = 0; c < k; c++)
        {
            for (var l = 1; l < sums[c].Length; l++) model.M[c][l] = mass[c] > 0 ? sums[c][l] / mass[c] : pooled[c][l];
            model.M[c][0] = 1;
        }
        return trained;
    }

    /// <summary>
    /// m-probabilities from pairs already known to match: the pairs a deterministic rule links (records sharing a
    /// PNC id or another normalised identifier), as Splink estimates m from a label column. Those pairs are matches
    /// by the rule's own premise, so the share of each level among them is m itself, with none of the bias EM has
    /// when near relatives (twins, siblings at one address) agree on most fields and are taken for one person. The
    /// EM estimate already in <paramref name="model"/> is kept as a prior worth <paramref name="priorPairs"/> pairs,
    /// so a handful of labelled pairs moves it little and a level they never show keeps a small m (never zero).
    /// Skipped: the rule's own fields (they agree by construction) and fields whose levels depend on who has an
    /// identifier (<see cref="FieldComparison.IndependentOfIdentifier"/>). Returns how many fields were estimated.
    /// </summary>
    public static int MFromLabels(FellegiSunterModel model, BlockingRule rule, Dictionary<ulong, long> labelled, double weight = 1, double priorPairs = LabelPriorPairs)
    {
        var k = model.Comparisons.Length;
        var counts = new double[k][];
        for (var c = 0; c < k; c++) counts[c] = new double[model.M[c].Length];
        foreach (var (pattern, count) in labelled)
            for (var c = 0; c < k; c++) counts[c][FellegiSunterModel.LevelOf(pattern, c)] += count * weight;
        var estimated = 0;
        for (var c = 0; c < k; c++)
        {
            var comparison = model.Comparisons[c];
            if (rule.Fields.Contains(comparison.Field) || !comparison.IndependentOfIdentifier) continue;
            double seen = 0;
            for (var l = 1; l < counts[c].Length; l++) seen += counts[c][l];
            if (seen <= 0) continue;
            estimated++;
            for (var l = 1; l < counts[c].Length; l++) model.M[c][l] = (counts[c][l] + priorPairs * model.M[c][l]) / (seen + priorPairs);
            FloorDisagreement(model, c);
        }
        return estimated;
    }

    /// <summary>
    /// Raises m of each level after the exact one to the comparison's <see cref="FieldComparison.MinDisagreementM"/>,
    /// the difference taken from the exact level (the training pairs agreed more often than real records of one person
    /// do), so the levels still sum to one.
    /// </summary>
    internal static void FloorDisagreement(FellegiSunterModel model, int c)
    {
        var floor = model.Comparisons[c].MinDisagreementM;
        if (floor <= 0) return;
        var m = model.M[c];
        for (var l = 2; l < m.Length; l++)
        {
            if (m[l] >= floor) continue;
            m[1] -= floor - m[l];
            m[l] = floor;
        }
    }

    /// <summary>
    /// Refines m and u with reviewers' decisions: a pair confirmed as one person is a known match, so its comparison
    /// levels count towards m (the estimate already in <paramref name="model"/> kept as a prior worth
    /// <paramref name="priorPairs"/> pairs, as <see cref="MFromLabels"/> does); a pair rejected is a known non-match, so
    /// its levels count towards u, against a prior worth <paramref name="uPriorPairs"/> pairs (u comes from a million
    /// random pairs, and the pairs reviewers reject are look-alikes, not typical non-matches: a few of them must not
    /// swamp it). Returns (confirmed, rejected) pairs used.
    /// </summary>
    public static (int Confirmed, int Rejected) FromDecisions(FellegiSunterModel model, IEnumerable<PairDecision> decisions, double priorPairs = LabelPriorPairs,
        double uPriorPairs = DecisionUPriorPairs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(decisions);
        var k = model.Comparisons.Length;
        var same = new double[k][];
        var different = new double[k][];
        for (var c = 0; c < k; c++) (same[c], different[c]) = (new double[model.M[c].Length], new double[model.U[c].Length]);
        var (confirmed, rejected) = (0, 0);
        foreach (var d in decisions)
        {
            if (d.Left == d.Right) continue;
            var pattern = model.Pattern(d.Left, d.Right);
            var counts = d.SamePerson ? same : different;
            for (var c = 0; c < k; c++) counts[c][FellegiSunterModel.LevelOf(pattern, c)]++;
            if (d.SamePerson) confirmed++;
            else rejected++;
        }
        for (var c = 0; c < k; c++)
        {
            Refine(model.M[c], same[c], priorPairs);
            if (confirmed > 0) FloorDisagreement(model, c);
            Refine(model.U[c], different[c], uPriorPairs);
        }
        return (confirmed, rejected);
    }

    /// <summary>Levels 1.. (level 0 is "a value missing", which says nothing): the observed shares blended with the current ones.</summary>
    private static void Refine(double[] probabilities, double[] counts, double priorPairs)
    {
        double seen = 0;
        for (var l = 1; l < counts.Length; l++) seen += counts[l];
        if (seen <= 0) return;
        for (var l = 1; l < counts.Length; l++) probabilities[l] = (counts[l] + priorPairs * probabilities[l]) / (seen + priorPairs);
    }

    /// <summary>How many random pairs the u estimate counts for when rejected pairs refine it.</summary>
    internal const double DecisionUPriorPairs = 10_000;

    /// <summary>How many labelled pairs the EM estimate of m counts for when labelled pairs refine it.</summary>
    internal const double LabelPriorPairs = 50;

    /// <summary>A rule's EM must tell its matches from non-matches by at least this much expected evidence.</summary>
    internal const double MinSeparationBits = 4;

    /// <summary>Expected weight of evidence of a match, Σ m·log2(m/u) over the fields estimated (Kullback–Leibler
    /// divergence of m from u, in bits): 0 when m = u, large when the fields separate the classes.</summary>
    internal static double Separation(FellegiSunterModel model, bool[] skip)
    {
        double bits = 0;
        for (var c = 0; c < model.Comparisons.Length; c++)
        {
            if (skip[c]) continue;
            for (var l = 1; l < model.M[c].Length; l++)
                if (model.M[c][l] > 0 && model.U[c][l] > 0 && !model.Comparisons[c].Neutral(l)) bits += model.M[c][l] * Math.Log2(model.M[c][l] / model.U[c][l]);
        }
        return bits;
    }

    /// <summary>The prior λ by EM over the blocked pairs with m and u held fixed (pairs outside the blocks are
    /// non-matches, so λ is the share of matches among all pairs).</summary>
    public static void EstimateLambda(FellegiSunterModel model, Dictionary<ulong, long> patternCounts, double totalPairs, int maxIterations, double weight = 1)
    {
        var k = model.Comparisons.Length;
        var patterns = patternCounts.Keys.ToArray();
        Array.Sort(patterns);
        var scores = new double[patterns.Length];
        // The household correction needs the weights of the m just estimated (which near levels count as agreeing).
        model.UpdateWeights();
        for (var i = 0; i < patterns.Length; i++)
        {
            for (var c = 0; c < k; c++)
            {
                var l = FellegiSunterModel.LevelOf(patterns[i], c);
                if (l > 0 && !model.Comparisons[c].Neutral(l)) scores[i] += Math.Log(model.M[c][l] / model.U[c][l]);
            }
            scores[i] += model.HouseholdAdjustment(patterns[i]) * Math.Log(2);
        }
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var prior = Math.Log(model.Lambda / (1 - model.Lambda));
            double matches = 0;
            for (var i = 0; i < patterns.Length; i++) matches += patternCounts[patterns[i]] * weight / (1 + Math.Exp(-(prior + scores[i])));
            var lambda = Math.Clamp(matches / totalPairs, 1e-15, 0.999);
            var change = Math.Abs(Math.Log(lambda / model.Lambda));
            model.Lambda = lambda;
            if (change < 1e-9) break;
        }
    }
}
