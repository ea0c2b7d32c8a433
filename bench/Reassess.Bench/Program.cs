using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reassess.Bench;
using Reassess.Linkage.Matching;

// Linkage benchmark (not a test): pairwise precision, recall and F1 of `dedupe` on the public sets with ground truth
// and on sets generated from them with a documented noise model (NoisySets.cs), and a scale run on synthetic records.
//   dotnet run -c Release --project bench/Reassess.Bench -- accuracy [DATA_DIR] [--label NAME] [--md FILE] [--reliability] [--misses] [--model]
//   dotnet run -c Release --project bench/Reassess.Bench -- scale [RECORDS]          (default 5,000,000)
// DATA_DIR defaults to ../shared/data/linkage. --md appends one markdown row per set (bench/linkage-accuracy.md);
// --reliability prints, per band of printed match probability, the share of scored pairs that are true matches.
// T=0.9 in the environment fixes the match probability; unset, the engine chooses it from the fitted model.
var mode = args.Length > 0 ? args[0] : "accuracy";
if (mode == "scale")
{
    var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000_000;
    ScaleRun.Run(count);
    return 0;
}
var dir = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine("..", "shared", "data", "linkage");
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var label = Option("--label") ?? "current";
var md = Option("--md");
var work = Path.Combine(Path.GetTempPath(), "reassess-linkage-bench");
Directory.CreateDirectory(work);
var rldata = RlData(dir, work);
string[] namesDates = ["forenames=forenames", "surname=surname", "dob=dob:yyyy-MM-dd"];
string[] historical = [.. namesDates, "birth_place=birth_place", "occupation=occupation", "postcode=postcode"];
var sets = new List<(string Name, string Path, string Id, string[] Columns, Func<string, Dictionary<string, string>, string> Truth)>
{
    ("febrl1", Path.Combine(dir, "febrl1.csv"), "rec_id", Febrl(), (id, _) => FebrlTruth(id)),
    ("febrl2", Path.Combine(dir, "febrl2.csv"), "rec_id", Febrl(), (id, _) => FebrlTruth(id)),
    ("fake_1000", Path.Combine(dir, "fake_1000.csv"), "unique_id", ["forenames=first_name", "surname=surname", "dob=dob:yyyy-MM-dd", "city=city", "email=email"], (_, row) => row["cluster"]),
    ("RLdata500", rldata, "record_id", namesDates, (_, row) => row["label_true"]),
};
foreach (var seed in new[] { 1, 2 })
{
    var (hist, nd) = NoisySets.Write(dir, work, seed);
    sets.Add(($"gen-historical-{seed}", hist, "id", historical, (_, row) => row["truth"]));
    sets.Add(($"gen-names-dates-{seed}", nd, "id", namesDates, (_, row) => row["truth"]));
}
// A synthetic extract's people.csv joined to its truth (bench/synth-people.py), as a further set when asked for.
if (Environment.GetEnvironmentVariable("SYNTH_PEOPLE") is { Length: > 0 } synthPeople)
    sets.Add(("synth-people", synthPeople, "id", ["forenames=forenames", "surname=surname", "dob=date_of_birth:yyyy-MM-dd", "sex=sex", "postcode=postcode", "occupation=occupation", "identifier=pnc_id"], (_, row) => row["real_person_id"]));
