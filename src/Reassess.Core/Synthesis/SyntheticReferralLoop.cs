using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Composition;
using Reassess.Import;
using Reassess.Linkage;
using Reassess.Linkage.Resolution;
using Reassess.Referrals;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Synthesis;

/// <summary>What one force did in the referral loop, and what came back to it.</summary>
public sealed record LoopForce(string Force, long Investigations, int Candidates, int Referred, int PacksExported, IReadOnlyList<ReferralNotice> Notices);

/// <summary>What the national instance made of the forces' packs.</summary>
public sealed record LoopNational(int PacksImported, int PacksRefused, IReadOnlyList<string> Refusals, int Referrals, int Networks, int CrossForceNetworks,
    IReadOnlyList<NationalQueueEntry> Queue, IReadOnlyList<string> NoticeFiles);

/// <summary>
/// The referral loop end to end: each force's work, the national intake, and what the ground truth says the intake should
/// find: <paramref name="ExpectedCrossForceNetworks"/> groups of referrals that span forces, tied by a suspect who is one
/// real person recorded by two forces.
/// </summary>
public sealed record LoopOutcome(IReadOnlyList<LoopForce> Forces, LoopNational National, int ExpectedCrossForceNetworks);

/// <summary>
/// The demo's referral loop (issue 25) on synthetic data, through the same services a real deployment uses:
/// <list type="number">
/// <item>a synthetic extract of several forces is written as one bundle per force;</item>
/// <item>each force's instance (its own database, audit key and signing key) imports, links and screens its own bundle
/// under the force profile <c>met-2025</c>; its synthetic team reviews to an approved referral the candidates that
/// <see cref="ChooseReferrals"/> picks; its force lead exports the signed packs, which carry the national profile's
/// explanation;</item>
/// <item>the national instance registers each force's public key, imports every pack, links the referrals' suspects
/// across forces, queues them, and writes each force its notices;</item>
/// <item>each force imports the notices addressed to it.</item>
/// </list>
/// </summary>
public sealed class SyntheticReferralLoop(TimeProvider clock)
{
    /// <summary>The national instance's name among the databases asked for.</summary>
    public const string National = "national";

    /// <summary>Who acts for the national operation in the loop.</summary>
    public static readonly Actor NationalOfficer = new("synthetic.national", Roles.NationalOversight, null);

