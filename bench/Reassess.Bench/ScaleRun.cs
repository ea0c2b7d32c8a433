using System.Diagnostics;
using Reassess.Linkage.Matching;

namespace Reassess.Bench;

/// <summary>
/// Scale run: synthetic people (fictional names from small lists, made-up postcodes), a fifth of them recorded twice
/// with typing errors, linked end to end; prints time, comparisons per second, peak memory and pairwise F1.
/// </summary>
internal static class ScaleRun
{
    private static readonly string[] Forenames =
    [
        "oliver", "jack", "harry", "george", "noah", "charlie", "jacob", "alfie", "freddie", "oscar", "leo", "logan", "archie",
        "theo", "thomas", "james", "joshua", "henry", "william", "max", "lucas", "ethan", "arthur", "mason", "isaac", "harrison",
        "olivia", "amelia", "isla", "ava", "emily", "sophia", "grace", "mia", "poppy", "ella", "lily", "evie", "isabella",
        "sophie", "ivy", "freya", "harper", "willow", "daisy", "alice", "sienna", "florence", "matilda", "ruby", "mohammed",
        "aisha", "fatima", "zara", "omar", "yusuf", "priya", "arjun", "ravi", "sanjay", "kofi", "ama", "chidi", "ngozi",
        "piotr", "agnieszka", "tomasz", "katarzyna", "andrei", "elena", "dmitri", "irina", "sean", "siobhan", "ciaran", "aoife",
        "rhys", "cerys", "dylan", "megan", "callum", "eilidh", "fraser", "morag", "kieran", "niamh", "connor", "erin",
    ];

    private static readonly string[] SurnameStems =
    [
        "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson", "wright", "thompson",
        "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson", "clarke", "patel", "khan", "singh", "ahmed",
        "ali", "hussain", "begum", "kowalski", "nowak", "murphy", "kelly", "obrien", "campbell", "stewart", "macdonald",
        "okafor", "mensah", "adeyemi", "chen", "wang", "nguyen", "silva", "santos", "novak", "ivanov", "popescu", "horvat",
    ];

    private static readonly string[] Suffixes = ["", "", "", "son", "ton", "ley", "ford", "well", "by", "field", "worth", "ham", "er", "man", "s", "wick"];

    public static void Run(int people)
    {
        var rng = new Random(7);
        var records = new List<PersonRecord>(people + people / 5);
        var truth = new List<int>(people + people / 5);
        var surnames = new List<string>();
        foreach (var s in SurnameStems)
            foreach (var x in Suffixes.Distinct())
                surnames.Add(s + x);
        string Typo(string s)
        {
            if (s.Length < 3) return s;
            var i = rng.Next(1, s.Length - 1);
            return rng.Next(3) switch
            {
                0 => s[..i] + s[(i + 1)..],
                1 => s[..i] + (char)('a' + rng.Next(26)) + s[(i + 1)..],
                _ => s[..(i - 1)] + s[i] + s[i - 1] + s[(i + 1)..],
            };
        }
        for (var p = 0; p < people; p++)
        {
            var fore = Forenames[rng.Next(Forenames.Length)];
            var sur = surnames[(int)Math.Min(surnames.Count - 1, Math.Abs(rng.NextDouble() * rng.NextDouble()) * surnames.Count)];
            var dob = new DateOnly(1930, 1, 1).AddDays(rng.Next(80 * 365));
            var postcode = $"ZZ{rng.Next(1, 99)} {rng.Next(0, 9)}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}";
            var sex = rng.Next(2) == 0 ? "M" : "F";
            records.Add(new PersonRecord($"p{p}", fore, sur, dob, sex, postcode));
            truth.Add(p);
            if (rng.Next(5) == 0)
            {
                var f2 = rng.Next(4) == 0 ? Typo(fore) : fore;
                var s2 = rng.Next(4) == 0 ? Typo(sur) : sur;
                var d2 = rng.Next(6) == 0 ? dob.AddDays(rng.Next(-40, 40)) : dob;
                var pc2 = rng.Next(3) == 0 ? null : postcode;
                records.Add(new PersonRecord($"d{p}", f2, s2, d2, sex, pc2));
                truth.Add(p);
            }
        }
        Console.WriteLine($"{records.Count:N0} synthetic records");
        var watch = Stopwatch.StartNew();
        var result = new LinkageEngine().Run(records, new LinkageOptions(), progress: new Stamp(watch));
        var seconds = watch.Elapsed.TotalSeconds;
        var (pr, rc, f1) = PairwiseScore.Of(result.ClusterOf, truth.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine($"CPU time {cpu:F1}s ({result.Comparisons / cpu:N0} comparisons per CPU-second, whole run)");
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024);
        Console.WriteLine($"{seconds:F1}s, {result.Comparisons:N0} comparisons ({result.Comparisons / seconds:N0}/s overall), peak working set {peak:F2} GB");
        Console.WriteLine($"precision {pr:F4} recall {rc:F4} F1 {f1:F4}");
    }

    private sealed class Stamp(Stopwatch watch) : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine($"[{watch.Elapsed.TotalSeconds,6:F1}s, CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,6:F1}s] {value}");
    }
}
