using System.Collections.Concurrent;

namespace Reassess.Linkage.Matching;

/// <summary>
/// Probabilistic record linkage of the Fellegi–Sunter kind (as Splink): blocking rules choose candidate pairs, each
/// field is compared at ordered levels, u-probabilities come from randomly sampled pairs, m-probabilities from
/// expectation–maximisation without labels on each blocking rule's pairs (each rule teaching the fields it does not
/// block on, as Splink trains), the prior λ by EM over the blocked pairs with m held, and pairs above the match
/// probability are clustered into people. Reviewer decisions override the model. The same records, options and seed
/// give the same result.
/// </summary>
public sealed class LinkageEngine
{
    /// <param name="records">The records to resolve.</param>
    /// <param name="options">Settings of the run.</param>
    /// <param name="decisions">Reviewers' decisions, which override the model.</param>
    /// <param name="progress">Progress messages.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="context">
    /// Relational evidence (optional): given each record's cluster after the names, dates and places have been
    /// weighed, what each record is seen with (<see cref="RelationalContext"/>). Pairs are then weighed again with a
    /// "context" field, and pairs sharing an associate or a linked identifier are compared even when no blocking rule
    /// put them together. Null for plain tables of people (<c>dedupe</c>).
    /// </param>
    public LinkageResult Run(IReadOnlyList<PersonRecord> records, LinkageOptions options, IReadOnlyCollection<PairDecision>? decisions = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default,
        Func<int[], RelationalContext>? context = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        var n = records.Count;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : -1 };

        progress?.Report($"preparing {n:N0} records");
        var features = new RecordFeatures(records);
        var model = new FellegiSunterModel(Comparisons(features));
        var totalPairs = TotalPairs(features, options.LinkOnly);

        var rules = BlockingRule.Defaults(features, options.DeterministicIdentifier);
        var budget = options.MaxPairsPerRule > 0 ? options.MaxPairsPerRule : Math.Max(2_000_000L, 16L * n);
        var blocked = BlockedPairs.Build(features, rules, options.LinkOnly, budget, progress, cancellationToken);

        if (model.Comparisons.Length > 0 && totalPairs > 0)
        {
            progress?.Report("estimating u-probabilities from random pairs");
            Estimation.EstimateU(model, features, options, parallel);
            progress?.Report("counting how often fields relatives share agree together among non-matches");
            HouseholdDependence.Estimate(model, features, totalPairs, options.LinkOnly, options.Seed, parallel);
        }

        progress?.Report("comparing blocked pairs");
        // EM needs the share of each comparison pattern, not every pair: beyond EmPairs blocked pairs a seeded hash
        // sample of them is counted, each standing for 1/rate pairs.
        var rate = blocked.EstimatedPairs <= options.EmPairs ? 1.0 : (double)options.EmPairs / blocked.EstimatedPairs;
        var patterns = CountPatterns(model, features, blocked, options.LinkOnly, rate, options.Seed, parallel, out var byRule, out var labelled, out var counted);
        progress?.Report($"{counted:N0} pairs counted for EM (rate {rate:G3}), {patterns.Count:N0} distinct comparison patterns");

        if (model.Comparisons.Length > 0 && totalPairs > 0)
        {
            Estimation.Expectation(model, patterns, totalPairs, n, options.MaxIterations, 1 / rate);
            var trained = Estimation.TrainByRule(model, blocked.Rules, byRule, n, options.MaxIterations, 1 / rate);
            var known = 0L;
            for (var r = 0; r < blocked.Rules.Count; r++)
            {
                if (labelled[r] is not { Count: > 0 } pairs) continue;
                Estimation.MFromLabels(model, blocked.Rules[r], pairs);
                known += pairs.Values.Sum();
            }
            if (decisions is { Count: > 0 })
            {
                // Reviewers' decisions are labels too: confirmed pairs refine m, rejected ones u.
                var (confirmed, rejected) = Estimation.FromDecisions(model, decisions.Where(d => d.Left >= 0 && d.Left < n && d.Right >= 0 && d.Right < n)); // others: refused with a reason by the clustering
                progress?.Report($"m refined by {confirmed:N0} confirmed pairs, u by {rejected:N0} rejected pairs");
            }
            Estimation.EstimateLambda(model, patterns, totalPairs, options.MaxIterations, 1 / rate);
            progress?.Report($"EM by blocking rule ({trained} rules trained), m refined by {known:N0} pairs sharing an identifier, then λ = {model.Lambda:G3} over the blocked pairs");
        }
        else model.Lambda = 0.5;
        model.UpdateWeights();

