using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Linkage.Matching;
using Reassess.Storage;

namespace Reassess.Referrals;

/// <summary>A suspect of a received referral, and the person the linkage engine resolved them to.</summary>
public sealed record ReferralSuspect(long ReferralId, string Force, string InvestigationRef, string SuspectRef, string Name, int Person);

/// <summary>One force's part in a network: its referrals and suspects there.</summary>
public sealed record ForceContribution(string Force, int Referrals, int Suspects);

/// <summary>
/// Referrals joined by a suspect the linkage engine resolved to the same person, directly or through a chain. Its label is
/// derived from its members (<c>RN-</c> and 8 hex digits), so it stays the same while they do.
/// </summary>
public sealed record ReferralNetwork(string Label, IReadOnlyList<ReceivedReferral> Referrals, IReadOnlyList<ForceContribution> Forces,
    IReadOnlyList<ReferralSuspect> SharedSuspects)
{
    public bool CrossForce => Forces.Count > 1;
}

/// <summary>One factor of a referral's national priority.</summary>
public sealed record NationalFactor(string Name, double Weight, double Quantity, double Contribution, string Detail);

/// <summary>A referral in the national queue: its priority as the sum of its factors, its network and its flags.</summary>
public sealed record NationalQueueEntry(ReceivedReferral Referral, double Priority, IReadOnlyList<NationalFactor> Factors, ReferralNetwork? Network, IReadOnlyList<string> Flags);

/// <summary>The current referrals' suspects linked across forces and the networks they form.</summary>
public sealed class ReferralLinkage(IReadOnlyList<ReceivedReferral> referrals, IReadOnlyList<ReferralSuspect> suspects, IReadOnlyList<ReferralNetwork> networks)
{
    public IReadOnlyList<ReceivedReferral> Referrals => referrals;
    public IReadOnlyList<ReferralSuspect> Suspects => suspects;
    /// <summary>Networks of two or more referrals, those spanning most forces first.</summary>
    public IReadOnlyList<ReferralNetwork> Networks => networks;

    public ReferralNetwork? NetworkOf(long referralId) => networks.FirstOrDefault(n => n.Referrals.Any(r => r.Id == referralId));
}

/// <summary>One row of the referrals report: referrals of a force, month (of referral) and typology.</summary>
public sealed record ReferralCount(string Force, string Month, string Typology, int Referrals);

/// <summary>Time from a review's approval to its referral, per force.</summary>
public sealed record ReferralDelay(string Force, int Referrals, double MedianDays, double MaxDays);

/// <summary>
/// National side of issue 25: links the suspects of the current referrals across forces with the linkage engine
/// (<see cref="LinkageEngine"/>, the same person comparison <c>reassess link</c> uses: names, date of birth, sex, PNC id,
/// postcode district, occupation, ethnicity, nationality), groups referrals sharing a person into networks, ranks the
/// national queue and reports on referrals. Only national oversight sees the queue.
/// </summary>
public sealed class ReferralNetworks(ReassessDbContext db, TimeProvider clock, IAuditTrail audit, ReferralLinkageCache? cache = null)
{
    /// <summary>
    /// The weight of the national factor <c>cross_force_network</c>: per other force whose referrals share a suspect with
    /// this one. The other factors are the pack's own, under the national profile.
    /// </summary>
    public const double CrossForceWeight = 10;

    public const string QueueOperation = "referrals.queue";

    /// <summary>
    /// Links the current referrals' suspects and builds the networks; with a <see cref="ReferralLinkageCache"/>, only when
    /// the current referrals changed since the linkage it holds.
    /// </summary>
    public async Task<ReferralLinkage> LinkAsync(CancellationToken cancellationToken = default)
    {
        var referrals = await db.Set<ReceivedReferral>().AsNoTracking().Where(r => r.Current)
            .OrderBy(r => r.Force).ThenBy(r => r.InvestigationRef).ToListAsync(cancellationToken);
        if (cache is null) return Link(referrals, cancellationToken);
        var key = string.Join(",", referrals.Select(r => r.Id.ToString(CultureInfo.InvariantCulture) + ":" + r.Hash));
        return await cache.GetAsync(key, () => Task.FromResult(Link(referrals, cancellationToken)), cancellationToken);
    }

