using System.Globalization;
using Reassess.Output;

namespace Reassess.Linkage.Matching;

/// <summary>The outcome of deduplicating one CSV of people, or linking two.</summary>
public sealed record DedupeOutcome(IReadOnlyList<PersonRecord> Records, LinkageResult Result, bool Linked);

/// <summary>
/// <c>reassess dedupe</c>: the linkage engine on any CSV of people. One file is deduplicated; with a second file the
/// two are linked (only pairs across the files are compared). Output (docs/outputs.md): <c>id,cluster_id</c>, or
/// <c>file,id,cluster_id</c> when linking, every input id exactly once, in input order.
/// </summary>
public static class Dedupe
{
    public static DedupeOutcome Run(string file, string? linkFile, string idColumn, IReadOnlyList<ColumnMapping> columns, LinkageOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var linked = linkFile is not null;
        var records = PeopleCsv.Read(file, idColumn, columns, linked ? 1 : 0).Records;
        if (linkFile is not null) records.AddRange(PeopleCsv.Read(linkFile, idColumn, columns, 2).Records);
        var linkOptions = linked && !options.LinkOnly ? Copy(options, linkOnly: true) : options;
        var result = new LinkageEngine().Run(records, linkOptions, progress: progress, cancellationToken: cancellationToken);
        return new DedupeOutcome(records, result, linked);
    }

    /// <summary>
    /// The options <c>reassess dedupe</c> runs with: the match probability chosen from the fitted model unless one is
    /// given (<see cref="Threshold"/>), and clusters split where their members contradict one another
    /// (<see cref="ClusterConsistency"/>).
    /// </summary>
    public static LinkageOptions Options(int seed, double? matchProbability = null, bool splitContradictions = true, double proposeProbability = 0.5, double? targetPrecision = null) => new()
    {
        Seed = seed,
        MatchProbability = matchProbability ?? 0.9,
        ChooseMatchProbability = matchProbability is null,
        TargetPrecision = targetPrecision ?? new LinkageOptions().TargetPrecision,
        SplitContradictions = splitContradictions,
        ProposeProbability = proposeProbability,
    };

    public static void WriteClusters(DedupeOutcome outcome, string path)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var csv = CsvOutput.Create(path, outcome.Linked ? ["file", "id", "cluster_id"] : ["id", "cluster_id"], ["file", "cluster_id"]);
        for (var i = 0; i < outcome.Records.Count; i++)
        {
            var r = outcome.Records[i];
            var cluster = outcome.Result.ClusterOf[i].ToString(CultureInfo.InvariantCulture);
            if (outcome.Linked) csv.WriteRow(r.Source.ToString(CultureInfo.InvariantCulture), r.Id, cluster);
            else csv.WriteRow(r.Id, cluster);
        }
    }

    private static LinkageOptions Copy(LinkageOptions o, bool linkOnly) => new()
    {
        Seed = o.Seed,
        MatchProbability = o.MatchProbability,
        ChooseMatchProbability = o.ChooseMatchProbability,
        TargetPrecision = o.TargetPrecision,
        SplitContradictions = o.SplitContradictions,
        ProposeProbability = o.ProposeProbability,
        LinkOnly = linkOnly,
        DeterministicIdentifier = o.DeterministicIdentifier,
        RandomPairs = o.RandomPairs,
        MaxPairsPerRule = o.MaxPairsPerRule,
        MaxIterations = o.MaxIterations,
        EmPairs = o.EmPairs,
        Threads = o.Threads,
    };
}
