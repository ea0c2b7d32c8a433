using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Referrals;

/// <summary>What became of one notice file on the force side.</summary>
public sealed record NoticeImportResult(string File, int Stored, int AlreadyHeld, string? Refused);

/// <summary>
/// Force side of the feedback loop: takes in the national operation's notice files (<c>reassess-referral-notices/1</c>)
/// addressed to this force, checks each file's hash and that every notice names an investigation this force holds, and
/// stores the notices (a notice already held is skipped). A file for another force, or failing a check, is refused whole.
/// </summary>
public sealed class ReferralNoticeInbox(ReassessDbContext db, TimeProvider clock, IAuditTrail audit)
{
    public const string Format = "reassess-referral-notices/1";
    public const string ImportOperation = "referrals.import_notices";

    public async Task<IReadOnlyList<NoticeImportResult>> ImportAsync(string actor, string force, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new ReferralPackException($"{folder}: no such folder");
        force = force.Trim().ToUpperInvariant();
        var results = new List<NoticeImportResult>();
        foreach (var file in Directory.GetFiles(folder, "notices-*.json").Order(StringComparer.Ordinal))
        {
            db.ChangeTracker.Clear();
            var name = Path.GetFileName(file);
            try
            {
                results.Add(await ImportOneAsync(actor, force, file, name, cancellationToken));
            }
            catch (ReassessException ex)
            {
                results.Add(new NoticeImportResult(name, 0, 0, ex.Message));
            }
        }
        return results;
    }

    /// <summary>The notices this force holds, newest first.</summary>
    public async Task<IReadOnlyList<ReferralNotice>> ListAsync(string force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        force = force.Trim().ToUpperInvariant();
        return await db.Set<ReferralNotice>().AsNoTracking().Where(n => n.Force == force)
            .OrderByDescending(n => n.GeneratedAt).ThenBy(n => n.InvestigationRef).ThenBy(n => n.SuspectRef).ToListAsync(cancellationToken);
    }

    private async Task<NoticeImportResult> ImportOneAsync(string actor, string force, string file, string name, CancellationToken cancellationToken)
    {
        JsonObject content;
        try { content = JsonNode.Parse(await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken)) as JsonObject ?? throw new ReferralPackException($"{name}: not a JSON object"); }
        catch (JsonException ex) { throw new ReferralPackException($"{name}: not JSON ({ex.Message})"); }
        if (ReferralPackFormat.Str(content, "format") != Format) throw new ReferralPackException($"{name}: not a notice file of format {Format}");
        var addressed = ReferralPackFormat.Str(content, "force")?.ToUpperInvariant();
        if (addressed != force) throw new ReferralPackException($"{name}: addressed to {addressed ?? "no force"}, not to {force}");
        var hash = ReferralPackFormat.Str(content, "hash");
        var body = (JsonObject)content.DeepClone();
        body.Remove("hash");
        if (hash != ReferralPackFormat.HashOf(ReferralPackFormat.Canonical(body))) throw new ReferralPackException($"{name}: tampered: the hash does not match the content");
        var generated = ReferralPackFormat.ParseTimestamp(ReferralPackFormat.Str(content, "generated_at"), name + ": generated_at");
        if (content["notices"] is not JsonArray notices) throw new ReferralPackException($"{name}: notices: missing");
        var refs = notices.OfType<JsonObject>().Select(n => ReferralPackFormat.Str(n, "investigation_ref") ?? "").Distinct().ToList();
        var held = await db.Investigations.AsNoTracking().Where(i => i.Force == force && refs.Contains(i.InvestigationRef)).Select(i => i.InvestigationRef).ToListAsync(cancellationToken);
        var unknown = refs.Except(held).ToList();
        if (unknown.Count > 0) throw new ReferralPackException($"{name}: names investigation(s) this force does not hold: {string.Join(", ", unknown)}");
        var ids = notices.OfType<JsonObject>().Select(n => ReferralPackFormat.Str(n, "notice_id") ?? "").ToList();
        var existing = (await db.Set<ReferralNotice>().AsNoTracking().Where(n => ids.Contains(n.NoticeId)).Select(n => n.NoticeId).ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow();
        var added = new List<ReferralNotice>();
        foreach (var n in notices.OfType<JsonObject>())
        {
            var id = ReferralPackFormat.Str(n, "notice_id");
            if (string.IsNullOrWhiteSpace(id)) throw new ReferralPackException($"{name}: a notice has no notice_id");
            if (existing.Contains(id) || added.Any(a => a.NoticeId == id)) continue;
            added.Add(new ReferralNotice
            {
                NoticeId = id,
                Force = force,
                InvestigationRef = ReferralPackFormat.Str(n, "investigation_ref")!,
                SuspectRef = ReferralPackFormat.Str(n, "suspect_ref") ?? throw new ReferralPackException($"{name}: notice {id} has no suspect_ref"),
                OtherForces = string.Join(';', ((n["other_forces"] as JsonArray) ?? []).Select(f => f?.ToString())),
                Message = ReferralPackFormat.Str(n, "message") ?? "",
                GeneratedAt = generated,
                ImportedAt = now,
            });
        }
        if (added.Count > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            db.AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(db, new AuditEvent(actor, AuditCategory.Collection, ImportOperation, "file", [name.Replace(AuditEvent.IdSeparator, ',')])
            {
                Justification = $"{added.Count} feedback notice(s) from the national operation",
            }, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        return new NoticeImportResult(name, added.Count, notices.Count - added.Count, null);
    }
}
