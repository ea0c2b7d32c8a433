using System.ComponentModel;
using System.Globalization;
using Reassess.Linkage;
using Reassess.Screening;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess screen --profile P</c>: screens every stored investigation, records the run, updates the review queue.</summary>
public sealed class ScreenCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ScreenCommand.Settings>
{
    public sealed class Settings : ProfileSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write the candidates as CSV (force,investigation_id,typologies,basis,priority,priority_factors,…).")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var profile = settings.LoadProfile();
        var asOf = settings.ParseAsOf();
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var service = new ScreeningService(time, new StoredLinkageFacts(), settings.AuditTrail);
        var started = time.GetTimestamp();
        var outcome = await service.ScreenAsync(target, profile, asOf, ShellEnvironment.AuditActorName, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        if (settings.Out is not null)
            await new Audit.AuditedOperations(settings.AuditTrail).FileExportedAsync(ShellEnvironment.AuditActorName, "candidates export", settings.Out, "reassess screen --out", cancellationToken);

        if (settings.Out is not null)
        {
            await using var writer = new StreamWriter(settings.Out, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
            ScreeningCsv.Write(writer, outcome);
        }
        Print(outcome, elapsed);
        if (settings.Out is not null) console.WriteLine($"Candidates written to {settings.Out}.");
        return ExitCodes.Success;
    }

    private void Print(ScreeningOutcome outcome, TimeSpan elapsed)
    {
        var s = outcome.Summary;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        console.WriteLine($"Profile {outcome.Profile.Name} version {outcome.Profile.Version}, as of {outcome.AsOf:yyyy-MM-dd}" +
                          (outcome.Run is { } run ? $" (run {run.Id})" : ""));
        console.WriteLine($"Investigations considered: {N(s.Considered)} in {elapsed.TotalSeconds:0.0} s");
        console.WriteLine("Failed each criterion (an investigation can fail several):");
        foreach (var (criterion, failed) in s.FailedByCriterion) console.WriteLine($"  {criterion,-28} {N(failed),10}");
        console.WriteLine($"Candidates: {N(s.CriteriaCandidates + s.LinkedCandidates)} ({N(s.CriteriaCandidates)} on the criteria, {N(s.LinkedCandidates)} linked: missed groups)");
        if (outcome.Run is { } r) console.WriteLine($"Review queue: {N(r.NewCandidates)} new, {N(r.NoLongerQualifying)} no longer qualifying (kept, marked)");
        console.WriteLine("By typology:");
        foreach (var label in TypologyLabels.All) console.WriteLine($"  {label,-28} {N(s.ByTypology.GetValueOrDefault(label)),10}");
        console.WriteLine(s.YearlyTarget is { } target ? $"By year recorded (target {N(target)} a year):" : "By year recorded:");
        foreach (var (year, count) in s.ByYear)
            console.WriteLine($"  {year,-28} {N(count),10}" + (s.YearlyTarget is { } t && count > t ? "  above target" : ""));
    }
}
