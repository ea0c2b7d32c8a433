namespace Reassess.Linkage.Matching;

/// <summary>
/// One person record as the linkage engine sees it: a nominal from an investigation, or a row of a CSV given to
/// <c>reassess dedupe</c>. Values are as written; the engine normalises them. <see cref="Source"/> tells two data
/// sets apart when linking one to another (1 and 2; 0 when deduplicating one set). <c>DateOfBirthText</c> holds a
/// date of birth that is not a valid calendar date (e.g. <c>19371233</c>) as its digits <c>yyyyMMdd</c>, so a typing
/// error can still be compared; it is ignored when <c>DateOfBirth</c> is set. <c>Role</c> is the part the record plays
/// where it was made (for nominals: suspect, victim, witness), when the data has one. <c>Ethnicity</c> is a
/// self-defined ethnicity code (18+1: <c>W1</c>, <c>A2</c>, …; <c>NS</c>, not stated, counts as missing),
/// <c>ObservedEthnicity</c> an officer-observed one (<c>IC1</c>…<c>IC6</c>; <c>IC9</c>, unknown, counts as missing) and
/// <c>Nationality</c> an ISO 3166-1 alpha-3 code. <c>Force</c> is the police force whose records hold a nominal: a
/// coarse area, since one person's records mostly sit with the force where they live (null for a CSV's rows).
/// </summary>
public sealed record PersonRecord(
    string Id,
    string? Forenames,
    string? Surname,
    DateOnly? DateOfBirth,
    string? Sex = null,
    string? Postcode = null,
    string? Address = null,
    string? City = null,
    string? Phone = null,
    string? Email = null,
    string? BirthPlace = null,
    string? Occupation = null,
    string? Identifier = null,
    int Source = 0,
    string? DateOfBirthText = null,
    string? Role = null,
    string? Ethnicity = null,
    string? ObservedEthnicity = null,
    string? Nationality = null,
    string? Force = null);

/// <summary>One field's part of a pair's match weight: the comparison level reached and its weight in bits
/// (log2 of m/u, including any term-frequency adjustment).</summary>
public sealed record FieldContribution(string Field, string Level, double Weight);

/// <summary>
/// A compared pair of records (indexes into the input list, <see cref="Left"/> &lt; <see cref="Right"/>).
/// <see cref="Weight"/> is the total match weight in bits: the prior's weight plus every field's contribution, so
/// <see cref="Probability"/> = 2^Weight / (1 + 2^Weight).
/// </summary>
public sealed record ScoredPair(int Left, int Right, double Weight, double Probability, IReadOnlyList<FieldContribution> Contributions);

/// <summary>A reviewer's decision on a pair of records (indexes into the input list); it overrides the model.</summary>
public sealed record PairDecision(int Left, int Right, bool SamePerson);

/// <summary>Settings of one linkage run.</summary>
public sealed class LinkageOptions
{
    /// <summary>Seed of the random sampling that estimates u-probabilities: the same seed gives the same result.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Pairs at or above this probability are linked into the same cluster. For calibrated probabilities the cut that
    /// maximises F1 is lower (about half the F1), but the model's mid-range probabilities are not calibrated: on
    /// synthetic data pairs scored 0.8–0.9 were about half true, 0.5–0.7 a third or less, so a lower cut added about as
    /// many false links as true ones (F1 flat from 0.7 to 0.9, precision 0.99 → 0.97) and a false link puts a person
    /// into an offender network. In <c>reassess link</c>, pairs between <see cref="ProposeProbability"/> and this
    /// wait for a reviewer.
    /// </summary>
    public double MatchProbability { get; init; } = 0.9;

    /// <summary>
    /// Choose the match probability from the fitted model instead of <see cref="MatchProbability"/>
    /// (<see cref="Threshold.Choose"/>): the cut that maximises the F1 the model itself expects, among cuts whose
    /// expected precision reaches <see cref="TargetPrecision"/>. What the right cut is depends on how many true
    /// matches the data holds and how well its fields separate them, which a fixed 0.9 cannot know.
    /// </summary>
    public bool ChooseMatchProbability { get; init; }

