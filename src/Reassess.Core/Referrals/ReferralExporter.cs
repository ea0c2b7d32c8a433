using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Linkage;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Referrals;

/// <summary>The actor may not do this with referrals (wrong role or another force's data).</summary>
public sealed class ReferralAccessException(string message) : ReassessException(message);

/// <summary>An approved referral not yet sent.</summary>
public sealed record PendingReferral(long ReviewId, int ReviewVersion, string Force, string InvestigationRef, DateTimeOffset ApprovedAt, string? ApprovedBy);

/// <summary>One pack written by <see cref="ReferralExporter.ExportAsync"/>.</summary>
public sealed record ExportedPack(string InvestigationRef, string PackId, int Version, string Hash, bool MeetsNationalCriteria, string JsonFile, string HtmlFile);

/// <summary>
/// Force side of issue 25: every approved review recommending <c>refer_to_national_operation</c> that has not been sent yet
/// becomes a signed referral pack (<see cref="ReferralPackFormat"/>) plus a print-ready page. Only the force lead exports,
/// and only their own force's reviews. The export is a disclosure in the audit trail, recorded in the same transaction
/// that marks the reviews as referred, before the files are given their final names.
/// </summary>
public sealed class ReferralExporter(ReassessDbContext db, TimeProvider clock, IAuditTrail audit, ReferralSigningKey key, CriteriaProfile nationalProfile)
{
    /// <summary>The national operation's profile (docs/criteria-profiles.md): every pack is explained under it.</summary>
    public const string NationalProfileName = "beaconport-2025";

    /// <summary>The audit operation of an export.</summary>
    public const string ExportOperation = "referrals.export";

    /// <summary>The shipped national profile.</summary>
    public static CriteriaProfile LoadNationalProfile() => CriteriaProfileLoader.LoadShipped(NationalProfileName);

