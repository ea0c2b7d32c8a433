using Reassess.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli;

/// <summary>Exit codes of every command: 0 success, 1 invalid input or failed check, 2 usage error.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
}

/// <summary>The <c>reassess</c> command line: a thin shell over Reassess.Core.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TimeProvider? time = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance(time ?? TimeProvider.System);
            config.SetApplicationName("reassess");
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("The whole job on a Met-sized synthetic extract: generate, import into ./reassess-demo.db, link, screen, summarise, then serve the workbench.")
                .WithExample("demo", "--no-serve");
            config.AddCommand<SynthCommand>("synth")
                .WithDescription("Write a synthetic, entirely fictional force extract (force-export-v1) with its ground truth in DIR/truth/.")
                .WithExample("synth", "--out", "synthetic", "--scale", "met", "--as-of", "2025-03-31", "--seed", "7");
            config.AddCommand<ImportCommand>("import")
                .WithDescription("Import a force export bundle (force-export-v1): validated, whole or not at all.")
                .WithExample("import", "samples/bundle")
                .WithExample("import", "samples/bundle", "--db", "Host=127.0.0.1;Database=reassess;Username=reassess")
                .WithExample("import", "samples/layouts/niche-like", "--mapping", "samples/layouts/niche-like/mapping.json");
            config.AddBranch("mapping", mapping =>
            {
                mapping.SetDescription("Mappings from a force's own export layout to force-export-v1 (docs/mappings.md).");
                mapping.AddCommand<MappingCheckCommand>("check")
                    .WithDescription("Read an extract through a mapping without importing: preview mapped rows, list unmapped columns and untranslated values.")
                    .WithExample("mapping", "check", "samples/layouts/niche-like", "--mapping", "samples/layouts/niche-like/mapping.json");
            });
            config.AddCommand<StatsCommand>("stats").WithDescription("Show what is stored: rows per force and table.");
            config.AddCommand<LinkCommand>("link")
                .WithDescription("Resolve people across investigations and forces, link identifiers, build offender networks (resumable, with progress).")
                .WithExample("link")
                .WithExample("link", "--restart", "--seed", "2");
            config.AddCommand<NetworksCommand>("networks")
                .WithDescription("Show the offender networks found by 'reassess link', or write them as CSV (one row per nominal).")
                .WithExample("networks", "--out", "networks.csv");
            config.AddBranch<MatchesSettings>("matches", matches =>
            {
                matches.SetDescription("Proposed person matches: list them with weights and contributions, confirm or reject them.");
                matches.SetDefaultCommand<MatchesListCommand>();
                matches.AddCommand<MatchesDecideCommand>("confirm")
                    .WithDescription("Record that two nominals are the same person (overrides the model, survives re-runs).")
                    .WithExample("matches", "confirm", "MPS:P123", "GMP:P77", "--reason", "same PNC photograph");
                matches.AddCommand<MatchesDecideCommand>("reject")
                    .WithDescription("Record that two nominals are different people (overrides the model, survives re-runs).")
                    .WithExample("matches", "reject", "MPS:P123", "GMP:P78", "--reason", "different date of birth on PNC");
            });
            config.AddCommand<ScreenCommand>("screen")
                .WithDescription("Screen every stored investigation against a criteria profile; record the run and update the review queue.")
                .WithExample("screen", "--profile", "met-2025", "--as-of", "2025-10-31", "--out", "candidates.csv");
            config.AddCommand<ExplainCommand>("explain")
                .WithDescription("Explain one investigation under a profile: each criterion with its facts, typologies, priority factors.")
                .WithExample("explain", "MPS", "MPS/19/0001234", "--profile", "met-2025");
            config.AddCommand<LeadsCommand>("leads")
                .WithDescription("The leads of every candidate of the latest screening run (--out), or of one case: what the records say about the four questions.")
                .WithExample("leads", "--profile", "met-2025", "--out", "leads.csv")
                .WithExample("leads", "MPS", "MPS/19/0001234", "--profile", "met-2025");
            config.AddCommand<ProfilesCommand>("profiles").WithDescription("List the criteria profiles shipped with Reassess, with their versions.");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Run the review workbench (migrates the database first).")
                .WithExample("serve", "--urls", "http://127.0.0.1:5080");
            config.AddCommand<BackupCommand>("backup")
                .WithDescription("Copy a SQLite database while it is in use (SQLite's online backup); PostgreSQL: pg_dump.")
                .WithExample("backup", "--out", "reassess-2026-12-06.db");
            config.AddBranch("users", users =>
            {
                users.SetDescription("Workbench accounts: every account has a role, a force where the role has one, and an authenticator.");
                users.AddCommand<UsersAddCommand>("add")
                    .WithDescription("Create an account and enrol its authenticator (prints the otpauth:// URI and a QR code).")
                    .WithExample("users", "add", "jsmith", "--role", "reviewer", "--force", "MPS", "--password-stdin");
                users.AddCommand<UsersListCommand>("list").WithDescription("List accounts with role, force and state.");
                users.AddCommand<UsersDisableCommand>("disable").WithDescription("Disable an account and end its sessions everywhere.");
                users.AddCommand<UsersEnableCommand>("enable").WithDescription("Re-enable a disabled account.");
                users.AddCommand<UsersResetMfaCommand>("reset-mfa").WithDescription("Replace an account's authenticator secret (a lost phone).");
            });
            config.AddBranch("report", report =>
            {
                report.SetDescription("Oversight, data-quality and public reports (table, csv or html).");
                report.AddCommand<Commands.Reports.DataQualityReportCommand>("data-quality")
                    .WithDescription("Ethnicity, nationality and date of birth recording of suspects and victims; data-quality rules.")
                    .WithExample("report", "data-quality", "--format", "html", "--out", "dq.html")
                    .WithExample("report", "data-quality", "--rule", "ethnicity-missing", "--list");
                report.AddCommand<Commands.Reports.ProgressReportCommand>("progress")
                    .WithDescription("Review progress by force and month, pace against the plan, time to approval, burn-up chart.")
                    .WithExample("report", "progress", "--force", "MPS", "--yearly-target", "600", "--format", "html", "--out", "progress.html");
                report.AddCommand<Commands.Reports.NationalReportCommand>("national")
                    .WithDescription("Every force side by side, offender networks spanning forces, referrals to the national operation.");
                report.AddCommand<Commands.Reports.PublicReportCommand>("public")
                    .WithDescription("Publishable counts by force and year under statistical disclosure control.");
            });
            config.AddBranch("audit", audit =>
            {
                audit.SetDescription("The audit trail of section 62 DPA 2018: verify its hash chain, show who did what and why.");
                audit.AddCommand<AuditVerifyCommand>("verify")
                    .WithDescription("Check the audit hash chain: exit 0 when intact, 1 naming the first broken entry.");
                audit.AddCommand<AuditShowCommand>("show")
                    .WithDescription("Show audit entries: who looked at a case, and why.")
                    .WithExample("audit", "show", "--case", "42")
                    .WithExample("audit", "show", "--user", "reviewer1", "--since", "2026-11-01");
            });
            config.AddBranch("erase", erase =>
            {
                erase.SetDescription("Erase personal data from Reassess's copy, audited (DPA 2018 s.62).");
                erase.AddCommand<ErasePersonCommand>("person")
                    .WithDescription("Erase one nominal's personal data: names, dates, identifiers, history values; the redacted record stays.")
                    .WithExample("erase", "person", "MPS", "P123", "--reason", "retention review 2026-11: no longer held at source");
            });
            config.AddBranch("referrals", ReferralsBranch.Configure);
            config.AddCommand<DedupeCommand>("dedupe")
                .WithDescription("Find the same person among the rows of a CSV (or across two CSVs with --link): probabilistic linkage.")
                .WithExample("dedupe", "people.csv", "--id", "rec_id", "--column", "forenames=given_name", "--column", "surname=surname", "--column", "dob=date_of_birth:yyyyMMdd", "--out", "clusters.csv");
        });

        try
        {
            return await app.RunAsync(args);
        }
        catch (CommandAppException ex) when (ex is CommandParseException or CommandConfigurationException)
        {
            await Console.Error.WriteLineAsync($"reassess: {ex.Message}");
            await Console.Error.WriteLineAsync("Run 'reassess --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (CommandAppException ex)
        {
            await Console.Error.WriteLineAsync($"reassess: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"reassess: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ReassessException ex)
        {
            // Refused input, from a command (InvalidInputException) or from the core: a malformed profile, an unknown
            // case, a missing audit key (nothing is done without its audit record, DPA 2018 s.62). Nothing was half-done.
            await Console.Error.WriteLineAsync($"reassess: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (System.Data.Common.DbException ex)
        {
            await Console.Error.WriteLineAsync($"reassess: the database refused the operation, which was not completed: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
    }
}

/// <summary>Thrown by a command when its arguments are wrong (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Thrown by a command when its input is invalid (exit code 1), as the core's own <see cref="ReassessException"/>s are.</summary>
public sealed class InvalidInputException(string message) : ReassessException(message);
