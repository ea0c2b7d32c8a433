using System.ComponentModel;
using Reassess.Leads;
using Reassess.Linkage;
using Reassess.Output;
using Reassess.Records;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>
/// <c>reassess leads --profile P [--as-of DATE] --out leads.csv</c>: the leads of every candidate of the latest screening
/// run under the profile; <c>reassess leads FORCE INVESTIGATION_ID --profile P</c>: one case's leads as a table (docs/leads.md).
/// One case is seen as of today, as in the workbench; <c>--out</c> writes the run's leads as of the run's date; <c>--as-of</c>
/// overrides either (<see cref="LeadAsOf"/>).
/// </summary>
public sealed class LeadsCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<LeadsCommand.Settings>
{
    /// <summary>The columns of <c>--out</c>, in the spec's order.</summary>
    public static readonly string[] Header = ["force", "investigation_id", "kind", "subject", "value", "evidence"];

    public sealed class Settings : ProfileSettings
    {
        [CommandArgument(0, "[FORCE]")]
        [Description("Force code of one case, e.g. MPS (with INVESTIGATION_ID).")]
        public string? Force { get; init; }

        [CommandArgument(1, "[INVESTIGATION_ID]")]
        [Description("The force's crime reference of one case, e.g. MPS/19/0001234.")]
        public string? InvestigationId { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Write force,investigation_id,kind,subject,value,evidence (one row per lead of every candidate) to FILE.")]
        public string? Out { get; init; }

        [CommandOption("--reason <TEXT>")]
        [Description("Why you are looking at this case (one case); recorded in the audit trail.")]
        public string? Reason { get; init; }
    }

    private const string Indent = "   ";

    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> characters, broken at spaces, later lines after
    /// <paramref name="hanging"/>; a word longer than a line (a long identifier) is kept whole on a line of its own.
    /// </summary>
    internal static IEnumerable<string> Wrap(string text, int width, string hanging)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = line.Length == 0 ? "" : " ";
            if (line.Length > 0 && line.Length + prefix.Length + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(hanging);
                prefix = "";
            }
            line.Append(prefix).Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var profile = settings.LoadProfile();
        var asOf = settings.ParseAsOf();
        if (settings.Force is null != settings.InvestigationId is null)
            throw new UsageException("give both FORCE and INVESTIGATION_ID for one case, or neither for every candidate");
        if (settings.Force is not null && settings.Out is not null)
            throw new UsageException("--out writes every candidate's leads; leave out FORCE and INVESTIGATION_ID");
        await ReassessDatabase.MigrateAsync(settings.Target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(settings.Target);
        var finder = new LeadFinder(new StoredLinkageFacts());

        if (settings.Force is { } force)
        {
            var caseForce = force.Trim().ToUpperInvariant();
            var caseRef = settings.InvestigationId!.Trim();
            var id = db.Investigations.Where(i => i.Force == caseForce && i.InvestigationRef == caseRef).Select(i => (long?)i.Id).FirstOrDefault()
                ?? throw new InvalidInputException($"no investigation {caseRef} of force {caseForce} is stored");
            // Consultation of case data (DPA 2018 s.62): recorded before it is shown.
            await new Audit.AuditedOperations(settings.AuditTrail).InvestigationsConsultedAsync(db, ShellEnvironment.AuditActorName, "leads", [id],
                string.IsNullOrWhiteSpace(settings.Reason) ? $"leads under {profile.Name} {profile.Version}" : settings.Reason.Trim(),
                cancellationToken: cancellationToken);
            var day = LeadAsOf.ForCase(asOf, time);
            var leads = await finder.ForCaseAsync(db, caseForce, caseRef, profile, day, cancellationToken) ?? [];
            var linked = await LeadFinder.LinkRunExistsAsync(db, cancellationToken);
            console.WriteLine($"{caseForce} {caseRef}: {leads.Count} lead(s) under {profile.Name} version {profile.Version}, as of {day:yyyy-MM-dd}" +
                              (linked ? "" : " (no 'reassess link' run: suspects are matched on the same nominal only)"));
            // One block per lead, its evidence wrapped at word breaks: a table of evidence beside an address value did not
            // fit 80 columns and fell back to one line per cell.
            var width = Math.Max(40, console.Profile.Width);
            var n = 0;
            foreach (var l in leads)
            {
                console.WriteLine();
                console.WriteLine($"{++n}. {l.KindToken}" + (l.SubjectRef is { } subject ? $", subject {subject}" : ""));
                if (!string.IsNullOrEmpty(l.Value)) console.WriteLine(Indent + "value:    " + l.Value);
                foreach (var line in Wrap("evidence: " + l.Evidence, width - Indent.Length, "          ")) console.WriteLine(Indent + line);
            }
            return ExitCodes.Success;
        }

        ScreeningRunLeads found;
        try
        {
            found = await finder.ForCandidatesAsync(db, profile, asOf, cancellationToken);
        }
        catch (LeadsException ex)
        {
            throw new InvalidInputException(ex.Message);
        }
        var rows = 0;
        if (settings.Out is { } path)
        {
            await new Audit.AuditedOperations(settings.AuditTrail).FileExportedAsync(ShellEnvironment.AuditActorName, "leads export", path, "reassess leads --out", cancellationToken);
            // The value column holds E.164 phones (+44…): identifiers, written as they are.
            await using var csv = CsvOutput.Create(path, Header, rawColumns: ["value"]);
            foreach (var lead in found.All)
            {
                csv.WriteRow(lead.Force, lead.InvestigationRef, lead.KindToken, lead.SubjectRef ?? "", lead.Value, lead.Evidence);
                rows++;
            }
        }
        console.WriteLine($"Leads of {found.Candidates.Count:N0} candidates of screening run {found.Run.Id} ({profile.Name}), as of {found.AsOf:yyyy-MM-dd}" +
                          (found.Linked ? ":" : " (no 'reassess link' run: suspects are matched on the same nominal only):"));
        foreach (var (kind, count) in found.CountByKind()) console.WriteLine($"  {Token.Of(kind),-24} {count,10:N0}");
        console.WriteLine(settings.Out is null ? "Give --out FILE to write them, or FORCE INVESTIGATION_ID for one case." : $"Wrote {rows:N0} leads to {settings.Out}.");
        return ExitCodes.Success;
    }
}
