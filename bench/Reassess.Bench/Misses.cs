using Reassess.Linkage.Matching;

namespace Reassess.Bench;

internal static class Misses
{
    public static void Print(DedupeOutcome o, string[] truth, int max)
    {
        var scored = o.Result.Pairs.ToDictionary(p => (p.Left, p.Right));
        var shown = 0;
        var recs = o.Records;
        var missing = 0; var below = 0;
        for (var a = 0; a < recs.Count; a++)
            for (var b = a + 1; b < recs.Count; b++)
            {
                if (truth[a] != truth[b] || o.Result.ClusterOf[a] == o.Result.ClusterOf[b]) continue;
                if (!scored.TryGetValue((a, b), out var p)) { missing++; if (shown++ < max) Console.WriteLine($"  NOT SCORED {Show(recs[a])} | {Show(recs[b])}"); continue; }
                below++;
                if (shown++ < max) Console.WriteLine($"  p={p.Probability:F3} w={p.Weight:F1} {Show(recs[a])} | {Show(recs[b])}\n      " + string.Join("; ", p.Contributions.Select(c => $"{c.Field}:{c.Level}:{c.Weight:F1}")));
            }
        Console.WriteLine($"  missed pairs: {missing} not scored ≥ propose, {below} scored below threshold");
        var fp = 0;
        foreach (var p in o.Result.Pairs)
            if (p.Probability >= 0.9 && truth[p.Left] != truth[p.Right] && fp++ < 10)
                Console.WriteLine($"  FALSE p={p.Probability:F3} {Show(recs[p.Left])} | {Show(recs[p.Right])}\n      " + string.Join("; ", p.Contributions.Select(c => $"{c.Field}:{c.Level}:{c.Weight:F1}")));
    }

    private static string Show(PersonRecord r) => $"[{r.Forenames} {r.Surname} {r.DateOfBirth}{r.DateOfBirthText} {r.Postcode} {r.City} {r.Email} {r.Address} {r.Identifier}]";
}
