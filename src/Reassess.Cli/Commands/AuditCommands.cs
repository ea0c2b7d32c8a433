using System.ComponentModel;
using System.Globalization;
using Reassess.Audit;
using Reassess.Records;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary><c>reassess audit verify</c>: exit 0 when the chain is intact, 1 naming the first broken entry.</summary>
public sealed class AuditVerifyCommand(IAnsiConsole console) : AsyncCommand<DatabaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        AuditVerification result;
        try
        {
            result = await settings.AuditTrail.VerifyAsync(cancellationToken);
        }
        catch (AuditKeyException ex)
        {
            throw new InvalidInputException($"audit trail cannot be verified: {ex.Message}");
        }
        if (!result.Intact)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"audit trail broken at entry {result.BrokenAt}: {result.Problem}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit trail intact: {result.Entries} entries"));
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess audit show --case ID | --user NAME | --since DATE</c>.</summary>
public sealed class AuditShowCommand(IAnsiConsole console) : AsyncCommand<AuditShowCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--case <ID>")]
        [Description("An investigation's id: every entry naming it.")]
        public string? Case { get; init; }

        [CommandOption("--user <NAME>")]
        [Description("An actor as recorded: a user name, cli:NAME or system:NAME.")]
        public string? User { get; init; }

        [CommandOption("--since <DATE>")]
        [Description("Only entries at or after DATE (YYYY-MM-DD, UTC, or an ISO 8601 time).")]
        public string? Since { get; init; }

        [CommandOption("--category <CATEGORY>")]
        [Description("collection, alteration, consultation, disclosure, combination or erasure.")]
        public string? Category { get; init; }

        [CommandOption("--limit <N>")]
        [Description("At most N entries, the newest (default 1000).")]
        public int Limit { get; init; } = 1000;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        DateTimeOffset? since = null;
        if (settings.Since is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                throw new UsageException($"--since: '{text}' is not a date (YYYY-MM-DD)");
            since = parsed;
        }
        AuditCategory? category = null;
        if (settings.Category is { } c)
        {
            if (!Token.TryParse<AuditCategory>(c, out var parsed))
                throw new UsageException($"--category: '{c}' is not one of {string.Join(", ", Token.All<AuditCategory>())}");
            category = parsed;
        }
        if (settings.Limit <= 0) throw new UsageException("--limit must be positive");

        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var entries = await settings.AuditTrail.FindAsync(
            new AuditQuery { Case = settings.Case, Actor = settings.User, Since = since, Category = category, Limit = settings.Limit },
            cancellationToken);
        if (entries.Count == 0)
        {
            console.WriteLine("No audit entries match.");
            return ExitCodes.Success;
        }
        if (!Terminal.IsInteractive)
        {
            // One tab-separated line per entry, header first, for grep and spreadsheets.
            var output = console.Profile.Out.Writer;
            output.WriteLine("sequence\tat\tactor\tcategory\toperation\tsubject_type\tsubject_ids\tjustification\trecipient\toutcome");
            foreach (var e in entries)
            {
                output.WriteLine(string.Join('\t',
                    e.Sequence.ToString(CultureInfo.InvariantCulture), AuditChain.FormatTime(e.At), e.Actor, Token.Of(e.Category), e.Operation,
                    e.SubjectType, e.SubjectIds, Clean(e.Justification), Clean(e.Recipient), Token.Of(e.Outcome)));
            }
            return ExitCodes.Success;
        }
        var table = new TerminalTable("#", "at (UTC)", "actor", "category", "operation", "subject", "justification", "recipient", "outcome").Numeric(0);
        foreach (var e in entries)
        {
            table.AddRow(
                e.Sequence.ToString(CultureInfo.InvariantCulture),
                AuditChain.FormatTime(e.At),
                e.Actor,
                Token.Of(e.Category),
                e.Operation,
                Summarise(e),
                e.Justification ?? "",
                e.Recipient ?? "",
                Token.Of(e.Outcome));
        }
        table.Write(console);
        return ExitCodes.Success;
    }

    private static string Clean(string? text) => (text ?? "").Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static string Summarise(AuditEntry e)
    {
        var ids = e.SubjectIdList;
        var shown = ids.Count <= 5 ? string.Join(",", ids) : string.Join(",", ids.Take(5)) + string.Create(CultureInfo.InvariantCulture, $",… ({ids.Count})");
        return $"{e.SubjectType} {shown}".Trim();
    }
}
