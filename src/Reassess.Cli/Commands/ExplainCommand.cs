using System.ComponentModel;
using Reassess.Linkage;
using Reassess.Prioritisation;
using Reassess.Screening;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess explain FORCE INVESTIGATION_ID --profile P</c>: each criterion with the facts it used, typologies and priority factors.</summary>
public sealed class ExplainCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ExplainCommand.Settings>
{
    public sealed class Settings : ProfileSettings
    {
        [CommandArgument(0, "<FORCE>")]
        [Description("Force code, e.g. MPS.")]
        public string Force { get; init; } = "";

        [CommandArgument(1, "<INVESTIGATION_ID>")]
        [Description("The force's crime reference, e.g. MPS/19/0001234.")]
        public string InvestigationId { get; init; } = "";

        [CommandOption("--reason <TEXT>")]
        [Description("Why you are looking at this case; recorded in the audit trail (default: screening explanation).")]
        public string? Reason { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var profile = settings.LoadProfile();
        var asOf = settings.ParseAsOf();
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var service = new ScreeningService(time, new StoredLinkageFacts());
        var e = await service.ExplainAsync(target, profile, settings.Force, settings.InvestigationId, asOf, cancellationToken)
            ?? throw new InvalidInputException($"no investigation {settings.InvestigationId} of force {settings.Force.ToUpperInvariant()} is stored");
        // Consultation of case data (DPA 2018 s.62): recorded before it is shown.
        await new Audit.AuditedOperations(settings.AuditTrail).ExplanationConsultedAsync(ShellEnvironment.AuditActorName, e.Assessment.Facts.Id,
            string.IsNullOrWhiteSpace(settings.Reason) ? $"screening explanation under {profile.Name} {profile.Version}" : settings.Reason.Trim(), cancellationToken);

        var a = e.Assessment;
        console.WriteLine($"{a.Facts.Force} {a.Facts.InvestigationRef} under {profile.Name} version {profile.Version}, as of {e.AsOf:yyyy-MM-dd}");
        console.WriteLine(a.Basis switch
        {
            CandidateBasis.Criteria => "CANDIDATE (basis: criteria): every criterion holds.",
            CandidateBasis.Linked => "CANDIDATE (basis: linked): every criterion holds but the suspect count, and linkage places its suspect in a network.",
            _ => "NOT A CANDIDATE.",
        });
        foreach (var c in e.Criteria)
            console.WriteLine($"  [{(c.Passed ? "pass" : "FAIL")}] {c.Name}: {c.Facts}");
        if (a.LinkedEvidence is not null) console.WriteLine($"Linkage evidence: {a.LinkedEvidence}");
        console.WriteLine($"Typologies{(a.IsCandidate ? "" : " (if it were a candidate)")}: {TypologyLabels.Join(e.Typologies)}");
        if (a.IsCandidate)
        {
            console.WriteLine($"Priority {PriorityScore.Number(e.Priority)} = sum of:");
            foreach (var f in e.Factors)
                console.WriteLine($"  {f.Name,-22} {PriorityScore.Number(f.Contribution),8}  (weight {PriorityScore.Number(f.Weight)} × {PriorityScore.Number(f.Quantity)}; {f.Detail})");
        }
        return ExitCodes.Success;
    }
}