        var keep = Math.Min(options.ProposeProbability, options.ChooseMatchProbability ? Threshold.ScoreFloor : options.MatchProbability);
        var scored = ScorePairs(model, features, blocked, options.LinkOnly, keep, parallel, out var comparisons);
        var match = options.MatchProbability;
        if (options.ChooseMatchProbability)
        {
            match = Threshold.Choose(scored.Select(p => p.Probability), options.TargetPrecision, options.MatchProbability);
            progress?.Report(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"match probability {match:0.###} chosen from the model (expected precision ≥ {options.TargetPrecision:0.##})"));
        }
        var ruleNames = new List<string>();
        for (var r = 0; r < rules.Count; r++)
            if (blocked.Keys[r] is not null) ruleNames.Add(rules[r].Deterministic ? rules[r].Name + " (deterministic)" : rules[r].Name);
        blocked.ReleaseScored();
        // The link command's relational rounds allocate their own context, round by round: the scored rules' keys and
        // each finished round are let go first (a national run peaked at 5.8 GB instead of 7.4 GB).
        if (context is not null) StageMemory.Release();
        var clusters = Clustering.Cluster(n, scored, match, blocked, decisions);
        var splits = 0;
        if (options.SplitContradictions) clusters = ClusterConsistency.Split(model, clusters, match, blocked, decisions, out splits);
        ContextComparison? relational = null;
        if (context is not null)
        {
            var keepBits = keep <= 0 ? double.NegativeInfinity : keep >= 1 ? double.PositiveInfinity : Math.Log2(keep / (1 - keep));
            var baseline = scored;
            for (var round = 0; round < Math.Max(1, options.ContextRounds); round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report($"relational evidence, round {round + 1}: what each record is seen with");
                var c = new ContextComparison(context(clusters));
                progress?.Report($"relational evidence, round {round + 1}: weighing pairs that share an associate or an identifier");
                var withContext = Relational.Rescore(model, c, features, baseline, options, keepBits, out var extra);
                if (withContext is null)
                {
                    progress?.Report("relational evidence: too few confident matches with context to weigh it");
                    break;
                }
                comparisons += extra;
                relational = c;
                scored = withContext;
                clusters = Clustering.Cluster(n, scored, match, blocked, decisions);
                // Re-clustered with the relational evidence: split again, as the first clustering was.
                if (options.SplitContradictions) clusters = ClusterConsistency.Split(model, clusters, match, blocked, decisions, out splits);
                StageMemory.Release();
                progress?.Report(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"relational evidence, round {round + 1}: shares an associate {c.Weights[ContextComparison.SharedAssociate]:+0.0;-0.0} bits, investigations share an identifier {c.Weights[ContextComparison.SharedLink]:+0.0;-0.0}, nothing shared {c.Weights[ContextComparison.Nothing]:+0.0;-0.0}; {scored.Count:N0} pairs kept"));
            }
        }
        var proposed = new List<ScoredPair>();
        foreach (var p in scored)
            if (p.Probability >= options.ProposeProbability) proposed.Add(p);

        progress?.Report($"{proposed.Count:N0} proposed pairs, {clusters.Max() + 1:N0} clusters" + (options.SplitContradictions ? $" ({splits:N0} split on contradictions)" : ""));
        var summary = model.Summary(ruleNames);
        if (relational is not null)
        {
            var fields = new Dictionary<string, IReadOnlyList<LevelParameters>>(summary.Fields, StringComparer.Ordinal);
            var levels = new List<LevelParameters>();
            for (var l = 1; l < ContextComparison.Levels.Length; l++)
                levels.Add(new LevelParameters(ContextComparison.Levels[l], relational.M[l], relational.U[l], relational.Weights[l]));
            fields[Relational.Field] = levels;
            summary = summary with { Fields = fields };
        }
        return new LinkageResult(proposed, clusters, comparisons, summary, match, splits) { Fitted = FittedModel.Capture(model, match, relational, blocked.Caps) };
    }

    internal static FieldComparison[] Comparisons(RecordFeatures f)
    {
        var list = new List<FieldComparison>();
        if (f.Forenames.Present) list.Add(new ForenameComparison(f));
        if (f.Surname.Present) list.Add(new SurnameComparison(f));
        if (f.HasDateOfBirth) list.Add(new DateOfBirthComparison(f));
        if (f.Sex.Present) list.Add(new SexComparison(f));
        if (f.Postcode.Present) list.Add(new PostcodeComparison(f));
        if (f.Address.Present) list.Add(new AddressComparison(f));
        if (f.City.Present) list.Add(new TextComparison("city", f.City, termFrequency: true));
        if (f.Phone.Present) list.Add(new CodeComparison("phone", f.Phone));
        if (f.Email.Present) list.Add(new EmailComparison(f));
        if (f.BirthPlace.Present) list.Add(new TextComparison("birth_place", f.BirthPlace, termFrequency: true));
        if (f.Occupation.Present) list.Add(new TextComparison("occupation", f.Occupation, termFrequency: true));
        if (f.Identifier.Present) list.Add(new CodeComparison("identifier", f.Identifier));
        if (f.Role.Present) list.Add(new RoleComparison(f.Role));
        if (f.Ethnicity.Present) list.Add(new DescriptorComparison("self_defined_ethnicity", f.Ethnicity, EthnicityDisagreement, code => code[..1]));
        if (f.ObservedEthnicity.Present) list.Add(new DescriptorComparison("officer_observed_ethnicity", f.ObservedEthnicity, ObservedEthnicityDisagreement));
        if (f.Nationality.Present) list.Add(new DescriptorComparison("nationality", f.Nationality, NationalityDisagreement));
        if (f.Force.Counts.Length > 1) list.Add(new ForceComparison(f.Force));
        return [.. list];
    }

    // The least share of one person's records recorded with a different code, per disagreement level (see
    // DescriptorComparison). Assumed, not measured: synthetic records of one person never disagree on these codes and the
    // pairs sharing a PNC id seldom show one (most suspects have no self-defined ethnicity recorded), so the training
    // pairs can give a disagreement m near zero and a weight against of 10 bits or more, enough for one keying error to
    // part records with an exact name and date of birth (on synthetic data EM learns 15–25% disagreement for both
    // ethnicities, above these floors, and almost none for nationality, held at 5%). Self-defined ethnicity: 5% to another
    // code of the same group (W1/W9, a Mixed code for either parent's group) and 5% to another group, 10% in all; an
    // officer's observation varies more between officers (IC1/IC2 especially): 15%; nationality (dual or former
    // citizenship, "British" written for a resident): 5%.
    internal const double EthnicityDisagreement = 0.05;
    internal const double ObservedEthnicityDisagreement = 0.15;
    internal const double NationalityDisagreement = 0.05;

    internal static double TotalPairs(RecordFeatures f, bool linkOnly)
    {
        if (!linkOnly) return (double)f.Count * (f.Count - 1) / 2;
        double one = 0, two = 0;
        foreach (var s in f.Source)
        {
            if (s == 1) one++;
            else if (s == 2) two++;
        }
        return one * two;
    }

    private struct CountState
    {
        public FellegiSunterModel Model;
        public BlockedPairs Blocked;
        public Dictionary<ulong, long> Counts;
        public Dictionary<ulong, long>[] ByRule;
        public Dictionary<ulong, long>?[] Labelled;
        public int Rule;
        public long Comparisons;
        public ulong Cutoff;
        public ulong Salt;
    }

    /// <summary>
    /// Counts the comparison patterns of the blocked pairs (each pair once, for the prior λ) and, per blocking rule,
    /// of every pair in that rule's blocks, repeats included (for training m by rule: a rule's sample must not lose
    /// the pairs an earlier rule also blocks, which are its best matches). A deterministic rule's pairs are known
    /// matches: all of them are counted, unsampled, in <paramref name="labelled"/> (null for other rules).
    /// </summary>
    private static Dictionary<ulong, long> CountPatterns(FellegiSunterModel model, RecordFeatures f, BlockedPairs blocked, bool linkOnly, double rate, int seed, ParallelOptions parallel, out Dictionary<ulong, long>[] byRule, out Dictionary<ulong, long>?[] labelled, out long comparisons)
    {
        var totalLabelled = new Dictionary<ulong, long>?[blocked.Rules.Count];
        for (var r = 0; r < blocked.Rules.Count; r++) totalLabelled[r] = blocked.Rules[r].Deterministic ? [] : null;
        var total = new Dictionary<ulong, long>();
        var rules = blocked.Rules.Count;
        var totalByRule = new Dictionary<ulong, long>[rules];
        for (var r = 0; r < rules; r++) totalByRule[r] = [];
        long count = 0;
        var gate = new object();
        Parallel.ForEach(
            BlockRanges(blocked.Blocks.Count),
            parallel,
            () =>
            {
                var local = new Dictionary<ulong, long>[rules];
                for (var r = 0; r < rules; r++) local[r] = [];
                return new CountState { Model = model, Blocked = blocked, Counts = [], ByRule = local, Labelled = Array.ConvertAll(totalLabelled, t => t is null ? null : new Dictionary<ulong, long>()), Cutoff = rate >= 1 ? ulong.MaxValue : (ulong)(rate * ulong.MaxValue), Salt = (ulong)seed * 0x9E3779B97F4A7C15UL };
            },
            (range, _, state) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    parallel.CancellationToken.ThrowIfCancellationRequested();
                    state.Rule = blocked.Blocks[i].Rule;
                    if (blocked.Rules[state.Rule].Deterministic)
                    {
                        blocked.ForEachPair(blocked.Blocks[i], linkOnly, f.Source, ref state, static (ref CountState s, int a, int b) =>
                        {
                            var p = s.Model.Pattern(a, b);
                            var known = s.Labelled[s.Rule]!;
                            known[p] = known.GetValueOrDefault(p) + 1;
                        }, repeats: true);
                    }
                    blocked.ForEachPair(blocked.Blocks[i], linkOnly, f.Source, ref state, static (ref CountState s, int a, int b) =>
                    {
                        if (s.Cutoff != ulong.MaxValue && PairHash(a, b, s.Salt) > s.Cutoff) return;
                        var p = s.Model.Pattern(a, b);
                        var rule = s.ByRule[s.Rule];
                        rule[p] = rule.GetValueOrDefault(p) + 1;
                        if (s.Rule > 0 && s.Blocked.CoveredEarlier(s.Rule, a, b)) return;
                        s.Counts[p] = s.Counts.GetValueOrDefault(p) + 1;
                        s.Comparisons++;
                    }, repeats: true);
                }
                return state;
            },
            state =>
            {
                lock (gate)
                {
                    foreach (var (p, c) in state.Counts) total[p] = total.GetValueOrDefault(p) + c;
                    for (var r = 0; r < rules; r++)
                        foreach (var (p, c) in state.ByRule[r]) totalByRule[r][p] = totalByRule[r].GetValueOrDefault(p) + c;
                    count += state.Comparisons;
                    for (var r = 0; r < rules; r++)
                    {
                        if (state.Labelled[r] is not { } local || totalLabelled[r] is not { } known) continue;
                        foreach (var (p, c) in local) known[p] = known.GetValueOrDefault(p) + c;
                    }
                }
            });
        comparisons = count;
        byRule = totalByRule;
        labelled = totalLabelled;
        return total;
    }

    /// <summary>Ranges of block indexes for the threads; none when no rule made a block (a bundle whose records share
    /// no key at all: Partitioner.Create refuses an empty range).</summary>
    private static OrderablePartitioner<Tuple<int, int>> BlockRanges(int count) =>
        count == 0 ? Partitioner.Create(Array.Empty<Tuple<int, int>>()) : Partitioner.Create(0, count, Math.Max(1, count / 256));

    private static ulong PairHash(int a, int b, ulong salt)
    {
        var h = ((ulong)(uint)a << 32 | (uint)b) ^ salt;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }

    private struct ScoreState
    {
        public FellegiSunterModel Model;
        public List<ScoredPair> Pairs;
        public double KeepBits;
        public long Comparisons;
    }

    private static List<ScoredPair> ScorePairs(FellegiSunterModel model, RecordFeatures f, BlockedPairs blocked, bool linkOnly, double keep, ParallelOptions parallel, out long comparisons)
    {
        var all = new List<ScoredPair>();
        var gate = new object();
        long count = 0;
        // Probability ≥ keep ⇔ weight ≥ log2(keep/(1−keep)).
        var keepBits = keep <= 0 ? double.NegativeInfinity : keep >= 1 ? double.PositiveInfinity : Math.Log2(keep / (1 - keep));
        Parallel.ForEach(
            BlockRanges(blocked.Blocks.Count),
            parallel,
            () => new ScoreState { Model = model, Pairs = [], KeepBits = keepBits },
            (range, _, state) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    parallel.CancellationToken.ThrowIfCancellationRequested();
                    blocked.ForEachPair(blocked.Blocks[i], linkOnly, f.Source, ref state, static (ref ScoreState s, int a, int b) =>
                    {
                        s.Comparisons++;
                        if (!s.Model.TryScore(a, b, s.KeepBits, out var total, out var p)) return;
                        s.Pairs.Add(new ScoredPair(a, b, total, FellegiSunterModel.Probability(total), new PairExplanation(s.Model, a, b, p)));
                    });
                }
                return state;
            },
            state =>
            {
                lock (gate)
                {
                    all.AddRange(state.Pairs);
                    count += state.Comparisons;
                }
            });
        comparisons = count;
        all.Sort(static (x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        return all;
    }
}
