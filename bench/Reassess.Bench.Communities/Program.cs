using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reassess.Audit;
using Reassess.Composition;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Storage;

// Community detection against the reference implementation (issue 23 item 6). Links a database once, keeping the graph
// community detection runs on (resolved people and weighted links: numbers only, no record data), writes it as
// DIR/graph.tsv, then times Reassess's Louvain on it over several rounds and writes its partition and modularity.
// bench/communities.py runs leidenalg on the same file and compares; bench/communities.sh runs both.
//
//   dotnet run -c Release --project bench/Reassess.Bench.Communities -- --db FILE --out DIR [--rounds 3] [--seed 1]
//   … -- --graph DIR/graph.tsv --out DIR     any graph in that format instead (e.g. bench/communities.py --sbm writes one)
var db = Arg("--db");
var graphFile = Arg("--graph");
var outDir = Arg("--out") ?? throw new ArgumentException("--out DIR is required");
var rounds = int.Parse(Arg("--rounds") ?? "3", CultureInfo.InvariantCulture);
var seed = int.Parse(Arg("--seed") ?? "1", CultureInfo.InvariantCulture);
Directory.CreateDirectory(outDir);

int nodes = 0;
WeightedEdge[] edges = [];
if (graphFile is not null)
{
    var lines = await File.ReadAllLinesAsync(graphFile);
    nodes = int.Parse(lines[0].Split('\t')[1], CultureInfo.InvariantCulture);
    edges = [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c =>
        new WeightedEdge(int.Parse(c[0], CultureInfo.InvariantCulture), int.Parse(c[1], CultureInfo.InvariantCulture), double.Parse(c[2], CultureInfo.InvariantCulture)))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph {graphFile}: {nodes:N0} nodes, {edges.Length:N0} edges"));
}
else
{
    var target = DatabaseTarget.Parse(db ?? throw new ArgumentException("--db FILE (an imported database; it is linked again) or --graph FILE is required"));
    await ReassessDatabase.MigrateAsync(target, CancellationToken.None);
    var link = Stopwatch.StartNew();
    var audit = AuditTrail.For(target, time: TimeProvider.System);
    await PipelineLinkage.Create(seed, TimeProvider.System, audit)
        .RunAsync(target, new LinkOptions(seed, Restart: true, "bench:communities", CommunityGraph: (n, e) => (nodes, edges) = (n, [.. e])), null, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"link: {link.Elapsed.TotalSeconds:0.0} s; graph: {nodes:N0} nodes, {edges.Length:N0} edges"));
    await using var writer = new StreamWriter(Path.Combine(outDir, "graph.tsv"), false, new UTF8Encoding(false));
    await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"nodes\t{nodes}"));
    foreach (var e in edges) await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.From}\t{e.To}\t{e.Weight:R}"));
}

int[] membership = [];
var seconds = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var watch = Stopwatch.StartNew();
    membership = Louvain.Communities(nodes, edges, seed);
    seconds.Add(watch.Elapsed.TotalSeconds);
}
var modularity = Louvain.Modularity(nodes, edges, membership);
await File.WriteAllLinesAsync(Path.Combine(outDir, "reassess.membership"), membership.Select(c => c.ToString(CultureInfo.InvariantCulture)));
var line = string.Create(CultureInfo.InvariantCulture,
    $"reassess\t{modularity:0.000000}\t{membership.Distinct().Count()}\t{string.Join(',', seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}");
await File.WriteAllTextAsync(Path.Combine(outDir, "reassess.tsv"), "implementation\tmodularity\tcommunities\tseconds\n" + line + "\n");
Console.WriteLine(line);
return 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