    /// <summary>The approved referrals of the actor's force not yet sent, oldest approval first.</summary>
    public async Task<IReadOnlyList<PendingReferral>> PendingAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var force = await AuthoriseAsync(actor, cancellationToken);
        var reviews = await db.Set<Review>().AsNoTracking()
            .Where(r => r.Force == force && r.Status == ReviewStatus.Approved && r.Recommendation == Recommendation.ReferToNationalOperation)
            .Select(r => new { r.Id, r.InvestigationId })
            .ToListAsync(cancellationToken);
        var ids = reviews.Select(r => r.Id).ToList();
        var approved = await db.Set<ReviewVersion>().AsNoTracking()
            .Where(v => ids.Contains(v.ReviewId) && v.Decision == ReviewStatus.Approved)
            .ToListAsync(cancellationToken);
        var sent = (await db.Set<ReferralExport>().AsNoTracking().Where(e => ids.Contains(e.ReviewId))
            .Select(e => new { e.ReviewId, e.ReviewVersionNumber }).ToListAsync(cancellationToken))
            .Select(e => (e.ReviewId, e.ReviewVersionNumber)).ToHashSet();
        var invIds = reviews.Select(r => r.InvestigationId).ToList();
        var refs = await db.Investigations.AsNoTracking().Where(i => invIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.InvestigationRef, cancellationToken);
        var pending = new List<PendingReferral>();
        foreach (var r in reviews)
        {
            var latest = approved.Where(v => v.ReviewId == r.Id).MaxBy(v => v.Number);
            if (latest is null || sent.Contains((r.Id, latest.Number))) continue;
            // The approved version must itself recommend referral (a later reopened form may not).
            if (latest.Recommendation != Recommendation.ReferToNationalOperation) continue;
            pending.Add(new PendingReferral(r.Id, latest.Number, force, refs[r.InvestigationId], latest.DecidedAt ?? latest.SubmittedAt, latest.DecidedBy));
        }
        return [.. pending.OrderBy(p => p.ApprovedAt).ThenBy(p => p.InvestigationRef, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Writes a pack (<c>FORCE_REF_vN.json</c>) and its print page (<c>.html</c>) into <paramref name="outDir"/> for every
    /// pending referral of the actor's force, records them as sent, and audits the disclosure to
    /// <paramref name="recipient"/>. Nothing pending: nothing written, nothing recorded.
    /// </summary>
    public async Task<IReadOnlyList<ExportedPack>> ExportAsync(Actor actor, string outDir, string recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        var pending = await PendingAsync(actor, cancellationToken);
        if (pending.Count == 0) return [];
        Directory.CreateDirectory(outDir);
        using var signer = key.Load();
        var pseudonyms = key.PseudonymKey();
        var now = clock.GetUtcNow();
        var written = new List<(ExportedPack Pack, string TempJson, string TempHtml, ReferralExport Row, long InvestigationId)>();
        try
        {
            foreach (var p in pending)
            {
                var (body, investigationId, meets) = await BuildBodyAsync(p, pseudonyms, now, cancellationToken);
                var envelope = ReferralPackFormat.Seal(body, signer);
                // The national intake's own check, before anything is written or recorded as sent: a pack it would refuse
                // (a case whose suspects have all been erased since approval has none to refer) stops the export here.
                try
                {
                    ReferralPackFormat.Read(ReferralPackFormat.ToFileText(envelope), $"{p.Force}/{p.InvestigationRef}");
                }
                catch (ReferralPackException ex)
                {
                    throw new ReferralPackException(
                        $"{ex.Message}. The national operation would refuse this pack, so nothing was exported; a supervisor can reopen " +
                        "the review to change its recommendation, or the missing records can be restored by a later extract.");
                }
                var hash = ReferralPackFormat.Str(envelope, "hash")![ReferralPackFormat.HashPrefix.Length..];
                var version = body["version"]!.GetValue<int>();
                var stem = FileStem(p.Force, p.InvestigationRef, version);
                var json = Path.Combine(outDir, stem + ".json");
                var html = Path.Combine(outDir, stem + ".html");
                await File.WriteAllTextAsync(json + ".partial", ReferralPackFormat.ToFileText(envelope), cancellationToken);
                await File.WriteAllTextAsync(html + ".partial", ReferralPackPage.Render(envelope), cancellationToken);
                var row = new ReferralExport
                {
                    ReviewId = p.ReviewId,
                    ReviewVersionNumber = p.ReviewVersion,
                    Force = p.Force,
                    InvestigationId = investigationId,
                    InvestigationRef = p.InvestigationRef,
                    PackId = ReferralPackFormat.Str(body, "pack_id")!,
                    PackVersion = version,
                    Hash = hash,
                    ApprovedAt = p.ApprovedAt,
                    ExportedAt = now,
                    ExportedBy = actor.UserName,
                };
                written.Add((new ExportedPack(p.InvestigationRef, row.PackId, version, hash, meets, json, html), json + ".partial", html + ".partial", row, investigationId));
            }

            await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.Set<ReferralExport>().AddRange(written.Select(w => w.Row));
                await db.SaveChangesAsync(cancellationToken);
                await audit.RecordAsync(db, new AuditEvent(AuditActor.User(actor.UserName), AuditCategory.Disclosure, ExportOperation, AuditSubjects.Investigation,
                    [.. written.Select(w => w.InvestigationId.ToString(CultureInfo.InvariantCulture))])
                {
                    Justification = $"referral to the national operation: {written.Count} approved review(s) recommending refer_to_national_operation",
                    Recipient = recipient,
                }, cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            foreach (var w in written)
            {
                File.Delete(w.TempJson);
                File.Delete(w.TempHtml);
            }
            db.ChangeTracker.Clear();
            throw;
        }
        foreach (var w in written)
        {
            File.Move(w.TempJson, w.Pack.JsonFile, overwrite: true);
            File.Move(w.TempHtml, w.Pack.HtmlFile, overwrite: true);
        }
        return [.. written.Select(w => w.Pack)];
    }

    /// <summary>The file name of a pack without extension: the force, the reference with unsafe characters replaced, the version.</summary>
    public static string FileStem(string force, string investigationRef, int version)
    {
        ArgumentNullException.ThrowIfNull(investigationRef);
        var safe = new StringBuilder(investigationRef.Length);
        foreach (var c in investigationRef) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return string.Create(CultureInfo.InvariantCulture, $"{force}_{safe}_v{version}");
    }

    private async Task<string> AuthoriseAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role == Roles.ForceLead && !string.IsNullOrWhiteSpace(actor.Force)) return actor.Force.Trim().ToUpperInvariant();
        await audit.RecordAsync(new AuditEvent(AuditActor.User(actor.UserName), AuditCategory.Disclosure, ExportOperation, AuditSubjects.Investigation, [])
        {
            Justification = "referral export refused: only a force lead exports their force's referrals",
            Outcome = AuditOutcome.Denied,
        }, cancellationToken);
        throw new ReferralAccessException("Only a force lead exports referral packs, and only their own force's.");
    }

    private async Task<(JsonObject Body, long InvestigationId, bool Meets)> BuildBodyAsync(PendingReferral p, byte[] pseudonymKey, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var review = await db.Set<Review>().AsNoTracking().SingleAsync(r => r.Id == p.ReviewId, cancellationToken);
        var version = await db.Set<ReviewVersion>().AsNoTracking().SingleAsync(v => v.ReviewId == p.ReviewId && v.Number == p.ReviewVersion, cancellationToken);
        var investigation = await db.Investigations.AsNoTracking().SingleAsync(i => i.Id == review.InvestigationId, cancellationToken);
        var people = await (from v in db.Involvements.AsNoTracking()
                            join person in db.People.AsNoTracking() on v.PersonId equals person.Id
                            where v.InvestigationId == investigation.Id && (v.Role == InvolvementRole.Suspect || v.Role == InvolvementRole.Victim)
                            orderby v.Id
                            select new { v, person }).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var minimiser = new VictimMinimiser(p.Force, pseudonymKey, people.Where(x => x.v.Role == InvolvementRole.Victim).Select(x => x.person));

        // The explanation is the screening engine's own, over the people with victims named by their pseudonyms.
        var participants = people.Select(x => (x.v, x.v.Role == InvolvementRole.Victim ? minimiser.Masked(x.person) : x.person)).ToList();
        var explanation = await new ScreeningService(clock, new StoredLinkageFacts())
            .ExplainAsync(db, nationalProfile, investigation, participants, today, cancellationToken);
        var meets = explanation.Assessment.IsCandidate;
        var previous = await db.Set<ReferralExport>().AsNoTracking()
            .Where(e => e.Force == p.Force && e.InvestigationId == investigation.Id)
            .MaxAsync(e => (int?)e.PackVersion, cancellationToken) ?? 0;
        var form = version.ReadForm();
        var suspectRefs = people.Where(x => x.v.Role == InvolvementRole.Suspect).GroupBy(x => x.person.Id).ToDictionary(g => g.Key, g => g.First().person.PersonRef);
        string? SuspectRef(long personId) => suspectRefs.TryGetValue(personId, out var r) ? r : null;

        var body = new JsonObject
        {
            ["format"] = ReferralPackFormat.Format,
            ["pack_id"] = Guid.NewGuid().ToString("N"),
            ["version"] = previous + 1,
            ["force"] = p.Force,
            ["created_at"] = ReferralPackFormat.Timestamp(now),
            ["flags"] = meets ? new JsonArray() : new JsonArray(ReferralPackFormat.NotMeetingNationalCriteria),
            ["investigation"] = new JsonObject
            {
                ["investigation_ref"] = investigation.InvestigationRef,
                ["recorded_date"] = ReferralPackFormat.Date(investigation.RecordedDate),
                ["offence_from"] = ReferralPackFormat.Date(investigation.OffenceFrom),
                ["offence_to"] = investigation.OffenceTo is { } to ? ReferralPackFormat.Date(to) : null,
                ["offence_codes"] = new JsonArray([.. investigation.OffenceCodeList.Select(c => (JsonNode?)c)]),
                ["outcome_code"] = investigation.OutcomeCode,
                ["outcome_date"] = investigation.OutcomeDate is { } od ? ReferralPackFormat.Date(od) : null,
                ["cps_decision"] = investigation.CpsDecision is { } cps ? Token.Of(cps) : null,
                ["cse_flag"] = investigation.CseFlag,
                ["independently_reviewed"] = investigation.IndependentlyReviewed,
                ["postcode_district"] = District(investigation.Postcode),
            },
            ["screening"] = new JsonObject
            {
                ["profile"] = nationalProfile.Name,
                ["profile_version"] = nationalProfile.Version,
                ["as_of"] = ReferralPackFormat.Date(explanation.AsOf),
                ["meets_national_criteria"] = meets,
                ["basis"] = explanation.Assessment.Basis is { } basis ? Token.Of(basis) : null,
                ["criteria"] = new JsonArray([.. explanation.Criteria.Select(c => (JsonNode?)new JsonObject
                {
                    ["name"] = c.Name,
                    ["passed"] = c.Passed,
                    ["facts"] = minimiser.Text(c.Facts),
                })]),
                ["typologies"] = new JsonArray([.. explanation.Typologies.Select(t => (JsonNode?)t)]),
                ["priority"] = explanation.Priority,
                ["priority_factors"] = new JsonArray([.. explanation.Factors.Select(f => (JsonNode?)new JsonObject
                {
                    ["name"] = f.Name,
                    ["weight"] = f.Weight,
                    ["quantity"] = f.Quantity,
                    ["contribution"] = f.Contribution,
                    ["detail"] = minimiser.Text(f.Detail),
                })]),
                ["linked_evidence"] = minimiser.Text(explanation.Assessment.LinkedEvidence),
            },
            ["review"] = new JsonObject
            {
                ["review_version"] = version.Number,
                ["approved_at"] = ReferralPackFormat.Timestamp(p.ApprovedAt),
                ["approved_by"] = version.DecidedBy,
                ["recommendation"] = form.Recommendation is { } rec ? Token.Of(rec) : null,
                ["rationale"] = minimiser.Text(form.Rationale),
                ["lines_of_enquiry"] = new JsonArray([.. form.LinesOfEnquiry.Select(l => (JsonNode?)new JsonObject
                {
                    ["category"] = l.Category is { } c ? Token.Of(c) : null,
                    ["description"] = minimiser.Text(l.Description),
                    ["status"] = Token.Of(l.Status),
                })]),
                ["extant_risks"] = new JsonObject
                {
                    ["to_victim"] = Risk(form.ExtantRisks.ToVictim, minimiser),
                    ["to_other_children"] = Risk(form.ExtantRisks.ToOtherChildren, minimiser),
                    ["from_suspects"] = new JsonArray([.. form.ExtantRisks.FromSuspects.Select(r => (JsonNode?)new JsonObject
                    {
                        ["suspect_ref"] = SuspectRef(r.PersonId),
                        ["level"] = r.Level is { } l ? Token.Of(l) : null,
                        ["narrative"] = minimiser.Text(r.Narrative),
                    })]),
                },
                ["safeguarding_referrals"] = new JsonArray([.. form.SafeguardingReferrals.Select(s => (JsonNode?)new JsonObject
                {
                    ["agency"] = s.Agency is { } a ? Token.Of(a) : null,
                    ["reason"] = minimiser.Text(s.Reason),
                    ["date_sent"] = s.DateSent is { } d ? ReferralPackFormat.Date(d) : null,
                })]),
                ["opportunities"] = new JsonArray([.. form.Opportunities.Select(o => (JsonNode?)new JsonObject
                {
                    ["suspect_ref"] = SuspectRef(o.PersonId),
                    ["kind"] = o.Kind is { } k ? Token.Of(k) : null,
                    ["narrative"] = minimiser.Text(o.Narrative),
                })]),
                ["victim_consent"] = form.VictimConsent is { } vc ? Token.Of(vc) : null,
                ["accepted_leads"] = new JsonArray([.. form.LeadDecisions.Where(d => d.Decision == LeadVerdict.Accepted).Select(d => (JsonNode?)new JsonObject
                {
                    ["kind"] = d.Kind ?? d.Key.Split('|')[0],
                    ["subject"] = minimiser.Text(d.Subject),
                    ["evidence"] = minimiser.Text(d.Evidence),
                })]),
            },
            ["suspects"] = new JsonArray([.. people.Where(x => x.v.Role == InvolvementRole.Suspect).DistinctBy(x => x.person.Id).Select(x => (JsonNode?)new JsonObject
            {
                ["suspect_ref"] = x.person.PersonRef,
                ["surname"] = x.person.Surname,
                ["forenames"] = x.person.Forenames,
                ["date_of_birth"] = x.person.DateOfBirth is { } dob ? ReferralPackFormat.Date(dob) : null,
                ["sex"] = x.person.Sex?.ToString(),
                ["pnc_id"] = x.person.PncId,
                ["self_defined_ethnicity"] = x.person.SelfDefinedEthnicity,
                ["nationality"] = x.person.Nationality,
                ["occupation"] = x.person.Occupation,
                ["postcode_district"] = District(x.person.Postcode),
                ["deceased"] = x.person.DateOfDeath is not null,
                ["relationship"] = x.v.Relationship is { } rel ? Token.Of(rel) : null,
                ["disposal"] = x.v.SuspectDisposal is { } disp ? Token.Of(disp) : null,
                ["arrested"] = x.v.Arrested,
                ["interviewed"] = x.v.Interviewed,
            })]),
            ["victims"] = new JsonArray([.. people.Where(x => x.v.Role == InvolvementRole.Victim).DistinctBy(x => x.person.Id).Select(x => (JsonNode?)new JsonObject
            {
                ["victim_ref"] = minimiser.Pseudonym(x.person),
                ["age_at_offence"] = AgeAtOffence.Years(x.person.DateOfBirth, investigation.OffenceFrom),
                ["under_18_now"] = AgeAtOffence.IsChild(x.person.DateOfBirth, today),
                ["sex"] = x.person.Sex?.ToString(),
            })]),
        };
        return (body, investigation.Id, meets);
    }

    private static JsonObject Risk(RiskAssessment r, VictimMinimiser m) => new()
    {
        ["level"] = r.Level is { } l ? Token.Of(l) : null,
        ["narrative"] = m.Text(r.Narrative),
    };

    /// <summary>A postcode's outward code (the district, <c>SW1A</c> of <c>SW1A 1AA</c>): enough to place, not to find an address.</summary>
    public static string? District(string? postcode)
    {
        if (string.IsNullOrWhiteSpace(postcode)) return null;
        var trimmed = postcode.Trim().ToUpperInvariant();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? trimmed[..space] : trimmed.Length > 3 ? trimmed[..^3] : trimmed;
    }
}

/// <summary>
/// The victims' side of data minimisation: each victim is named by a pseudonymous reference, <c>V-</c> and the first 16
/// hex digits of HMAC-SHA-256(force's pseudonym key, <c>FORCE|person_id</c>), the same in every pack of the force; and
/// free text (criteria facts, narratives, lead evidence) has each victim's person id and recorded name replaced by it.
/// The export format carries no consent to share a victim's identity (force-export-v1 has no such field), so victims
/// are always pseudonymous.
/// </summary>
internal sealed class VictimMinimiser
{
    private readonly string _force;
    private readonly byte[] _key;
    private readonly List<(string Text, string Pseudonym)> _replacements = [];