    /// <summary>
    /// Runs the loop on <paramref name="options"/>' extract (two or more forces), keeping bundles, keys, packs and notices
    /// under <paramref name="folder"/>. <paramref name="database"/> gives each instance its database: one per force code and
    /// one for <see cref="National"/>.
    /// </summary>
    public async Task<LoopOutcome> RunAsync(SynthesisOptions options, Func<string, Task<DatabaseTarget>> database, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        if ((options.Forces ?? 1) < 2) throw new ArgumentException("The referral loop needs two or more forces.", nameof(options));
        Directory.CreateDirectory(folder);
        var bundles = ForceBundles.Write(options, Path.Combine(folder, "extracts"));
        // Each force screens under the shipped force profile; the packs carry the national profile's own explanation.
        var profile = CriteriaProfileLoader.LoadShipped("met-2025");

        var prepared = new List<(string Force, DatabaseTarget Target, AuditTrail Audit, long Investigations, List<Candidate> Candidates)>();
        foreach (var (force, bundle) in bundles.Folders.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var target = await database(force);
            var audit = new AuditTrail(target, AuditKeyStore.AtFile(Path.Combine(folder, force + ".audit-key")), clock);
            var (investigations, candidates) = await ScreenAsync(force, bundle, target, audit, profile, options.AsOf, cancellationToken);
            prepared.Add((force, target, audit, investigations, candidates));
        }
        var chosen = ChooseReferrals(prepared.ToDictionary(p => p.Force, p => (IReadOnlyList<Candidate>)p.Candidates, StringComparer.Ordinal), bundles);
        var forces = new List<(string Force, DatabaseTarget Target, AuditTrail Audit, ReferralSigningKey Key, LoopForce Work)>();
        foreach (var p in prepared)
        {
            var key = ReferralSigningKey.AtFile(Path.Combine(folder, p.Force + ".referral-key"));
            var exported = await ReferAsync(p.Force, p.Target, p.Audit, key, chosen[p.Force], Path.Combine(folder, "packs", p.Force), cancellationToken);
            forces.Add((p.Force, p.Target, p.Audit, key, new LoopForce(p.Force, p.Investigations, p.Candidates.Count, chosen[p.Force].Count, exported, [])));
        }

        // The national instance.
        var nationalTarget = await database(National);
        await ReassessDatabase.MigrateAsync(nationalTarget, cancellationToken);
        var nationalAudit = new AuditTrail(nationalTarget, AuditKeyStore.AtFile(Path.Combine(folder, National + ".audit-key")), clock);
        var results = new List<PackImportResult>();
        await using (var db = ReassessDatabase.CreateContext(nationalTarget))
        {
            var intake = new ReferralIntake(db, clock, nationalAudit);
            foreach (var f in forces) await intake.RegisterForceAsync(NationalOfficer.UserName, f.Force, f.Key.PublicKeyPem(), f.Key.Describe(), cancellationToken);
            foreach (var f in forces) results.AddRange(await intake.ImportAsync(NationalOfficer.UserName, Path.Combine(folder, "packs", f.Force), cancellationToken));
        }
        LoopNational national;
        await using (var db = ReassessDatabase.CreateContext(nationalTarget))
        {
            var networks = new ReferralNetworks(db, clock, nationalAudit);
            var linkage = await networks.LinkAsync(cancellationToken);
            var queue = await networks.QueueAsync(NationalOfficer, cancellationToken);
            var files = await networks.WriteNoticesAsync(NationalOfficer.UserName, Path.Combine(folder, "notices"), cancellationToken);
            var refused = results.Where(r => r.Outcome == PackOutcome.Refused).ToList();
            national = new LoopNational(results.Count - refused.Count, refused.Count, [.. refused.Select(r => $"{r.File}: {r.Detail}")], linkage.Referrals.Count,
                linkage.Networks.Count, linkage.Networks.Count(n => n.CrossForce), queue, files);
        }

        // The notices go back, each force receiving only the file addressed to it.
        var done = new List<LoopForce>();
        foreach (var f in forces)
        {
            var inbox = Path.Combine(folder, "notices-to", f.Force);
            Directory.CreateDirectory(inbox);
            var file = national.NoticeFiles.FirstOrDefault(n => Path.GetFileName(n) == $"notices-{f.Force}.json");
            if (file is not null) File.Copy(file, Path.Combine(inbox, Path.GetFileName(file)), overwrite: true);
            await using var db = ReassessDatabase.CreateContext(f.Target);
            var notices = new ReferralNoticeInbox(db, clock, f.Audit);
            var (_, _, lead) = SyntheticReferrals.Team(f.Force);
            var imported = await notices.ImportAsync(lead.UserName, f.Force, inbox, cancellationToken);
            if (imported.FirstOrDefault(r => r.Refused is not null) is { } refusal)
                throw new InvalidOperationException($"{f.Force} refused the national operation's notices: {refusal.Refused}");
            done.Add(f.Work with { Notices = await notices.ListAsync(f.Force, cancellationToken) });
        }
        return new LoopOutcome(done, national, ExpectedCrossForceNetworks(chosen, bundles));
    }

