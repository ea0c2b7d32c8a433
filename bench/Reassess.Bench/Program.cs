using System.Diagnostics;
using System.Globalization;
using Reassess.Bench;
using Reassess.Linkage;

// Linkage benchmark (not a test): pairwise precision, recall and F1 of `dedupe` on the public sets with ground truth,
// and a scale run on synthetic records.
//   dotnet run -c Release --project bench/Reassess.Bench -- accuracy [DATA_DIR]      (default ../shared/data/linkage)
//   dotnet run -c Release --project bench/Reassess.Bench -- scale [RECORDS]          (default 5,000,000)
var mode = args.Length > 0 ? args[0] : "accuracy";
if (mode == "scale")
{
    var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000_000;
    ScaleRun.Run(count);
    return 0;
}
var dir = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "linkage");
var sets = new (string File, string Id, string[] Columns, Func<string, Dictionary<string, string>, string> Truth)[]
{
    ("febrl1.csv", "rec_id", Febrl(), (id, _) => FebrlTruth(id)),
    ("febrl2.csv", "rec_id", Febrl(), (id, _) => FebrlTruth(id)),
    ("fake_1000.csv", "unique_id", ["forenames=first_name", "surname=surname", "dob=dob:yyyy-MM-dd", "city=city", "email=email"], (_, row) => row["cluster"]),
};
// A synthetic extract's people.csv joined to its truth (bench/synth-people.py), as a fourth set when asked for.
if (Environment.GetEnvironmentVariable("SYNTH_PEOPLE") is { Length: > 0 } synthPeople)
    sets = [.. sets, (synthPeople, "id", ["forenames=forenames", "surname=surname", "dob=date_of_birth:yyyy-MM-dd", "sex=sex", "postcode=postcode", "occupation=occupation", "identifier=pnc_id"], (_, row) => row["real_person_id"])];
Console.WriteLine($"{"data set",-16} {"records",8} {"comparisons",12} {"seconds",8} {"precision",9} {"recall",7} {"F1",7}");
foreach (var (file, id, columns, truth) in sets)
{
    var path = Path.Combine(dir, file);
    var watch = Stopwatch.StartNew();
    var outcome = Dedupe.Run(path, null, id, columns.Select(ColumnMapping.Parse).ToList(), new LinkageOptions { ProposeProbability = args.Contains("--misses") ? 0.001 : 0.5, MatchProbability = double.Parse(Environment.GetEnvironmentVariable("T") ?? "0.9", CultureInfo.InvariantCulture) });
    var seconds = watch.Elapsed.TotalSeconds;
    var rows = TruthFile.Read(path);
    var truthOf = outcome.Records.Select(r => truth(r.Id, rows[r.Id])).ToArray();
    var (p, r, f) = PairwiseScore.Of(outcome.Result.ClusterOf, truthOf);
    Console.WriteLine($"{file,-16} {outcome.Records.Count,8} {outcome.Result.Comparisons,12:N0} {seconds,8:F2} {p,9:F4} {r,7:F4} {f,7:F4}");
    if (args.Contains("--misses")) Misses.Print(outcome, truthOf, 40);
    if (args.Contains("--model"))
    {
        Console.WriteLine($"  λ = {outcome.Result.Model.Lambda:G4}, iterations {outcome.Result.Model.Iterations}");
        foreach (var (field, levels) in outcome.Result.Model.Fields)
            Console.WriteLine($"  {field}: " + string.Join("; ", levels.Select(l => $"{l.Level} m={l.M:F3} u={l.U:G3} w={l.Weight:F1}")));
    }
}
return 0;

static string[] Febrl() =>
[
    "forenames=given_name", "surname=surname", "address=street_number", "address=address_1", "address=address_2",
    "city=suburb", "postcode=postcode", "dob=date_of_birth:yyyyMMdd", "identifier=soc_sec_id",
];

static string FebrlTruth(string id) => id.Split('-')[1];
