using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Reassess.Import;
using Reassess.Records;
using Reassess.Reporting;
using Reassess.Storage;
using Reassess.Synthesis;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>
/// <c>reassess demo</c>: the whole job on a Met-sized synthetic extract — generate, import, screen with met-2025, and
/// print what a review lead wants to see first.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<DemoCommand.Settings>
{
    public const string DefaultDatabase = "reassess-demo.db";

    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--no-serve")]
        [Description("Run the pipeline, print the summary and exit (for scripts and CI).")]
        public bool NoServe { get; init; }

        [CommandOption("--scale <SCALE>")]
        [Description("Size of the synthetic extract: met (default), national or a number of investigations.")]
        public string? Scale { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("The as-of date of the extract and the screening, YYYY-MM-DD (default today, UTC).")]
        public string? AsOf { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Random seed of the synthetic extract (default 1).")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--keep <DIR>")]
        [Description("Write the synthetic bundle (and its truth/) to DIR and keep it, instead of a temporary folder.")]
        public string? Keep { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = DatabaseTarget.Parse(string.IsNullOrWhiteSpace(settings.Db) ? DefaultDatabase : settings.Db);
        var options = SynthOptions.From(settings.Scale, null, 15, settings.AsOf, settings.Seed, time);
        var total = Stopwatch.StartNew();
        var bundle = settings.Keep ?? Path.Combine(Path.GetTempPath(), "reassess-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // 1. Generate.
            var step = Stopwatch.StartNew();
            var summary = ExtractGenerator.WriteBundle(options, bundle);
            Say($"Generated a synthetic extract ({options.Scale}, 15 years to {options.AsOf:yyyy-MM-dd}): {summary.Investigations:N0} investigations, " +
                $"{summary.People:N0} people, {summary.Networks} planted networks", step);

            // 2. Import into a fresh demo database.
            step.Restart();
            DeleteSqlite(target);
            var outcome = await new BundleImporter(time).ImportAsync(target, bundle, new ImportOptions { ImportedBy = "demo" }, null, cancellationToken);
            if (!outcome.Succeeded)
            {
                foreach (var error in outcome.Errors.Take(20)) await Console.Error.WriteLineAsync(error.ToString());
                throw new InvalidInputException($"The synthetic extract did not import: {outcome.Errors.Count} error(s).");
            }
            Say($"Imported into {target.Describe()} (batch {outcome.Batch!.Id})", step);

            // 3. What the review lead wants first.
            step.Restart();
            await using (var db = ReassessDatabase.CreateContext(target))
            {
                var scope = await DataQualityScope.LoadAsync(db, null, cancellationToken);
                PrintDataGaps(DataQualityCounts.Count(scope));
            }
            Say("Summarised", step);

            console.MarkupLineInterpolated($"[bold]Pipeline finished in {total.Elapsed.TotalSeconds:F1} s.[/]");
            if (!settings.NoServe)
                console.WriteLine("The workbench is not part of this build yet; run again with --no-serve to skip this note.");
            return ExitCodes.Success;
        }
        finally
        {
            if (settings.Keep is null && Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
        }
    }

    private void Say(string what, Stopwatch step) =>
        console.MarkupLineInterpolated($"{what} [grey]({step.Elapsed.TotalSeconds:F1} s)[/]");

    /// <summary>A demo database starts empty each time: the file and its journal are removed (PostgreSQL is left alone).</summary>
    private static void DeleteSqlite(DatabaseTarget target)
    {
        if (target.Engine != DatabaseEngine.Sqlite) return;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            if (File.Exists(file + suffix)) File.Delete(file + suffix);
    }

    private void PrintDataGaps(IReadOnlyList<DataQualityRow> rows)
    {
        var table = new Table().Title("Data gaps: self-defined ethnicity (child sexual offence investigations)")
            .AddColumns("role", "people", "recorded", "not stated (NS)", "not recorded", "of which officer-observed only");
        foreach (var role in new[] { InvolvementRole.Suspect, InvolvementRole.Victim })
        {
            var r = rows.Where(x => x.Role == role).ToList();
            var people = r.Sum(x => x.People);
            table.AddRow(Token.Of(role), N(people), Pct(r.Sum(x => x.EthnicityRecorded), people), Pct(r.Sum(x => x.EthnicityNotStated), people),
                Pct(r.Sum(x => x.EthnicityMissing), people), Pct(r.Sum(x => x.OfficerObservedOnly), people));
        }
        console.Write(table);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(int n, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} ({(of == 0 ? 0 : 100.0 * n / of):F0}%)");
}
