using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Reassess.Audit;
using Reassess.Import;
using Reassess.Linkage.Resolution;
using Reassess.Storage;

namespace Reassess.Records;

/// <summary>What an erasure removed.</summary>
public sealed record ErasureResult(long PersonId, string Force, string PersonRef, int IdentifiersDeleted, int HistoryValuesErased, int MatchesDeleted, DateTimeOffset ErasedAt);

/// <summary>Why an erasure was refused.</summary>
public sealed class ErasureException(string message) : ReassessException(message);

/// <summary>
/// Erases one nominal's personal data from Reassess's copy (for example when the force's retention review removes it from the
/// source system): its names, dates, ethnicity, nationality, occupation, postcode and PNC id, its identifiers (phones,
/// vehicles, emails, addresses), the values in its change history and the proposed matches that name it. The person
/// record and its involvements stay, redacted, so investigations keep their counts; a later extract that still holds the
/// nominal does not bring the data back. Recorded in the audit trail (DPA 2018 s.62: erasure) in the same transaction:
/// either everything happens with its record, or nothing does.
/// </summary>
public sealed class PersonErasure(TimeProvider time, IAuditTrail audit)
{
    /// <summary>The surname of an erased person (the column is required).</summary>
    public const string Erased = "[erased]";

    public async Task<ErasureResult> EraseAsync(DatabaseTarget target, string force, string personRef, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(force);
        ArgumentException.ThrowIfNullOrWhiteSpace(personRef);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(reason)) throw new ErasureException("An erasure needs its reason (it is kept in the audit trail).");
        force = force.Trim().ToUpperInvariant();
        personRef = personRef.Trim();

        await using var db = ReassessDatabase.CreateContext(target);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.People.SingleOrDefaultAsync(p => p.Force == force && p.PersonRef == personRef, cancellationToken)
            ?? throw new ErasureException($"No person {personRef} of force {force} is stored.");
        if (person.ErasedAt is { } when) throw new ErasureException($"{force} {personRef} was already erased on {when:yyyy-MM-dd HH:mm} UTC.");

        var now = time.GetUtcNow();
        person.Surname = Erased;
        person.Forenames = null;
        person.DateOfBirth = null;
        person.DateOfDeath = null;
        person.Sex = null;
        person.SelfDefinedEthnicity = null;
        person.OfficerObservedEthnicity = null;
        person.Nationality = null;
        person.PncId = null;
        person.Occupation = null;
        person.Postcode = null;
        person.ErasedAt = now;
        await db.SaveChangesAsync(cancellationToken);

        var id = person.Id;
        var identifierIds = await db.Identifiers.Where(i => i.PersonId == id).Select(i => i.Id).ToListAsync(cancellationToken);
        var history = await db.RecordChanges
            .Where(c => (c.Entity == "person" && c.RecordId == id) || (c.Entity == "identifier" && identifierIds.Contains(c.RecordId)))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.OldValue, (string?)null).SetProperty(c => c.NewValue, (string?)null), cancellationToken);
        var identifiers = await db.Identifiers.Where(i => i.PersonId == id).ExecuteDeleteAsync(cancellationToken);
        var matches = await db.Set<PersonMatch>().Where(m => m.LeftPersonId == id || m.RightPersonId == id).ExecuteDeleteAsync(cancellationToken);
        // The person's history says that, and when, it was erased (no values): it also tells readers that cache what they
        // derived from stored people (the workbench's case pages) that the data has changed.
        db.RecordChanges.Add(new RecordChange
        {
            Entity = "person",
            RecordId = id,
            Field = "erased",
            ChangedAt = now,
            ChangedBy = actor,
            Reason = "erased",
        });
        await db.SaveChangesAsync(cancellationToken);

        await audit.RecordAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(),
            new AuditEvent(actor, AuditCategory.Erasure, "erase person", "person", [id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                Justification = reason.Trim(),
            }, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new ErasureResult(id, force, personRef, identifiers, history, matches, now);
    }
}
