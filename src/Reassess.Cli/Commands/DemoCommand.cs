using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Reassess.Access;
using Reassess.Composition;
using Reassess.Import;
using Reassess.Leads;
using Reassess.Linkage;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Prioritisation;
using Reassess.Records;
using Reassess.Reporting.DataQuality;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>
/// <c>reassess demo</c>: the whole job on a Met-sized synthetic extract — generate, import, screen with met-2025, and
/// print what a review lead wants to see first — then the referral loop between two forces and the national operation
/// (<see cref="DemoReferralLoop"/>).
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<DemoCommand.Settings>
{
    public const string DefaultDatabase = "reassess-demo.db";

    /// <summary>
    /// The demo's own options. It does not take the database from <c>REASSESS_DB</c> as the other commands do: it empties
    /// a SQLite database before importing synthetic records, so it must never fall on a working database by default.
    /// </summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <DB>")]
        [Description("The demo's own database: a SQLite file (emptied first) or a PostgreSQL connection string. Default ./" + DefaultDatabase +
                     "; $REASSESS_DB is deliberately not used, so the demo never writes synthetic records into a working database.")]
        public string? Db { get; init; }

        [CommandOption("--audit-key <FILE>")]
        [Description("The audit trail's key file (default: $REASSESS_AUDIT_KEY, $REASSESS_AUDIT_KEY_FILE, then DB.audit-key beside a SQLite file).")]
        public string? AuditKey { get; init; }

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

        [CommandOption("--urls <URLS>")]
        [Description("Where the workbench listens (default http://127.0.0.1:5080).")]
        public string Urls { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--keep <DIR>")]
        [Description("Write the synthetic bundle (and its truth/) to DIR and keep it, instead of a temporary folder; the referral loop's databases, keys, packs and notices are kept in DIR/referral-loop.")]
        public string? Keep { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = DatabaseTarget.Parse(string.IsNullOrWhiteSpace(settings.Db) ? DefaultDatabase : settings.Db);
        var dbOption = string.IsNullOrWhiteSpace(settings.Db) ? DefaultDatabase
            : HoldsPassword(target) ? "'<your connection string>'" // never echo a password
            : Quoted(settings.Db);
        if (string.IsNullOrWhiteSpace(settings.Db) && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ShellEnvironment.Database)))
            console.MarkupLineInterpolated(
                $"[yellow]REASSESS_DB is set, but the demo keeps its own database ({DefaultDatabase}) so that it never writes synthetic records into a working one; give --db to choose another.[/]");
        var audit = ShellEnvironment.AuditTrail(target, settings.AuditKey);
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
            var outcome = await new BundleImporter(time, audit).ImportAsync(target, bundle, new ImportOptions { ImportedBy = "demo" }, null, cancellationToken);
            if (!outcome.Succeeded)
            {
                foreach (var error in outcome.Errors.Take(20)) await Console.Error.WriteLineAsync(error.ToString());
                throw new InvalidInputException($"The synthetic extract did not import: {outcome.Errors.Count} error(s).");
            }
            Say($"Imported into {target.Describe()} (batch {outcome.Batch!.Id})", step);

            // 3. Link people, identifiers and networks (before screening, so missed groups become linked candidates).
            step.Restart();
            var linkage = await PipelineLinkage.Create(seed: 1, time, audit).RunAsync(target, new LinkOptions(1, Restart: true, "demo"), null, cancellationToken);
            Say($"Linked: {linkage.ProbabilisticMatches + linkage.DeterministicLinks:N0} person links over {linkage.Nominals:N0} nominals " +
                $"({linkage.Comparisons:N0} comparisons), {linkage.MissedGroupInvestigations:N0} investigations tied to a group", step);

            // 4. Screen with met-2025 and prioritise.
            step.Restart();
            var profile = CriteriaProfileLoader.LoadShipped("met-2025");
            var screening = await new ScreeningService(time, new StoredLinkageFacts(), audit).ScreenAsync(target, profile, options.AsOf, "demo", cancellationToken);
            Say($"Screened with {profile.Name} {profile.Version}, as of {options.AsOf:yyyy-MM-dd}", step);

            // 5. What the review lead wants first.
            step.Restart();
            PrintCriteria(screening);
            PrintYears(screening, profile);
            await using (var db = ReassessDatabase.CreateContext(target))
            {
                var scope = await DataQualityScope.LoadAsync(db, null, cancellationToken);
                PrintDataGaps(DataQualityCounts.Count(scope));
                PrintTopTen(screening, dbOption);
                PrintNetworks(await NetworkExport.ListAsync(db, cancellationToken), summary.Networks, dbOption);
                PrintLeads(await new LeadFinder(new StoredLinkageFacts()).ForCandidatesAsync(db, profile, options.AsOf, cancellationToken));
            }
            Say("Summarised", step);

            // 6. Referral: two forces refer, the national intake links, notices come back (own databases, never this one).
            await new DemoReferralLoop(console, time).RunAsync(options.AsOf, settings.Seed, Path.Combine(bundle, "referral-loop"), kept: settings.Keep is not null, cancellationToken);

            var pipeline = total.Elapsed;
            console.MarkupLineInterpolated($"[bold]Pipeline finished in {pipeline.TotalSeconds:F1} s.[/]");
            if (settings.NoServe) return ExitCodes.Success;
            await ServeAsync(target, settings, cancellationToken);
            return ExitCodes.Success;
        }
        finally
        {
            if (settings.Keep is null && Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
        }
    }

    /// <summary>Whether a PostgreSQL connection string carries a password, under any of Npgsql's names for it (Password, PWD, PSW).</summary>
    private static bool HoldsPassword(DatabaseTarget target) =>
        target.Engine == DatabaseEngine.Postgres && !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString).Password);

    /// <summary>A <c>--db</c> value as a shell reads it back: single-quoted when it holds spaces or semicolons.</summary>
    private static string Quoted(string db) =>
        db.Any(c => char.IsWhiteSpace(c) || c is ';' or '\'' or '"' or '$') ? "'" + db.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : db;

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

    private void PrintCriteria(ScreeningOutcome screening)
    {
        var s = screening.Summary;
        var table = new Table().Title($"Through each criterion of {screening.Profile.Name} ({N(s.Considered)} investigations considered)")
            .AddColumns("criterion", "failed it", "of those considered");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var (criterion, failed) in s.FailedByCriterion)
            table.AddRow(criterion, N(failed), string.Create(CultureInfo.InvariantCulture, $"{(s.Considered == 0 ? 0 : 100.0 * failed / s.Considered):F0}%"));
        table.Caption($"Candidates: {N(s.CriteriaCandidates + s.LinkedCandidates)} ({N(s.CriteriaCandidates)} on the criteria, {N(s.LinkedCandidates)} linked: missed groups)");
        console.Write(table);
        var typologies = new Table().Title("Candidates by typology (a candidate can have several)").AddColumns("typology", "candidates");
        foreach (var label in TypologyLabels.All) typologies.AddRow(label, N(s.ByTypology.GetValueOrDefault(label)));
        console.Write(typologies);
    }

    private void PrintYears(ScreeningOutcome screening, CriteriaProfile profile)
    {
        var s = screening.Summary;
        var plan = profile.YearlyTarget;
        var chart = new Spectre.Console.BarChart().Width(72)
            .Label(plan is { } p ? $"Candidates by year recorded, against the plan of {N(p)} a year" : "Candidates by year recorded");
        foreach (var (year, count) in s.ByYear)
            chart.AddItem(year.ToString(CultureInfo.InvariantCulture), count, plan is { } t && count > t * 1.1 ? Color.Orange1 : Color.SteelBlue);
        console.Write(chart);
        if (plan is { } target && s.ByYear.Count > 0)
        {
            var full = s.ByYear.Where(kv => kv.Key > s.ByYear.Keys.Min() && kv.Key < s.ByYear.Keys.Max()).Select(kv => kv.Value).ToList();
            if (full.Count > 0)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Full years average {full.Average():N0} candidates against the plan of {target:N0} ({full.Average() / target:P0}); the first and last years are part-years."));
        }
    }

    private void PrintLeads(ScreeningRunLeads leads)
    {
        var table = new Table().Title($"Leads of the {N(leads.Candidates.Count)} candidates, by kind (docs/leads.md)").AddColumns("kind", "leads");
        table.Columns[1].RightAligned();
        foreach (var (kind, count) in leads.CountByKind()) table.AddRow(Token.Of(kind), N(count));
        console.Write(table);
        console.Write(new Rule("The leads of the three highest priorities").LeftJustified());
        foreach (var c in leads.Candidates.Take(3))
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{c.Candidate.Force} {c.Candidate.InvestigationRef}[/]: {c.Leads.Count} lead(s)");
            foreach (var lead in c.Leads) console.MarkupLineInterpolated($"  {lead.KindToken}: {lead.Evidence}");
        }
    }

    private void PrintTopTen(ScreeningOutcome screening, string dbOption)
    {
        // A list rather than a table: the factors stay readable on an 80-column terminal.
        console.Write(new Rule("The ten highest priorities: where a review lead starts").LeftJustified());
        var rank = 0;
        foreach (var c in screening.Candidates.OrderByDescending(c => c.Priority)
                     .ThenBy(c => c.Facts.Force, StringComparer.Ordinal).ThenBy(c => c.Facts.InvestigationRef, StringComparer.Ordinal).Take(10))
        {
            var top = QueueFactors.Top(c.Factors.Select(f => (f.Name, f.Contribution))).Select(f => QueueFactors.Words(f.Name, f.Contribution));
            var what = c.Basis == CandidateBasis.Linked ? "linked: a missed group" : c.Typologies;
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"{++rank,2}. [bold]{c.Facts.Force} {c.Facts.InvestigationRef}[/] recorded {c.Facts.RecordedDate:yyyy-MM-dd}, {what}: priority [bold]{c.Priority:0.#}[/]");
            console.MarkupLineInterpolated($"    {string.Join(", ", top)}");
        }
        console.WriteLine("Why: reassess explain FORCE REF --profile met-2025 --db " + dbOption);
    }

    private void PrintNetworks(IReadOnlyList<OffenderNetwork> networks, int planted, string dbOption)
    {
        // A network worth a reviewer's attention spans investigations; a single two-suspect case is already a candidate.
        var spanning = networks.Where(n => n.Investigations.Contains(';', StringComparison.Ordinal))
            .OrderByDescending(n => n.Investigations.Count(ch => ch == ';')).ThenByDescending(n => n.Suspects).ThenBy(n => n.Label, StringComparer.Ordinal).ToList();
        var table = new TerminalTable("network", "suspects", "victims", "forces", "investigations")
        {
            Title = $"Offender networks spanning investigations: {N(spanning.Count)} found ({planted} were planted in the synthetic data)",
        }.Numeric(1, 2).FreeText(4);
        foreach (var n in spanning.Take(10))
        {
            var investigations = n.Investigations.Split(';');
            var shown = string.Join(' ', investigations.Take(3)) + (investigations.Length > 3 ? $" (+{investigations.Length - 3})" : "");
            table.AddRow(n.Label, N(n.Suspects), N(n.Victims), n.Forces, shown);
        }
        table.Write(console);
        console.WriteLine("All networks: reassess networks --db " + dbOption + "; proposed person matches: reassess matches --pending --db " + dbOption);
    }

    /// <summary>
    /// Starts the workbench on the demo database with one pre-enrolled account per role. The passwords and authenticator
    /// secrets are printed because this is a demo on synthetic data; real accounts are made with <c>reassess users add</c>.
    /// </summary>
    private async Task ServeAsync(DatabaseTarget target, Settings settings, CancellationToken cancellationToken)
    {
        const string password = "demo-password-1234";
        var accounts = new (string Name, string Role, string? Force)[]
        {
            ("demo.reviewer", Roles.Reviewer, "MPS"), ("demo.reviewer2", Roles.Reviewer, "MPS"), ("demo.supervisor", Roles.Supervisor, "MPS"),
            ("demo.lead", Roles.ForceLead, "MPS"), ("demo.oversight", Roles.NationalOversight, null), ("demo.auditor", Roles.Auditor, null),
            ("demo.admin", Roles.Admin, null),
        };
        // Written past Spectre's line wrapping: a wrapped secret cannot be copied.
        var output = console.Profile.Out.Writer;
        output.WriteLine($"Demo accounts (synthetic data only), all with the password {password}:");
        output.WriteLine($"  {"user",-16} {"role",-19} {"force",-6} authenticator secret (TOTP, 30 s, 6 digits)");
        foreach (var (name, role, force) in accounts)
        {
            // A demo database on PostgreSQL survives between runs: its accounts get fresh authenticator secrets.
            var enrolment = await UsersCli.RunAsync(target, async admin =>
                (await admin.ListAsync(cancellationToken: cancellationToken)).Any(u => u.UserName == name)
                    ? await admin.ResetMfaAsync(name)
                    : await admin.AddAsync(name, role, force, password));
            output.WriteLine($"  {name,-16} {role,-19} {force ?? "all",-6} {enrolment.Secret}");
        }
        output.Flush();
        console.WriteLine("Add a secret to an authenticator app (or: oathtool --totp -b SECRET) to get the sign-in code.");

        List<string> args = ["--urls", settings.Urls, .. ServeCommand.QuietLogging];
        if (!string.IsNullOrWhiteSpace(settings.AuditKey)) args.AddRange(["--" + ReassessWebApp.AuditKeyFileSetting, settings.AuditKey]);
        var app = ReassessWebApp.Build([.. args], target);
        await ReassessWebApp.MigrateAsync(app, cancellationToken);
        console.MarkupLineInterpolated($"The workbench is on [bold]{settings.Urls}[/]: sign in as demo.reviewer. Press Ctrl+C to stop.");
        await app.RunAsync();
    }

    private void PrintDataGaps(IReadOnlyList<DataQualityRow> rows)
    {
        var table = new TerminalTable("role", "people", "recorded", "not stated (NS)", "not recorded", "of which officer-observed only")
        {
            Title = "Data gaps: self-defined ethnicity (child sexual offence investigations)",
        }.Numeric(1, 2, 3, 4, 5);
        foreach (var role in new[] { InvolvementRole.Suspect, InvolvementRole.Victim })
        {
            var r = rows.Where(x => x.Role == role).ToList();
            var people = r.Sum(x => x.People);
            table.AddRow(Token.Of(role), N(people), Pct(r.Sum(x => x.EthnicityRecorded), people), Pct(r.Sum(x => x.EthnicityNotStated), people),
                Pct(r.Sum(x => x.EthnicityMissing), people), Pct(r.Sum(x => x.OfficerObservedOnly), people));
        }
        table.Write(console);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(int n, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} ({(of == 0 ? 0 : 100.0 * n / of):F0}%)");
}