    public VictimMinimiser(string force, byte[] key, IEnumerable<Person> victims)
    {
        _force = force;
        _key = key;
        foreach (var v in victims)
        {
            var pseudonym = Pseudonym(v);
            if (!string.IsNullOrWhiteSpace(v.Forenames)) _replacements.Add((v.Forenames.Trim() + " " + v.Surname.Trim(), pseudonym));
            _replacements.Add((v.PersonRef, pseudonym));
        }
        // Longest first, so a full name is replaced before its surname alone.
        _replacements.Sort((a, b) => b.Text.Length.CompareTo(a.Text.Length));
    }

    public string Pseudonym(Person victim) =>
        "V-" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(_force + "|" + victim.PersonRef)))[..16];

    /// <summary>A copy of the victim's record holding only what screening reads, named by the pseudonym.</summary>
    public Person Masked(Person victim) => new()
    {
        Id = victim.Id,
        Force = victim.Force,
        PersonRef = Pseudonym(victim),
        Surname = "",
        DateOfBirth = victim.DateOfBirth,
        DateOfDeath = victim.DateOfDeath,
    };

    public string? Text(string? text)
    {
        if (text is null) return null;
        foreach (var (find, pseudonym) in _replacements)
            text = text.Replace(find, pseudonym, StringComparison.OrdinalIgnoreCase);
        return text;
    }
}