    /// <summary>
    /// What each force's team refers: the candidates of the planted networks (from the ground truth, as a reviewer who
    /// found the group would), every candidate whose suspect is, by the ground truth, also a suspect in another force's
    /// candidate (what the national operation exists to bring together), and the force's three highest priorities.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Candidate>> ChooseReferrals(IReadOnlyDictionary<string, IReadOnlyList<Candidate>> candidates, ForceBundles bundles)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(bundles);
        var forcesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (force, list) in candidates)
            foreach (var c in list)
                foreach (var person in bundles.RealSuspectsOf(force, c.InvestigationRef))
                    (forcesOf.TryGetValue(person, out var set) ? set : forcesOf[person] = new(StringComparer.Ordinal)).Add(force);
        var chosen = new Dictionary<string, IReadOnlyList<Candidate>>(StringComparer.Ordinal);
        foreach (var (force, list) in candidates)
        {
            var inNetworks = bundles.NetworkCases.Where(p => p.Force == force).Select(p => p.InvestigationRef).ToHashSet(StringComparer.Ordinal);
            chosen[force] = [.. list.Where(c => inNetworks.Contains(c.InvestigationRef)
                    || bundles.RealSuspectsOf(force, c.InvestigationRef).Any(person => forcesOf[person].Count > 1))
                .Concat(list.OrderByDescending(c => c.Priority).ThenBy(c => c.InvestigationRef, StringComparer.Ordinal).Take(3))
                .DistinctBy(c => c.Id).OrderBy(c => c.InvestigationRef, StringComparer.Ordinal)];
        }
        return chosen;
    }

    /// <summary>
    /// How many groups of the referrals span forces by the ground truth: referrals are grouped when they share a suspect
    /// who is one real person, and a group counts when it holds referrals of two or more forces. This is what a perfect
    /// national intake would find.
    /// </summary>
    public static int ExpectedCrossForceNetworks(IReadOnlyDictionary<string, IReadOnlyList<Candidate>> referred, ForceBundles bundles)
    {
        ArgumentNullException.ThrowIfNull(referred);
        ArgumentNullException.ThrowIfNull(bundles);
        var referrals = referred.SelectMany(f => f.Value.Select(c => (Force: f.Key, c.InvestigationRef))).ToList();
        var parent = Enumerable.Range(0, referrals.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < referrals.Count; i++)
            foreach (var person in bundles.RealSuspectsOf(referrals[i].Force, referrals[i].InvestigationRef))
                if (firstWith.TryGetValue(person, out var first)) parent[Find(i)] = Find(first);
                else firstWith[person] = i;
        return Enumerable.Range(0, referrals.Count).GroupBy(Find)
            .Count(g => g.Select(i => referrals[i].Force).Distinct(StringComparer.Ordinal).Count() > 1);
    }

    private async Task<(long Investigations, List<Candidate> Candidates)> ScreenAsync(string force, string bundle, DatabaseTarget target, AuditTrail audit,
        CriteriaProfile profile, DateOnly asOf, CancellationToken cancellationToken)
    {
        var imported = await new BundleImporter(clock, audit).ImportAsync(target, bundle, new ImportOptions { ImportedBy = "demo" }, null, cancellationToken);
        if (!imported.Succeeded)
            throw new InvalidOperationException($"{force}'s synthetic extract did not import: " + string.Join("; ", imported.Errors.Take(5)));
        await PipelineLinkage.Create(seed: 1, clock, audit)
            .RunAsync(target, new LinkOptions(1, Restart: true, "demo"), null, cancellationToken);
        await new ScreeningService(clock, new StoredLinkageFacts(), audit).ScreenAsync(target, profile, asOf, "demo", cancellationToken);

        await using var db = ReassessDatabase.CreateContext(target);
        var candidates = await db.Set<Candidate>().AsNoTracking().Where(c => c.Force == force && c.ProfileName == profile.Name).ToListAsync(cancellationToken);
        var investigations = await db.Investigations.LongCountAsync(i => i.Force == force, cancellationToken);
        return (investigations, candidates);
    }

    private async Task<int> ReferAsync(string force, DatabaseTarget target, AuditTrail audit, ReferralSigningKey key, IReadOnlyList<Candidate> chosen, string packs,
        CancellationToken cancellationToken)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        using var caches = new CaseCaches();
        var team = new SyntheticReferrals(db, clock, audit, new CaseLeadFinder(caches, clock));
        await team.EnrolTeamAsync(force, cancellationToken);
        foreach (var candidate in chosen) await team.ApproveReferralAsync(force, candidate.Id, cancellationToken);

        var (_, _, lead) = SyntheticReferrals.Team(force);
        db.ChangeTracker.Clear();
        var packsWritten = await new ReferralExporter(db, clock, audit, key, ReferralExporter.LoadNationalProfile()).ExportAsync(lead, packs, "the national operation (demo)", cancellationToken);
        return packsWritten.Count;
    }
}
