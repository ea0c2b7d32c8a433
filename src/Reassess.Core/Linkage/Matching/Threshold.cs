namespace Reassess.Linkage.Matching;

/// <summary>
/// The match probability chosen from the fitted model rather than fixed. The model gives every scored pair a posterior
/// probability of being a match; taken at its word, the pairs above a cut hold Σp true matches among their count, and
/// the data Σp over all scored pairs. The cut chosen maximises the F1 so expected (2·Σ<sub>above</sub>p / (count
/// above + Σp)) among cuts whose expected precision (Σ<sub>above</sub>p / count above) reaches the target, so it moves
/// with how many matches the data holds and how well its fields separate them. Fellegi–Sunter posteriors are
/// over-confident where fields are not independent (a name and a sex, a postcode and a city), so the target is set
/// above the precision wanted, and the cut is kept within [<see cref="Lowest"/>, <see cref="Highest"/>].
/// </summary>
public static class Threshold
{
    /// <summary>Pairs below this probability are not scored for the choice (they would change Σp by little).</summary>
    public const double ScoreFloor = 0.01;

    /// <summary>The lowest cut: a pair must at least be likelier a match than not.</summary>
    public const double Lowest = 0.5;

    /// <summary>The highest cut.</summary>
    public const double Highest = 0.999;

    /// <summary>The chosen cut, or <paramref name="fallback"/> when no pair was scored.</summary>
    /// <param name="probabilities">Every scored pair's match probability (any order; pairs below <see cref="ScoreFloor"/> are ignored).</param>
    /// <param name="targetPrecision">The least precision expected at the cut.</param>
    /// <param name="fallback">The cut when there is nothing to choose from.</param>
    public static double Choose(IEnumerable<double> probabilities, double targetPrecision, double fallback)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (targetPrecision is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(targetPrecision), targetPrecision, "The target precision must be between 0 and 1.");
        var p = probabilities.Where(x => x >= ScoreFloor).ToArray();
        if (p.Length == 0) return fallback;
        Array.Sort(p);
        Array.Reverse(p);
        double expected = 0;
        foreach (var x in p) expected += x;
        double truePositives = 0, bestF1 = -1;
        var best = Highest;
        for (var k = 0; k < p.Length; k++)
        {
            truePositives += p[k];
            // A cut between equal probabilities is no cut: only the last of a run of ties is a candidate.
            if (k + 1 < p.Length && p[k + 1] == p[k]) continue;
            var predicted = k + 1;
            if (truePositives / predicted < targetPrecision) continue;
            var f1 = 2 * truePositives / (predicted + expected);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = p[k];
            }
        }
        return Math.Clamp(best, Lowest, Highest);
    }
}
