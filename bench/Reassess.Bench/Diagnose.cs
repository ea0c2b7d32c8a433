using System.Globalization;
using Reassess.Linkage.Matching;

namespace Reassess.Bench;

/// <summary>
/// What the false links are made of (<c>--diagnose</c>): the commonest comparison patterns among pairs linked at the
/// cut that the truth says are two people, and each field's levels among true and false pairs scored. A look at the
/// errors, for reading, not for fitting: nothing here feeds the engine.
/// </summary>
internal static class Diagnose
{
    public static void Print(DedupeOutcome o, string[] truth, int top)
    {
        var cut = o.Result.MatchProbability;
        var patterns = new Dictionary<string, (int Count, double Weight)>(StringComparer.Ordinal);
        var levels = new SortedDictionary<string, (int True, int FalseAbove)>(StringComparer.Ordinal);
        foreach (var p in o.Result.Pairs)
        {
            var same = truth[p.Left] == truth[p.Right];
            foreach (var c in p.Contributions)
            {
                var key = $"{c.Field}:{c.Level}";
                var (t, f) = levels.GetValueOrDefault(key);
                if (same) t++;
                else if (p.Probability >= cut) f++;
                levels[key] = (t, f);
            }
            if (same || p.Probability < cut) continue;
            var pattern = string.Join("; ", p.Contributions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Field}:{c.Level}")));
            var (n, w) = patterns.GetValueOrDefault(pattern);
            patterns[pattern] = (n + 1, w + p.Weight);
        }
        Console.WriteLine("  false pairs at or above the cut, commonest patterns (count, mean weight):");
        foreach (var (pattern, (n, w)) in patterns.OrderByDescending(kv => kv.Value.Count).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {n,5} {w / n,6:F1}  {pattern}"));
        Console.WriteLine("  levels among scored pairs: true pairs / false pairs at or above the cut");
        foreach (var (key, (t, f)) in levels)
            Console.WriteLine($"    {key,-60} {t,7} {f,7}");
    }
}
