using System.ComponentModel;
using System.Globalization;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Referrals;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>The options of every <c>referrals</c> command: the database and, on a force, the referral signing key.</summary>
public class ReferralSettings : DatabaseSettings
{
    [CommandOption("--referral-key <FILE>")]
    [Description("The force's referral signing key file (default: $REASSESS_REFERRAL_KEY, $REASSESS_REFERRAL_KEY_FILE, then DB.referral-key beside a SQLite file).")]
    public string? ReferralKey { get; init; }

    /// <summary>The signing key of <see cref="DatabaseSettings.Target"/>, from the option or the environment.</summary>
    public ReferralSigningKey SigningKey => ReferralSigningKey.For(Target,
        string.IsNullOrWhiteSpace(ReferralKey) ? Environment.GetEnvironmentVariable(ReferralSigningKey.KeyFileEnvironmentVariable) : ReferralKey,
        Environment.GetEnvironmentVariable(ReferralSigningKey.KeyEnvironmentVariable));
}

/// <summary>Settings naming the force the command works for.</summary>
public class ReferralForceSettings : ReferralSettings
{
    [CommandOption("--force <FORCE>")]
    [Description("This instance's force code, e.g. MPS (the operator acts as its force lead).")]
    public string? Force { get; init; }

    public string RequireForce() => string.IsNullOrWhiteSpace(Force)
        ? throw new UsageException("--force FORCE is required: the force whose referrals these are")
        : Force.Trim().ToUpperInvariant();
}

/// <summary><c>reassess referrals key [--public]</c>: the force's signing key (created on first use); its public half with --public.</summary>
public sealed class ReferralsKeyCommand(IAnsiConsole console) : AsyncCommand<ReferralsKeyCommand.Settings>
{
    public sealed class Settings : ReferralSettings
    {
        [CommandOption("--public")]
        [Description("Print the public key (PEM) for the national operation to register.")]
        public bool Public { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var key = settings.SigningKey;
        var pem = key.PublicKeyPem();
        if (settings.Public)
        {
            console.Write(new Text(pem.TrimEnd() + "\n"));
            return Task.FromResult(ExitCodes.Success);
        }
        using var ecdsa = Referrals.ReferralSigningKey.ImportPublicKey(pem, "public key");
        console.WriteLine($"referral signing key: {key.Describe()} (ECDSA P-256), key id {Referrals.ReferralSigningKey.KeyIdOf(ecdsa)}");
        console.WriteLine("Give the national operation the public key: reassess referrals key --public > FORCE.pem");
        return Task.FromResult(ExitCodes.Success);
    }
}

/// <summary><c>reassess referrals export --force F --out DIR</c>: packs for the approved referrals not yet sent.</summary>
public sealed class ReferralsExportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsExportCommand.Settings>
{
    public sealed class Settings : ReferralForceSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Folder to write the packs (JSON) and their print pages (HTML) into.")]
        public string? Out { get; init; }

        [CommandOption("--recipient <TEXT>")]
        [Description("Who receives the packs, for the audit trail (default: the national operation and the folder).")]
        public string? Recipient { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var force = settings.RequireForce();
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("--out DIR is required");
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        var outDir = Path.GetFullPath(settings.Out);
        await using var db = ReassessDatabase.CreateContext(target);
        var exporter = new ReferralExporter(db, time, settings.AuditTrail, settings.SigningKey, ReferralExporter.LoadNationalProfile());
        var packs = await exporter.ExportAsync(new Actor(ShellEnvironment.AuditActorName, Roles.ForceLead, force), outDir,
            string.IsNullOrWhiteSpace(settings.Recipient) ? "national operation, via " + outDir : settings.Recipient.Trim(), cancellationToken);
        foreach (var p in packs)
            console.WriteLine($"{force} {p.InvestigationRef} version {p.Version}: {Path.GetFileName(p.JsonFile)} sha256 {p.Hash}" +
                (p.MeetsNationalCriteria ? "" : " (flagged: does not meet the national criteria)"));
        console.WriteLine(packs.Count == 0 ? "No approved referral is waiting to be sent." : $"{packs.Count} referral pack(s) written to {outDir}");
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals register-force FORCE --public-key FILE</c> (national instance).</summary>
public sealed class ReferralsRegisterForceCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsRegisterForceCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<FORCE>")]
        [Description("The referring force's code, e.g. GMP.")]
        public string Force { get; init; } = "";

        [CommandOption("--public-key <FILE>")]
        [Description("The force's public key, as 'reassess referrals key --public' printed it.")]
        public string? PublicKey { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.PublicKey)) throw new UsageException("--public-key FILE is required");
        if (!File.Exists(settings.PublicKey)) throw new InvalidInputException($"{settings.PublicKey}: no such file");
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var keyId = await new ReferralIntake(db, time, settings.AuditTrail).RegisterForceAsync(ShellEnvironment.AuditActorName, settings.Force,
            await File.ReadAllTextAsync(settings.PublicKey, cancellationToken), Path.GetFileName(settings.PublicKey), cancellationToken);
        console.WriteLine($"{settings.Force.Trim().ToUpperInvariant()} registered with key {keyId}");
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals import DIR</c> (national instance): each pack verified and judged on its own.</summary>
public sealed class ReferralsImportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsImportCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Folder holding referral packs (*.json).")]
        public string Dir { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var results = await new ReferralIntake(db, time, settings.AuditTrail).ImportAsync(ShellEnvironment.AuditActorName, settings.Dir, cancellationToken);
        foreach (var r in results)
            console.WriteLine(r.Outcome == PackOutcome.Refused
                ? $"refused  {r.Detail}"
                : $"{r.Outcome.ToString().ToLowerInvariant(),-8} {r.File}: {r.Force} {r.InvestigationRef} {r.Detail}");
        var refused = results.Count(r => r.Outcome == PackOutcome.Refused);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Count} pack(s): {results.Count(r => r.Outcome == PackOutcome.Imported)} imported, {results.Count(r => r.Outcome == PackOutcome.Updated)} updated, " +
            $"{results.Count(r => r.Outcome == PackOutcome.Skipped)} skipped, {refused} refused"));
        return refused > 0 ? ExitCodes.InvalidInput : ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals queue</c> (national instance): the national referral queue, with factors and networks.</summary>