Console.WriteLine($"{"data set",-20} {"records",8} {"comparisons",12} {"seconds",8} {"threshold",9} {"precision",9} {"recall",7} {"F1",7}");
var reliability = args.Contains("--reliability");
var bands = new[] { 0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0000001 };
var bandTotal = new long[bands.Length - 1];
var bandTrue = new long[bands.Length - 1];
var bandSum = new double[bands.Length - 1];
foreach (var (name, path, id, columns, truth) in sets)
{
    var watch = Stopwatch.StartNew();
    // As `reassess dedupe` runs by default (Dedupe.Options), T=0.9 fixing the cut, SPLIT=0 turning the consistency split off.
    var fixedCut = Environment.GetEnvironmentVariable("T") is { Length: > 0 } t ? double.Parse(t, CultureInfo.InvariantCulture) : (double?)null;
    var options = Dedupe.Options(1, fixedCut, Environment.GetEnvironmentVariable("SPLIT") != "0", args.Contains("--misses") || args.Contains("--diagnose") || reliability ? 0.001 : 0.5,
        Environment.GetEnvironmentVariable("TARGET") is { Length: > 0 } target ? double.Parse(target, CultureInfo.InvariantCulture) : null);
    var outcome = Dedupe.Run(path, null, id, columns.Select(ColumnMapping.Parse).ToList(), options);
    var seconds = watch.Elapsed.TotalSeconds;
    var rows = TruthFile.Read(path);
    var truthOf = outcome.Records.Select(r => truth(r.Id, rows[r.Id])).ToArray();
    var (p, r, f) = PairwiseScore.Of(outcome.Result.ClusterOf, truthOf);
    var threshold = outcome.Result.MatchProbability;
    Console.WriteLine($"{name,-20} {outcome.Records.Count,8} {outcome.Result.Comparisons,12:N0} {seconds,8:F2} {threshold,9:F4} {p,9:F4} {r,7:F4} {f,7:F4}");
    if (md is not null)
        File.AppendAllText(md, string.Create(CultureInfo.InvariantCulture, $"| {label} | {name} | {outcome.Records.Count} | {threshold:F3} | {p:F4} | {r:F4} | **{f:F4}** | {seconds:F1} |\n"));
    if (args.Contains("--misses")) Misses.Print(outcome, truthOf, 40);
    if (args.Contains("--diagnose")) Diagnose.Print(outcome, truthOf, 15);
    if (reliability)
    {
        var local = new StringBuilder("  reliability:");
        var lt = new long[bandTotal.Length];
        var lk = new long[bandTotal.Length];
        foreach (var pair in outcome.Result.Pairs)
        {
            var b = Array.FindLastIndex(bands, x => x <= pair.Probability);
            if (b < 0 || b >= lt.Length) continue;
            lt[b]++;
            bandTotal[b]++;
            bandSum[b] += pair.Probability;
            if (truthOf[pair.Left] == truthOf[pair.Right])
            {
                lk[b]++;
                bandTrue[b]++;
            }
        }
        for (var b = 0; b < lt.Length; b++)
            if (lt[b] > 0) local.Append(CultureInfo.InvariantCulture, $" [{bands[b]:G3},{Math.Min(1, bands[b + 1]):G3}) {lk[b]}/{lt[b]}={(double)lk[b] / lt[b]:F3};");
        Console.WriteLine(local);
    }
    if (args.Contains("--model"))
    {
        Console.WriteLine($"  λ = {outcome.Result.Model.Lambda:G4}, iterations {outcome.Result.Model.Iterations}");
        foreach (var (field, levels) in outcome.Result.Model.Fields)
            Console.WriteLine($"  {field}: " + string.Join("; ", levels.Select(l => $"{l.Level} m={l.M:F3} u={l.U:G3} w={l.Weight:F1}")));
    }
}
if (reliability)
{
    Console.WriteLine("reliability over all sets: band, pairs, mean printed probability, share truly matching");
    for (var b = 0; b < bandTotal.Length; b++)
        if (bandTotal[b] > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| [{bands[b]:G3}, {Math.Min(1, bands[b + 1]):G3}) | {bandTotal[b]} | {bandSum[b] / bandTotal[b]:F3} | {(double)bandTrue[b] / bandTotal[b]:F3} |"));
}
return 0;

static string[] Febrl() =>
[
    "forenames=given_name", "surname=surname", "address=street_number", "address=address_1", "address=address_2",
    "city=suburb", "postcode=postcode", "dob=date_of_birth:yyyyMMdd", "identifier=soc_sec_id",
];

static string FebrlTruth(string id) => id.Split('-')[1];

// RLdata500 splits names into two parts and the birth date into by, bm, bd (some impossible, month 13): joined into
// one file with a yyyy-MM-dd date, the impossible ones kept as their digits by the reader.
static string RlData(string dir, string work)
{
    var path = Path.Combine(work, "RLdata500-joined.csv");
    var sb = new StringBuilder("record_id,label_true,forenames,surname,dob\n");
    foreach (var row in TruthFile.Read(Path.Combine(dir, "RLdata500.csv")).Values)
    {
        var fore = $"{row["fname_c1"]} {row["fname_c2"]}".Trim();
        var sur = $"{row["lname_c1"]} {row["lname_c2"]}".Trim();
        var dob = string.Create(CultureInfo.InvariantCulture, $"{int.Parse(row["by"], CultureInfo.InvariantCulture):0000}-{int.Parse(row["bm"], CultureInfo.InvariantCulture):00}-{int.Parse(row["bd"], CultureInfo.InvariantCulture):00}");
        sb.Append(CultureInfo.InvariantCulture, $"{row["record_id"]},{row["label_true"]},{fore},{sur},{dob}\n");
    }
    File.WriteAllText(path, sb.ToString());
    return path;
}
