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
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("synth needs --out DIR.");
        var options = SynthOptions.From(settings.Scale, settings.Forces, settings.Years, settings.AsOf, settings.Seed, time);
        var watch = Stopwatch.StartNew();
        var summary = ExtractGenerator.WriteBundle(options, settings.Out);
        watch.Stop();
        console.WriteLine(SynthOptions.Describe(options, summary, settings.Out, watch.Elapsed));
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
