using Reassess.Linkage.Matching;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// A pair the model scored (positions in <see cref="LinkageInput.People"/>); <c>Contributions</c> holds each field's
/// contribution as JSON (<c>[{"field","level","weight"}]</c>).
/// </summary>
public sealed record ScoredMatch(int Left, int Right, double Weight, double Probability, string Contributions);

/// <summary>
/// What the model found: the pairs worth keeping and how many pairs it compared; and, from a matcher that chooses them,
/// the probability at or above which a pair links without review (<see cref="MatchProbability"/>, otherwise the
/// matcher's <see cref="IPersonMatcher.AutoThreshold"/>) and the cluster of each nominal (<see cref="Clusters"/>, by
/// position in <see cref="LinkageInput.People"/>) after clusters whose members contradict one another were split: a
/// pair whose nominals ended in different clusters is not linked without review.
/// </summary>
/// <remarks><see cref="Model"/>: the fitted model, kept with the run so that a later incremental link scores new
/// nominals as this run scored the rest (null from a matcher that fits none: the incremental link then refuses).</remarks>
public sealed record MatcherResult(IReadOnlyList<ScoredMatch> Matches, long Comparisons, double? MatchProbability = null, IReadOnlyList<int>? Clusters = null)
{
    public FittedModel? Model { get; init; }
}

/// <summary>
/// The probabilistic (Fellegi–Sunter) stage as <c>reassess link</c> sees it. The engine itself lives in
/// Linkage/Matching; this seam lets linkage over the database be tested with a fixed matcher.
/// </summary>
public interface IPersonMatcher
{
    /// <summary>Probability at or above which a match links without review, unless the result chose its own (<see cref="MatcherResult.MatchProbability"/>).</summary>
    double AutoThreshold { get; }

    /// <summary>Scores the nominals; returns pairs at or above the review threshold. Reviewers' decisions are passed so the model can learn from them.</summary>
    MatcherResult Match(LinkageInput input, IReadOnlyCollection<DecidedPair> decisions, IProgress<string>? progress, CancellationToken cancellationToken);
}