    private static ReferralLinkage Link(List<ReceivedReferral> referrals, CancellationToken cancellationToken)
    {
        var records = new List<PersonRecord>();
        var owners = new List<(ReceivedReferral Referral, string SuspectRef, string Name)>();
        foreach (var r in referrals)
        {
            var body = JsonNode.Parse(r.BodyJson)!.AsObject();
            foreach (var s in ((JsonArray)body["suspects"]!).OfType<JsonObject>())
            {
                var suspectRef = ReferralPackFormat.Str(s, "suspect_ref") ?? "";
                var dob = ReferralPackFormat.Str(s, "date_of_birth");
                records.Add(new PersonRecord(
                    Id: r.Force + ":" + suspectRef + "#" + r.Id.ToString(CultureInfo.InvariantCulture),
                    Forenames: ReferralPackFormat.Str(s, "forenames"),
                    Surname: ReferralPackFormat.Str(s, "surname"),
                    DateOfBirth: DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
                    Sex: ReferralPackFormat.Str(s, "sex"),
                    Postcode: ReferralPackFormat.Str(s, "postcode_district"),
                    Occupation: ReferralPackFormat.Str(s, "occupation"),
                    Identifier: ReferralPackFormat.Str(s, "pnc_id"),
                    Role: "suspect",
                    Ethnicity: ReferralPackFormat.Str(s, "self_defined_ethnicity"),
                    Nationality: ReferralPackFormat.Str(s, "nationality"),
                    // No force: referrals come from every force by design, so being of another force is no evidence against a match.
                    Force: null));
                owners.Add((r, suspectRef, $"{ReferralPackFormat.Str(s, "forenames")} {ReferralPackFormat.Str(s, "surname")}".Trim()));
            }
        }
        var clusterOf = records.Count < 2
            ? [.. Enumerable.Range(0, records.Count)]
            : new LinkageEngine().Run(records, new LinkageOptions { Seed = 1, Threads = 1 }, cancellationToken: cancellationToken).ClusterOf;
        var suspects = owners.Select((o, i) => new ReferralSuspect(o.Referral.Id, o.Referral.Force, o.Referral.InvestigationRef, o.SuspectRef, o.Name, clusterOf[i])).ToList();

        // Referrals sharing a person are one network (union-find over the referrals).
        var index = referrals.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var parent = Enumerable.Range(0, referrals.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var person in suspects.GroupBy(s => s.Person))
        {
            var first = index[person.First().ReferralId];
            foreach (var s in person) parent[Find(index[s.ReferralId])] = Find(first);
        }
        var networks = new List<ReferralNetwork>();
        foreach (var group in Enumerable.Range(0, referrals.Count).GroupBy(Find))
        {
            var members = group.Select(i => referrals[i]).ToList();
            if (members.Count < 2) continue;
            var ids = members.Select(m => m.Id).ToHashSet();
            var memberSuspects = suspects.Where(s => ids.Contains(s.ReferralId)).ToList();
            var shared = memberSuspects.GroupBy(s => s.Person).Where(g => g.Select(s => s.ReferralId).Distinct().Count() > 1).SelectMany(g => g).ToList();
            var forces = members.GroupBy(m => m.Force).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ForceContribution(g.Key, g.Count(), memberSuspects.Count(s => s.Force == g.Key))).ToList();
            var key = string.Join("|", members.Select(m => m.Force + "/" + m.InvestigationRef).Order(StringComparer.Ordinal));
            var label = "RN-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
            networks.Add(new ReferralNetwork(label, members, forces, shared));
        }
        return new ReferralLinkage(referrals, suspects,
            [.. networks.OrderByDescending(n => n.Forces.Count).ThenByDescending(n => n.Referrals.Count).ThenBy(n => n.Label, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The national referral queue, highest priority first: each referral's factors under the national profile (from its
    /// pack) plus <c>cross_force_network</c>. Only national oversight; the view is a consultation in the audit trail.
    /// </summary>
    public async Task<IReadOnlyList<NationalQueueEntry>> QueueAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Roles.NationalOversight)
        {
            await audit.RecordAsync(new AuditEvent(AuditActor.User(actor.UserName), AuditCategory.Consultation, QueueOperation, ReferralIntake.ReferralSubject, [])
            {
                Justification = "national referral queue refused: national oversight only",
                Outcome = AuditOutcome.Denied,
            }, cancellationToken);
            throw new ReferralAccessException("Only national oversight sees the national referral queue.");
        }
        var linkage = await LinkAsync(cancellationToken);
        var entries = new List<NationalQueueEntry>();
        foreach (var r in linkage.Referrals)
        {
            var body = JsonNode.Parse(r.BodyJson)!.AsObject();
            var screening = (JsonObject)body["screening"]!;
            var factors = ((JsonArray)screening["priority_factors"]!).OfType<JsonObject>().Select(f => new NationalFactor(
                ReferralPackFormat.Str(f, "name") ?? "", Num(f["weight"]), Num(f["quantity"]), Num(f["contribution"]), ReferralPackFormat.Str(f, "detail") ?? "")).ToList();
            var network = linkage.NetworkOf(r.Id);
            var others = network?.Forces.Select(f => f.Force).Where(f => f != r.Force).ToList() ?? [];
            factors.Add(new NationalFactor("cross_force_network", CrossForceWeight, others.Count, CrossForceWeight * others.Count,
                others.Count == 0 ? "no suspect appears in another force's referral" : $"a suspect appears in referrals from {JoinForces(others)}"));
            var flags = ((JsonArray)body["flags"]!).Select(f => f?.ToString() ?? "").ToList();
            entries.Add(new NationalQueueEntry(r, Math.Round(factors.Sum(f => f.Contribution), 3), factors, network, flags));
        }
        var queue = entries.OrderByDescending(e => e.Priority).ThenBy(e => e.Referral.ReferredAt).ThenBy(e => e.Referral.Force, StringComparer.Ordinal)
            .ThenBy(e => e.Referral.InvestigationRef, StringComparer.Ordinal).ToList();
        await new AuditedOperations(audit).InvestigationRefsConsultedAsync(AuditActor.User(actor.UserName), QueueOperation,
            queue.Select(e => (e.Referral.Force, e.Referral.InvestigationRef)), "national referral queue", cancellationToken);
        return queue;
    }

    /// <summary>Current referrals by force, month of referral (<c>yyyy-MM</c>) and typology; a referral counts once under each of its typologies.</summary>
    public async Task<IReadOnlyList<ReferralCount>> CountsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<ReceivedReferral>().AsNoTracking().Where(r => r.Current).Select(r => new { r.Force, r.ReferredAt, r.Typologies }).ToListAsync(cancellationToken);
        return [.. rows.SelectMany(r => (r.Typologies.Length == 0 ? ["none"] : r.Typologies.Split(';')).Select(t => (r.Force, Month: r.ReferredAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), t)))
            .GroupBy(x => x)
            .Select(g => new ReferralCount(g.Key.Force, g.Key.Month, g.Key.t, g.Count()))
            .OrderBy(c => c.Force, StringComparer.Ordinal).ThenBy(c => c.Month, StringComparer.Ordinal).ThenBy(c => c.Typology, StringComparer.Ordinal)];
    }

    /// <summary>Days from the review's approval to the pack's creation, per force (current referrals).</summary>
    public async Task<IReadOnlyList<ReferralDelay>> DelaysAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<ReceivedReferral>().AsNoTracking().Where(r => r.Current).Select(r => new { r.Force, r.ApprovedAt, r.ReferredAt }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Force).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var days = g.Select(r => Math.Round((r.ReferredAt - r.ApprovedAt).TotalDays, 1)).Order().ToList();
            var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[(days.Count / 2) - 1] + days[days.Count / 2]) / 2;
            return new ReferralDelay(g.Key, days.Count, median, days[^1]);
        })];
    }

    /// <summary>
    /// Writes one notice file per force whose referral has a suspect appearing in another force's referral
    /// (<c>notices-FORCE.json</c>, format <c>reassess-referral-notices/1</c>). A notice names the force's own
    /// investigation and suspect and only the other forces' codes: nothing of their cases. Each file is a disclosure to
    /// that force in the audit trail. Returns the files written.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteNoticesAsync(string actor, string outDir, CancellationToken cancellationToken = default)
    {
        var linkage = await LinkAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var byForce = new SortedDictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var person in linkage.Suspects.GroupBy(s => s.Person))
        {
            var forces = person.Select(s => s.Force).Distinct().Order(StringComparer.Ordinal).ToList();
            if (forces.Count < 2) continue;
            foreach (var s in person.DistinctBy(s => (s.Force, s.InvestigationRef, s.SuspectRef)))
            {
                var others = forces.Where(f => f != s.Force).ToList();
                var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{s.Force}|{s.InvestigationRef}|{s.SuspectRef}|{string.Join(";", others)}")))[..32];
                if (!byForce.TryGetValue(s.Force, out var list)) byForce[s.Force] = list = [];
                list.Add(new JsonObject
                {
                    ["notice_id"] = id,
                    ["investigation_ref"] = s.InvestigationRef,
                    ["suspect_ref"] = s.SuspectRef,
                    ["other_forces"] = new JsonArray([.. others.Select(f => (JsonNode?)f)]),
                    ["message"] = $"Your suspect {s.SuspectRef} in {s.Force}/{s.InvestigationRef} appears in referrals from {JoinForces(others)}; ask those forces for disclosure through the usual route.",
                });
            }
        }
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        foreach (var (force, notices) in byForce)
        {
            var file = Path.Combine(outDir, $"notices-{force}.json");
            var content = new JsonObject
            {
                ["format"] = ReferralNoticeInbox.Format,
                ["force"] = force,
                ["generated_at"] = ReferralPackFormat.Timestamp(now),
                ["notices"] = new JsonArray([.. notices.OrderBy(n => ReferralPackFormat.Str(n, "investigation_ref"), StringComparer.Ordinal)
                    .ThenBy(n => ReferralPackFormat.Str(n, "suspect_ref"), StringComparer.Ordinal)]),
            };
            var hash = ReferralPackFormat.HashOf(ReferralPackFormat.Canonical(content));
            content["hash"] = hash;
            await new AuditedOperations(audit).FileExportedAsync(actor, "referrals.notices", file, $"feedback notices to {force}: {notices.Count} suspect(s) in other forces' referrals", cancellationToken);
            await File.WriteAllTextAsync(file, ReferralPackFormat.ToFileText(content), cancellationToken);
            files.Add(file);
        }
        return files;
    }

    /// <summary>"GMP", "GMP and WYP", "GMP, KNT and WYP".</summary>
    public static string JoinForces(IReadOnlyList<string> forces)
    {
        ArgumentNullException.ThrowIfNull(forces);
        return forces.Count <= 1 ? string.Join("", forces) : string.Join(", ", forces.Take(forces.Count - 1)) + " and " + forces[^1];
    }

    private static double Num(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
}
