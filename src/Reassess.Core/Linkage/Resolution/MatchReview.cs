using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Linkage.Resolution;

/// <summary>A nominal named by its natural key, <c>FORCE:PERSON_REF</c>.</summary>
public readonly record struct NominalKey(string Force, string PersonRef)
{
    /// <summary>Parses <c>FORCE:PERSON_REF</c> (the force is upper-cased; the person ref may itself hold colons).</summary>
    public static bool TryParse(string? text, out NominalKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var at = text.IndexOf(':', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1) return false;
        key = new NominalKey(text[..at].Trim().ToUpperInvariant(), text[(at + 1)..].Trim());
        return key.Force.Length > 0 && key.PersonRef.Length > 0;
    }

    public override string ToString() => Force + ":" + PersonRef;

    internal static int Compare(NominalKey a, NominalKey b)
    {
        var c = string.CompareOrdinal(a.Force, b.Force);
        return c != 0 ? c : string.CompareOrdinal(a.PersonRef, b.PersonRef);
    }
}

/// <summary>A reviewer's decision on a proposed match.</summary>
public enum MatchVerdict
{
    /// <summary>The same person: the next <c>reassess link</c> joins them.</summary>
    Confirm,
    /// <summary>Different people: the next <c>reassess link</c> keeps them apart.</summary>
    Reject,
    /// <summary>Cannot tell: kept and audited, the pair stays pending and the model decides as before.</summary>
    Unsure,
}

/// <summary>Why a decision could not be recorded (an unknown nominal, a nominal paired with itself).</summary>
public sealed class MatchReviewException(string message) : ReassessException(message);

/// <summary>
/// Reviewers' side of person matching, shared by <c>reassess matches</c> and the workbench: list proposals, and record a
/// decision that overrides the model from the next <c>reassess link</c> on (and at once on the stored proposal).
/// </summary>
/// <remarks>A decision alters how people are resolved: it is recorded in the audit trail, in the same transaction, when one is given.</remarks>
public sealed class MatchReview(ReassessDbContext db, TimeProvider time, IAuditTrail? audit = null)
{
    /// <summary>Proposals with the given status (all when null), strongest first.</summary>
    public async Task<IReadOnlyList<PersonMatch>> ListAsync(MatchStatus? status, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var query = db.Set<PersonMatch>().AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        return await query.OrderByDescending(m => m.Probability).ThenByDescending(m => m.Weight)
            .ThenBy(m => m.LeftForce).ThenBy(m => m.LeftPersonRef).ThenBy(m => m.RightForce).ThenBy(m => m.RightPersonRef)
            .Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Records (or replaces) the decision on a pair of nominals and applies it to the stored proposal, if any.</summary>
    public Task<MatchDecision> DecideAsync(NominalKey a, NominalKey b, bool samePerson, string decidedBy, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(a, b, samePerson ? MatchVerdict.Confirm : MatchVerdict.Reject, decidedBy, reason, cancellationToken);

    /// <summary>
    /// Records (or replaces) the decision on a pair of nominals and applies it to the stored proposal, if any. An
    /// <see cref="MatchVerdict.Unsure"/> decision is kept and audited but decides nothing: the proposal is pending again.
    /// </summary>
    public async Task<MatchDecision> DecideAsync(NominalKey a, NominalKey b, MatchVerdict verdict, string decidedBy, string? reason, CancellationToken cancellationToken = default)
    {
        var samePerson = verdict == MatchVerdict.Confirm;
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        if (NominalKey.Compare(a, b) == 0) throw new MatchReviewException($"{a} cannot be matched with itself.");
        var (left, right) = NominalKey.Compare(a, b) < 0 ? (a, b) : (b, a);
        foreach (var k in new[] { left, right })
        {
            if (!await db.People.AnyAsync(p => p.Force == k.Force && p.PersonRef == k.PersonRef, cancellationToken))
                throw new MatchReviewException($"No nominal {k} is stored.");
        }

        var decision = await db.Set<MatchDecision>().SingleOrDefaultAsync(d => d.LeftForce == left.Force && d.LeftPersonRef == left.PersonRef
            && d.RightForce == right.Force && d.RightPersonRef == right.PersonRef, cancellationToken);
        if (decision is null)
        {
            decision = new MatchDecision { LeftForce = left.Force, LeftPersonRef = left.PersonRef, RightForce = right.Force, RightPersonRef = right.PersonRef, DecidedBy = decidedBy };
            db.Add(decision);
        }
        decision.SamePerson = samePerson;
        decision.Unsure = verdict == MatchVerdict.Unsure;
        decision.DecidedBy = decidedBy;
        decision.DecidedAt = time.GetUtcNow();
        decision.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var status = verdict switch { MatchVerdict.Confirm => MatchStatus.Confirmed, MatchVerdict.Reject => MatchStatus.Rejected, _ => MatchStatus.Pending };
        foreach (var match in await db.Set<PersonMatch>().Where(m => m.LeftForce == left.Force && m.LeftPersonRef == left.PersonRef
            && m.RightForce == right.Force && m.RightPersonRef == right.PersonRef).ToListAsync(cancellationToken))
            match.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(db, new AuditEvent(decidedBy, AuditCategory.Alteration, "match " + Token.Of(verdict), "person",
                [left.ToString(), right.ToString()])
            { Justification = decision.Reason }, cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return decision;
    }

    /// <summary>Every decision, in natural-key order.</summary>
    public async Task<IReadOnlyList<MatchDecision>> DecisionsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<MatchDecision>().AsNoTracking().OrderBy(d => d.LeftForce).ThenBy(d => d.LeftPersonRef).ThenBy(d => d.RightForce).ThenBy(d => d.RightPersonRef)
            .ToListAsync(cancellationToken);

    /// <summary>The status token a reviewer reads (<c>pending</c>, <c>confirmed</c>, …).</summary>
    public static string Describe(MatchStatus status) => Token.Of(status);
}
