using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reassess.Linkage.Resolution;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>What every <c>reassess matches</c> command takes.</summary>
public class MatchesSettings : DatabaseSettings;

/// <summary><c>reassess matches [--pending]</c>: proposed person matches with their weights and each field's contribution.</summary>
public sealed class MatchesListCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<MatchesListCommand.Settings>
{
    public sealed class Settings : MatchesSettings
    {
        [CommandOption("--pending")]
        [Description("Only proposals awaiting a reviewer's decision.")]
        public bool Pending { get; init; }

        [CommandOption("--status <STATUS>")]
        [Description("Only proposals with this status: pending, confirmed, rejected or auto.")]
        public string? Status { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Show at most N proposals (default 50).")]
        public int Limit { get; init; } = 50;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MatchStatus? status = settings.Pending ? MatchStatus.Pending : null;
        if (settings.Status is not null)
        {
            if (!Records.Token.TryParse<MatchStatus>(settings.Status, out var s))
                throw new UsageException($"--status must be one of {string.Join(", ", Records.Token.All<MatchStatus>())}.");
            status = s;
        }
        if (settings.Limit < 1) throw new UsageException("--limit must be at least 1.");
        await ReassessDatabase.MigrateAsync(settings.Target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(settings.Target);
        var matches = await new MatchReview(db, time).ListAsync(status, settings.Limit, cancellationToken);
        if (matches.Count == 0)
        {
            console.WriteLine(status is { } st ? $"No {Records.Token.Of(st)} matches." : "No matches: run 'reassess link' first.");
            return ExitCodes.Success;
        }
        // A search result naming people: a consultation (DPA 2018 s.62), recorded before it is shown.
        await new Audit.AuditedOperations(settings.AuditTrail).MatchesListedAsync(ShellEnvironment.AuditActorName, matches.Select(m => m.Id),
            "reassess matches" + (status is { } shown ? " --status " + Records.Token.Of(shown) : ""), cancellationToken);
        var ids = matches.SelectMany(m => new[] { m.LeftPersonId, m.RightPersonId }).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Surname, p.Forenames, p.DateOfBirth, p.Postcode }).ToDictionaryAsync(p => p.Id, cancellationToken);
        // One block per match, the two records side by side and one contribution per line: a table of eight columns
        // squeezed into a terminal turned each match into a column of fragments.
        var rank = 0;
        foreach (var m in matches)
        {
            if (rank > 0) console.WriteLine();
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{++rank}. {m.LeftForce}:{m.LeftPersonRef} and {m.RightForce}:{m.RightPersonRef}: {Records.Token.Of(m.Method)}, {Records.Token.Of(m.Status)}, weight {m.Weight:0.00}, probability {m.Probability:0.0000}")));
            people.TryGetValue(m.LeftPersonId, out var left);
            people.TryGetValue(m.RightPersonId, out var right);
            var records = new TerminalTable("", $"{m.LeftForce}:{m.LeftPersonRef}", $"{m.RightForce}:{m.RightPersonRef}")
                .AddRow("name", Name(left?.Surname, left?.Forenames), Name(right?.Surname, right?.Forenames))
                .AddRow("date of birth", left?.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                    right?.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-")
                .AddRow("postcode", left?.Postcode ?? "-", right?.Postcode ?? "-")
                .AddRow("force", m.LeftForce, m.RightForce);
            records.Write(console);
            console.WriteLine("contributions:");
            foreach (var contribution in Contributions(m.Contributions)) console.WriteLine("  " + contribution);
            if (!string.IsNullOrWhiteSpace(m.Evidence)) console.WriteLine("evidence: " + m.Evidence);
        }
        return ExitCodes.Success;
    }

    private static string Name(string? surname, string? forenames) =>
        surname is null ? "(not stored)" : string.IsNullOrWhiteSpace(forenames) ? surname : $"{surname}, {forenames}";

    /// <summary>One line per field, e.g. <c>surname exact +5.10</c>; the stored text itself when it is not the JSON expected.</summary>
    internal static IReadOnlyList<string> Contributions(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var parts = new List<string>();
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                var field = c.TryGetProperty("field", out var f) ? f.GetString() : "?";
                var level = c.TryGetProperty("level", out var l) ? l.GetString() : "?";
                var weight = c.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number
                    ? w.GetDouble().ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "";
                parts.Add($"{field} {level} {weight}".TrimEnd());
            }
            return parts;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return [json];
        }
    }
}

/// <summary><c>reassess matches confirm|reject FORCE:PERSON FORCE:PERSON [--reason]</c>.</summary>
public sealed class MatchesDecideCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<MatchesDecideCommand.Settings>
{
    public sealed class Settings : MatchesSettings
    {
        [CommandArgument(0, "<FIRST>")]
        [Description("A nominal as FORCE:PERSON_ID, e.g. MPS:P123.")]
        public string First { get; init; } = "";

        [CommandArgument(1, "<SECOND>")]
        [Description("The other nominal, e.g. GMP:P77.")]
        public string Second { get; init; } = "";

        [CommandOption("--reason <TEXT>")]
        [Description("Why (kept with the decision and in the audit trail).")]
        public string? Reason { get; init; }

        [CommandOption("--by <USER>")]
        [Description("Who decides (default: $REASSESS_ACTOR, else the operating-system user).")]
        public string? By { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var same = context.Name == "confirm";
        if (!NominalKey.TryParse(settings.First, out var a)) throw new UsageException($"'{settings.First}' is not FORCE:PERSON_ID.");
        if (!NominalKey.TryParse(settings.Second, out var b)) throw new UsageException($"'{settings.Second}' is not FORCE:PERSON_ID.");
        await ReassessDatabase.MigrateAsync(settings.Target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(settings.Target);
        var by = string.IsNullOrWhiteSpace(settings.By) ? ShellEnvironment.AuditActorName : settings.By.Trim();
        await new MatchReview(db, time, settings.AuditTrail).DecideAsync(a, b, same, by, settings.Reason, cancellationToken);
        console.WriteLine($"{(same ? "Confirmed" : "Rejected")}: {a} {(same ? "=" : "≠")} {b}. It takes effect in people and networks at the next 'reassess link'.");
        return ExitCodes.Success;
    }
}