    /// <summary>The least precision the model must expect at the chosen cut (with <see cref="ChooseMatchProbability"/>).</summary>
    public double TargetPrecision { get; init; } = 0.98;

    /// <summary>
    /// Check every cluster of three or more records for consistency and split those whose members contradict one
    /// another (<see cref="ClusterConsistency"/>): a chain of links A–B–C where A and C disagree on their date of birth
    /// is two people joined through a weak link, not one.
    /// </summary>
    public bool SplitContradictions { get; init; }

    /// <summary>Pairs at or above this probability are returned in <see cref="LinkageResult.Pairs"/> (proposed matches).</summary>
    public double ProposeProbability { get; init; } = 0.5;

    /// <summary>Compare only records of <see cref="PersonRecord.Source"/> 1 with records of source 2.</summary>
    public bool LinkOnly { get; init; }

    /// <summary>Link records sharing a normalised identifier (PNC id, passport, …) whatever the other fields say.</summary>
    public bool DeterministicIdentifier { get; init; } = true;

    /// <summary>How many random pairs estimate the u-probabilities (all pairs when there are fewer).</summary>
    public int RandomPairs { get; init; } = 1_000_000;

    /// <summary>
    /// A probabilistic blocking rule is skipped when it would generate more than this many pairs (0: an automatic
    /// budget of max(2 million, 16 per record)), so national scale stays tractable; deterministic rules never are.
    /// </summary>
    public long MaxPairsPerRule { get; init; }

    /// <summary>EM counts the comparison patterns of at most about this many blocked pairs (a seeded sample beyond).</summary>
    public long EmPairs { get; init; } = 10_000_000;

    /// <summary>Maximum number of EM iterations.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>How many times relational evidence is weighed when the engine is given it: each round sees the
    /// people the round before resolved, so an associate found in one round can tip a pair in the next.</summary>
    public int ContextRounds { get; init; } = 2;

    /// <summary>Pairs the other fields match at or above this probability teach the relational field's m.</summary>
    public double ConfidentProbability { get; init; } = 0.99;

    /// <summary>Degree of parallelism (0: all cores).</summary>
    public int Threads { get; init; }
}

/// <summary>One comparison level of a field with its estimated m and u probabilities and weight in bits.</summary>
public sealed record LevelParameters(string Level, double M, double U, double Weight);

/// <summary>The fitted model, for explanation: the prior λ and m, u per level of each compared field.</summary>
public sealed record LinkageModelSummary(double Lambda, double PriorWeight, int Iterations, IReadOnlyDictionary<string, IReadOnlyList<LevelParameters>> Fields, IReadOnlyList<string> BlockingRules);

/// <summary>The outcome of <see cref="LinkageEngine.Run"/>.</summary>
public sealed class LinkageResult
{
    internal LinkageResult(IReadOnlyList<ScoredPair> pairs, int[] clusterOf, long comparisons, LinkageModelSummary model, double matchProbability = double.NaN, int splitClusters = 0)
    {
        MatchProbability = matchProbability;
        SplitClusters = splitClusters;
        Pairs = pairs;
        ClusterOf = clusterOf;
        Comparisons = comparisons;
        Model = model;
    }

    /// <summary>Every compared pair with probability ≥ <see cref="LinkageOptions.ProposeProbability"/>, ordered by (Left, Right).</summary>
    public IReadOnlyList<ScoredPair> Pairs { get; }

    /// <summary>Record index → cluster index (0, 1, … numbered in order of each cluster's first record), decisions applied.</summary>
#pragma warning disable CA1819 // An array by design: one entry per record, read in hot loops by callers.
    public int[] ClusterOf { get; }
#pragma warning restore CA1819

    /// <summary>How many record pairs were compared (after blocking).</summary>
    public long Comparisons { get; }

    /// <summary>The fitted model.</summary>
    public LinkageModelSummary Model { get; }

    /// <summary>The match probability the clusters were cut at: the option's, or the one chosen from the model.</summary>
    public double MatchProbability { get; }

    /// <summary>How many clusters were split because their members contradicted one another.</summary>
    public int SplitClusters { get; }

    /// <summary>The fitted parameters, for a later incremental link to score new records with (<see cref="FittedModel"/>).</summary>
    public FittedModel? Fitted { get; init; }
}
