using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Reassess.Synthesis;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess synth --out DIR</c>: a synthetic force extract with its ground truth.</summary>
public sealed class SynthCommand(IAnsiConsole console, TimeProvider time) : Command<SynthCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Folder to write the bundle into (created); the ground truth goes to DIR/truth/, never imported.")]
        public string? Out { get; init; }

        [CommandOption("--scale <SCALE>")]
        [Description("met (default: 15 years of the Metropolitan Police, about 9,000 met-2025 candidates), national (43 forces, about 1,200,000 investigations) or a number of investigations.")]
        public string? Scale { get; init; }

        [CommandOption("--forces <N>")]
        [Description("Number of forces, largest first (default 1; 43 for national).")]
        public int? Forces { get; init; }

        [CommandOption("--years <N>")]
        [Description("Years of recorded crime ending at the as-of date (default 15).")]
        public int Years { get; init; } = 15;

        [CommandOption("--as-of <DATE>")]
        [Description("Last day of the extract, YYYY-MM-DD (default today, UTC).")]
        public string? AsOf { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Random seed (default 1): the same seed and as-of date give the same bytes.")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--rough")]
        [Description("A bundle unlike this generator's: up to 5 forces, suspects recurring across investigations and forces, names from many languages, hub identifiers, every file's rows shuffled; no ground truth. --scale is then a number of investigations (default 20000), --forces 1 to 5 (default 3).")]
        public bool Rough { get; init; }

        [CommandOption("--hubs <N>")]
        [Description("With --rough: identifiers (a taxi firm's phone, a hostel's address, a fleet car) each recorded with many people (default 4).")]
        public int Hubs { get; init; } = 4;

        [CommandOption("--hub-people <N>")]
        [Description("With --rough: people each hub identifier is recorded with (default 300).")]
        public int HubPeople { get; init; } = 300;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("synth needs --out DIR.");
        if (settings.Rough) return Rough(settings);
        var options = SynthOptions.From(settings.Scale, settings.Forces, settings.Years, settings.AsOf, settings.Seed, time);
        var watch = Stopwatch.StartNew();
        var summary = ExtractGenerator.WriteBundle(options, settings.Out);
        watch.Stop();
        console.WriteLine(SynthOptions.Describe(options, summary, settings.Out, watch.Elapsed));
        return ExitCodes.Success;
    }

    private int Rough(Settings settings)
    {
        var investigations = settings.Scale is null ? 20_000
            : int.TryParse(settings.Scale, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 2_000_000 ? n
            : throw new UsageException($"--scale '{settings.Scale}': with --rough, give a number of investigations from 1 to 2,000,000.");
        var forces = settings.Forces ?? 3;
        if (forces is < 1 or > 5) throw new UsageException($"--forces {forces}: with --rough, give 1 to 5 forces.");
        if (settings.Hubs is < 0 or > 1_000) throw new UsageException($"--hubs {settings.Hubs}: give 0 to 1,000 hub identifiers.");
        if (settings.HubPeople is < 1 or > 100_000) throw new UsageException($"--hub-people {settings.HubPeople}: give 1 to 100,000 people a hub.");
        var seed = (int)(settings.Seed % int.MaxValue);
        var shape = new RoughBundleShape(seed, forces, investigations, Offenders: Math.Max(1, investigations * 3 / 5), settings.Hubs, settings.HubPeople,
            HubInvestigations: Math.Min(50, investigations));
        var watch = Stopwatch.StartNew();
        Directory.CreateDirectory(settings.Out!);
        var bundle = RoughBundle.Build(shape);
        bundle.WriteTo(settings.Out!, shuffleSeed: seed + 1);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote a rough bundle to {settings.Out}: {bundle.InvestigationRows:N0} investigations, {bundle.PeopleRows:N0} nominals in {forces} force(s), {settings.Hubs} hub identifier(s) with {settings.HubPeople:N0} people each, rows shuffled (seed {settings.Seed}); no ground truth, in {watch.Elapsed.TotalSeconds:F1} s."));
        return ExitCodes.Success;
    }
}

/// <summary>Reads the generator's options from command-line text (shared by <c>synth</c> and <c>demo</c>).</summary>
internal static class SynthOptions
{
    public static SynthesisOptions From(string? scale, int? forces, int years, string? asOf, ulong seed, TimeProvider time)
    {
        if (!SynthesisScale.TryParse(scale, out var parsed))
            throw new UsageException($"--scale must be met, national or a number of investigations, not '{scale}'.");
        if (forces is < 1 || forces > ForceCatalogue.All.Count)
            throw new UsageException($"--forces must be 1 to {ForceCatalogue.All.Count}.");
        if (years is < 1 or > 50) throw new UsageException("--years must be 1 to 50.");
        DateOnly day;
        if (asOf is null) day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        else if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            throw new UsageException($"--as-of must be a date YYYY-MM-DD, not '{asOf}'.");
        return new SynthesisOptions { Scale = parsed, Forces = forces, Years = years, AsOf = day, Seed = seed };
    }

    public static string Describe(SynthesisOptions options, SynthesisSummary s, string dir, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"""
            Wrote {dir}: {s.Forces} force(s), {s.Investigations:N0} investigations, {s.People:N0} people, {s.Involvements:N0} involvements, {s.Identifiers:N0} identifiers
            (scale {options.Scale}, {options.Years} years to {options.AsOf:yyyy-MM-dd}, seed {options.Seed}) in {elapsed.TotalSeconds:F1} s.
            Ground truth in {Path.Combine(dir, BundleWriter.TruthFolder)}: {s.Networks} planted networks ({s.CrossForceNetworks} across two forces), {s.NetworkInvestigations} network investigations, {s.MissedGroups} with only one suspect recorded.
            """);

}
