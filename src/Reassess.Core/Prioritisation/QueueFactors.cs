using System.Globalization;

namespace Reassess.Prioritisation;

/// <summary>
/// A candidate's leading priority factors as the CLI's demo lists them and the workbench queue shows them: the factors
/// that added something, largest first (ties by name), each as <c>name +contribution</c>. One wording, used by both.
/// </summary>
public static class QueueFactors
{
    /// <summary>The <paramref name="count"/> largest positive contributions, largest first, ties by name (ordinal).</summary>
    public static IReadOnlyList<(string Name, double Contribution)> Top(IEnumerable<(string Name, double Contribution)> factors, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return [.. factors.Where(f => f.Contribution > 0).OrderByDescending(f => f.Contribution).ThenBy(f => f.Name, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>One factor in words: <c>victim_under_18 +3</c>.</summary>
    public static string Words(string name, double contribution) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} +{contribution:0.#}");
}
