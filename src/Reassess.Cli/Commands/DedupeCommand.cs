using System.ComponentModel;
using System.Diagnostics;
using Reassess.Linkage.Matching;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess dedupe FILE --id COL --column ROLE=COL[:format] … [--link FILE2] --out clusters.csv</c>.</summary>
public sealed class DedupeCommand : Command<DedupeCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("CSV of people (one header row).")]
        public string File { get; init; } = "";

        [CommandOption("--id <COLUMN>")]
        [Description("Column holding each record's id (unique within its file).")]
        public string? Id { get; init; }

        [CommandOption("--column <ROLE=COLUMN>")]
        [Description("Role of a column: forenames, surname, full_name, dob[[:format]], sex, postcode, address, city, phone, email, birth_place, occupation, identifier, ethnicity (self-defined 18+1 code), observed_ethnicity (IC code), nationality. Repeat for each; a role given twice is joined.")]
        public string[] Columns { get; init; } = [];

        [CommandOption("--link <FILE2>")]
        [Description("Link FILE to FILE2 (same columns) instead of deduplicating FILE.")]
        public string? Link { get; init; }

        [CommandOption("--out <CSV>")]
        [Description("Where to write id,cluster_id (file,id,cluster_id with --link).")]
        public string? Out { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the random sampling (default 1): the same seed gives the same clusters.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--threshold <PROBABILITY>")]
        [Description("Match probability at which records are clustered together (default: chosen from the fitted model).")]
        public double? Threshold { get; init; }

        [CommandOption("--no-split")]
        [Description("Keep clusters as linked, even where their members contradict one another (default: split them).")]
        public bool NoSplit { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Id)) throw new UsageException("dedupe needs --id COLUMN.");
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("dedupe needs --out FILE.");
        if (settings.Columns.Length == 0) throw new UsageException("dedupe needs at least one --column ROLE=COLUMN.");
        if (settings.Threshold is <= 0 or >= 1) throw new UsageException("--threshold must be between 0 and 1.");
        var columns = new List<ColumnMapping>();
        foreach (var spec in settings.Columns)
        {
            try
            {
                columns.Add(ColumnMapping.Parse(spec));
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        var options = Dedupe.Options(settings.Seed, settings.Threshold, !settings.NoSplit);
        var watch = Stopwatch.StartNew();
        var outcome = Dedupe.Run(settings.File, settings.Link, settings.Id, columns, options, new SyncProgress(), cancellationToken);
        Dedupe.WriteClusters(outcome, settings.Out);
        var clusters = outcome.Result.ClusterOf.Length == 0 ? 0 : outcome.Result.ClusterOf.Max() + 1;
        Console.Error.WriteLine($"dedupe: {outcome.Records.Count:N0} records, {outcome.Result.Comparisons:N0} comparisons, {clusters:N0} clusters (match probability {outcome.Result.MatchProbability:0.###}, {outcome.Result.SplitClusters:N0} split on contradictions) in {watch.Elapsed.TotalSeconds:F1}s → {settings.Out}");
        return ExitCodes.Success;
    }

    /// <summary>Writes progress lines to stderr as they happen (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SyncProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"dedupe: {value}");
    }
}