public sealed class ReferralsQueueCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsQueueCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--limit <N>")]
        [Description("Show the first N referrals (default 50).")]
        public int Limit { get; init; } = 50;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        // The operator of the national instance acts as national oversight.
        var queue = await new ReferralNetworks(db, time, settings.AuditTrail).QueueAsync(new Actor(ShellEnvironment.AuditActorName, Roles.NationalOversight, null), cancellationToken);
        if (queue.Count == 0)
        {
            console.WriteLine("No referral has been received.");
            return ExitCodes.Success;
        }
        var rank = 0;
        foreach (var e in queue.Take(Math.Max(1, settings.Limit)))
        {
            rank++;
            var r = e.Referral;
            var head = string.Create(CultureInfo.InvariantCulture,
                $"{rank,3}. {PriorityScore.Number(e.Priority),7}  {r.Force} {r.InvestigationRef} v{r.Version}  {r.Typologies}  referred {r.ReferredAt:yyyy-MM-dd}");
            var flags = e.Flags.Count > 0 ? "  [" + string.Join(", ", e.Flags) + "]" : "";
            var network = e.Network is { } n
                ? $"  network {n.Label} ({string.Join(", ", n.Forces.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Force}: {f.Referrals} referral(s), {f.Suspects} suspect(s)")))})"
                : "";
            console.WriteLine(head + flags + network);
            foreach (var f in e.Factors.Where(f => f.Contribution != 0))
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"       {f.Name,-22} {PriorityScore.Number(f.Contribution),7}  ({f.Detail})"));
        }
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals notices --out DIR</c> (national instance): feedback notice files, one per force.</summary>
public sealed class ReferralsNoticesCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsNoticesCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Folder to write notices-FORCE.json into.")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out)) throw new UsageException("--out DIR is required");
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var files = await new ReferralNetworks(db, time, settings.AuditTrail).WriteNoticesAsync(ShellEnvironment.AuditActorName, Path.GetFullPath(settings.Out), cancellationToken);
        foreach (var f in files) console.WriteLine(f);
        console.WriteLine(files.Count == 0 ? "No referral's suspect appears in another force's referral: no notices." : $"{files.Count} notice file(s) written.");
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals import-notices DIR --force F</c> (force instance): stores the notices addressed to this force.</summary>
public sealed class ReferralsImportNoticesCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralsImportNoticesCommand.Settings>
{
    public sealed class Settings : ReferralForceSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Folder holding notices-FORCE.json files.")]
        public string Dir { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var force = settings.RequireForce();
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var inbox = new ReferralNoticeInbox(db, time, settings.AuditTrail);
        var results = await inbox.ImportAsync(ShellEnvironment.AuditActorName, force, settings.Dir, cancellationToken);
        foreach (var r in results)
            console.WriteLine(r.Refused is { } why ? $"refused  {why}" : $"stored   {r.File}: {r.Stored} new notice(s), {r.AlreadyHeld} already held");
        if (!results.Any(r => r.Refused is null)) console.WriteLine($"No notice file addressed to {force}.");
        await ShowNotices(console, await inbox.ListAsync(force, cancellationToken));
        return ExitCodes.Success;
    }

