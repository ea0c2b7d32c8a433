using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Referrals;

/// <summary>What became of one pack file in an import.</summary>
public enum PackOutcome { Imported, Updated, Skipped, Refused }

/// <summary>One pack file's result: what happened and why.</summary>
public sealed record PackImportResult(string File, PackOutcome Outcome, string Detail, string? Force = null, string? InvestigationRef = null, int? Version = null);

/// <summary>
/// National side of issue 25: registers each referring force's public key and takes referral packs in. Each pack is
/// judged on its own (per pack, with a report): a pack that is unreadable, incomplete, unsigned, from a force not
/// registered, or whose hash or signature does not verify is refused, naming the file and why, and the others are still
/// taken in. A pack sent again (same hash) is skipped; a later version of the same force and investigation replaces the
/// current one, which is kept as history; an earlier or equal version with different content is refused.
/// </summary>
public sealed class ReferralIntake(ReassessDbContext db, TimeProvider clock, IAuditTrail audit)
{
    public const string RegisterOperation = "referrals.register_force";
    public const string ImportOperation = "referrals.import";
    public const string ReferralSubject = "referral";

    /// <summary>
    /// Registers (or replaces) <paramref name="force"/>'s public key from PEM text; <paramref name="label"/> names where it
    /// came from in errors. Returns the key id packs must name.
    /// </summary>
    public async Task<string> RegisterForceAsync(string actor, string force, string publicKeyPem, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(force);
        force = force.Trim().ToUpperInvariant();
        if (force.Length is < 2 or > 8 || !force.All(char.IsAsciiLetter))
            throw new ReferralKeyException($"force '{force}': a force code is 2 to 8 letters");
        using var key = ReferralSigningKey.ImportPublicKey(publicKeyPem, label);
        var keyId = ReferralSigningKey.KeyIdOf(key);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        var existing = await db.Set<ReferringForce>().SingleOrDefaultAsync(f => f.Force == force, cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing is null)
            db.Add(new ReferringForce { Force = force, PublicKeyPem = pem, KeyId = keyId, RegisteredAt = clock.GetUtcNow(), RegisteredBy = actor });
        else
        {
            existing.PublicKeyPem = pem;
            existing.KeyId = keyId;
            existing.RegisteredAt = clock.GetUtcNow();
            existing.RegisteredBy = actor;
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEvent(actor, AuditCategory.Alteration, RegisterOperation, "referring_force", [force])
        {
            Justification = existing is null ? $"public key {keyId} registered" : $"public key replaced by {keyId}",
        }, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return keyId;
    }

    /// <summary>Every <c>*.json</c> pack in <paramref name="folder"/>, in name order, each judged on its own.</summary>
    public async Task<IReadOnlyList<PackImportResult>> ImportAsync(string actor, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new ReferralPackException($"{folder}: no such folder");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var results = new List<PackImportResult>(files.Count);
        foreach (var file in files)
        {
            db.ChangeTracker.Clear();
            try
            {
                results.Add(await ImportOneAsync(actor, file, cancellationToken));
            }
            catch (ReassessException ex)
            {
                results.Add(new PackImportResult(Path.GetFileName(file), PackOutcome.Refused, ex.Message));
            }
        }
        var refused = results.Where(r => r.Outcome == PackOutcome.Refused).ToList();
        if (refused.Count > 0)
        {
            // Refused packs are security events: something arrived that claims to be a force's referral and is not.
            await audit.RecordAsync(new AuditEvent(actor, AuditCategory.Security, ImportOperation, "file", [.. refused.Select(r => r.File.Replace(AuditEvent.IdSeparator, ','))])
            {
                Justification = "referral packs refused: " + string.Join(" | ", refused.Select(r => r.Detail)),
                Outcome = AuditOutcome.Failure,
            }, cancellationToken);
        }
        return results;
    }

    private async Task<PackImportResult> ImportOneAsync(string actor, string file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        var pack = ReferralPackFormat.Read(await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken), name);
        var force = await db.Set<ReferringForce>().AsNoTracking().SingleOrDefaultAsync(f => f.Force == pack.Force, cancellationToken)
            ?? throw new ReferralPackException($"{name}: unknown force {pack.Force}: no public key is registered for it (reassess referrals register-force)");
        string hash;
        using (var key = ReferralSigningKey.ImportPublicKey(force.PublicKeyPem, "registered key of " + force.Force))
            hash = ReferralPackFormat.Verify(pack, key, force.KeyId, name);

        if (await db.Set<ReceivedReferral>().AsNoTracking().AnyAsync(r => r.Hash == hash, cancellationToken))
            return new PackImportResult(name, PackOutcome.Skipped, "already received (same hash)", pack.Force, pack.InvestigationRef, pack.Version);
        var history = await db.Set<ReceivedReferral>().Where(r => r.Force == pack.Force && r.InvestigationRef == pack.InvestigationRef).ToListAsync(cancellationToken);
        var latest = history.MaxBy(r => r.Version);
        if (latest is not null && latest.Version >= pack.Version)
            throw new ReferralPackException($"{name}: version {pack.Version} of {pack.Force} {pack.InvestigationRef} is not newer than version {latest.Version} already received, and its content differs");

        var screening = (JsonObject)pack.Body["screening"]!;
        var review = (JsonObject)pack.Body["review"]!;
        var referral = new ReceivedReferral
        {
            PackId = pack.PackId,
            Force = pack.Force,
            InvestigationRef = pack.InvestigationRef,
            Version = pack.Version,
            Hash = hash,
            BodyJson = Encoding.UTF8.GetString(ReferralPackFormat.Canonical(pack.Body)),
            Current = true,
            MeetsNationalCriteria = screening["meets_national_criteria"] is JsonValue m && m.TryGetValue<bool>(out var meets) && meets,
            Typologies = string.Join(';', ((screening["typologies"] as JsonArray) ?? []).Select(t => t?.ToString()).Order(StringComparer.Ordinal)),
            Priority = screening["priority"] is JsonValue p && p.TryGetValue<double>(out var priority) ? priority : 0,
            ApprovedAt = ReferralPackFormat.ParseTimestamp(ReferralPackFormat.Str(review, "approved_at"), name + ": body.review.approved_at"),
            ReferredAt = ReferralPackFormat.ParseTimestamp(ReferralPackFormat.Str(pack.Body, "created_at"), name + ": body.created_at"),
            ReceivedAt = clock.GetUtcNow(),
            ReceivedBy = actor,
            SourceFile = name,
        };
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var old in history) old.Current = false;
        db.Add(referral);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEvent(actor, AuditCategory.Collection, ImportOperation, ReferralSubject, [referral.Id.ToString(CultureInfo.InvariantCulture)])
        {
            Justification = $"referral {pack.Force} {pack.InvestigationRef} version {pack.Version} received from {pack.Force}",
        }, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return latest is null
            ? new PackImportResult(name, PackOutcome.Imported, $"version {pack.Version}", pack.Force, pack.InvestigationRef, pack.Version)
            : new PackImportResult(name, PackOutcome.Updated, $"version {pack.Version} replaces version {latest.Version} (kept as history)", pack.Force, pack.InvestigationRef, pack.Version);
    }
}