    internal static Task ShowNotices(IAnsiConsole console, IReadOnlyList<ReferralNotice> notices)
    {
        foreach (var n in notices) console.WriteLine($"{n.GeneratedAt:yyyy-MM-dd}  {n.Message}");
        return Task.CompletedTask;
    }
}

/// <summary><c>reassess referrals notices-held --force F</c> (force instance): the feedback notices this force holds.</summary>
public sealed class ReferralsNoticesHeldCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ReferralForceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReferralForceSettings settings, CancellationToken cancellationToken)
    {
        var force = settings.RequireForce();
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var notices = await new ReferralNoticeInbox(db, time, settings.AuditTrail).ListAsync(force, cancellationToken);
        if (notices.Count == 0) console.WriteLine($"No feedback notice held for {force}.");
        await ReferralsImportNoticesCommand.ShowNotices(console, notices);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess referrals report</c> (national instance): by force, month and typology; approval to referral; networks across forces.</summary>
public sealed class ReferralsReportCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<DatabaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var target = settings.Target;
        await ReassessDatabase.MigrateAsync(target, cancellationToken);
        await using var db = ReassessDatabase.CreateContext(target);
        var networks = new ReferralNetworks(db, time, settings.AuditTrail);
        console.WriteLine("Referrals by force, month of referral and typology (current versions; a referral counts under each of its typologies)");
        console.WriteLine("force,month,typology,referrals");
        foreach (var c in await networks.CountsAsync(cancellationToken))
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Force},{c.Month},{c.Typology},{c.Referrals}"));
        console.WriteLine("");
        console.WriteLine("Days from approval to referral, by force");
        console.WriteLine("force,referrals,median_days,max_days");
        foreach (var d in await networks.DelaysAsync(cancellationToken))
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Force},{d.Referrals},{d.MedianDays:0.0},{d.MaxDays:0.0}"));
        console.WriteLine("");
        var linkage = await networks.LinkAsync(cancellationToken);
        var cross = linkage.Networks.Where(n => n.CrossForce).ToList();
        console.WriteLine($"Networks spanning forces: {cross.Count}");
        foreach (var n in cross)
            console.WriteLine($"{n.Label}: {string.Join("; ", n.Forces.Select(f => $"{f.Force} {f.Referrals} referral(s), {f.Suspects} suspect(s)"))}");
        return ExitCodes.Success;
    }
}

/// <summary>The <c>referrals</c> branch of the command line (issue 25).</summary>
public static class ReferralsBranch
{
    public static void Configure(IConfigurator<CommandSettings> referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.SetDescription("Referral to the national operation: signed packs from a force, intake, cross-force linking and notices on the national instance.");
        referrals.AddCommand<ReferralsKeyCommand>("key")
            .WithDescription("The force's referral signing key (created on first use); --public prints the public key to register nationally.")
            .WithExample("referrals", "key", "--public");
        referrals.AddCommand<ReferralsExportCommand>("export")
            .WithDescription("Write signed packs (JSON + print page) for approved referrals not yet sent; audited as a disclosure.")
            .WithExample("referrals", "export", "--force", "MPS", "--out", "packs");
        referrals.AddCommand<ReferralsRegisterForceCommand>("register-force")
            .WithDescription("National: register a referring force's public key.")
            .WithExample("referrals", "register-force", "MPS", "--public-key", "mps.pem");
        referrals.AddCommand<ReferralsImportCommand>("import")
            .WithDescription("National: verify and store referral packs; refuses tampered, unsigned, unknown-force or incomplete packs, naming why.")
            .WithExample("referrals", "import", "packs");
        referrals.AddCommand<ReferralsQueueCommand>("queue")
            .WithDescription("National: the referral queue by priority, with its factors and cross-force networks.");
        referrals.AddCommand<ReferralsNoticesCommand>("notices")
            .WithDescription("National: write feedback notices for each force whose suspect appears in other forces' referrals.")
            .WithExample("referrals", "notices", "--out", "notices");
        referrals.AddCommand<ReferralsImportNoticesCommand>("import-notices")
            .WithDescription("Force: store the national operation's notices addressed to this force, and show them.")
            .WithExample("referrals", "import-notices", "notices", "--force", "MPS");
        referrals.AddCommand<ReferralsNoticesHeldCommand>("notices-held")
            .WithDescription("Force: show the feedback notices held.");
        referrals.AddCommand<ReferralsReportCommand>("report")
            .WithDescription("National: referrals by force, month and typology; time from approval to referral; networks spanning forces.");
    }
}
