using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>The result of checking the audit chain.</summary>
/// <param name="Entries">How many entries were read.</param>
/// <param name="BrokenAt">The sequence number of the first entry that fails, or null when the chain is intact.</param>
/// <param name="Problem">What is wrong with it, in a sentence.</param>
public sealed record AuditVerification(long Entries, long? BrokenAt, string? Problem)
{
    public bool Intact => BrokenAt is null;
}

/// <summary>
/// Walks the audit chain from the first entry and reports the first entry that was altered, removed, reordered or
/// forged: sequence numbers must run 1, 2, 3 … without gaps, each entry must name the hash of the one before, each
/// hash must match the keyed hash of the entry's contents, and the trail must reach the head anchored outside the
/// database (so cutting off the last entries is noticed too).
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(ReassessDbContext db, AuditKeyStore keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var key = keys.TryReadKey();
        var anchor = keys.ReadHead();

        long expected = 1;
        var previousHash = AuditChain.Genesis;
        long count = 0;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(x => x.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (key is null)
                return new(count, entry.Sequence, $"the audit key ({keys.Describe()}) is missing, so no entry can be checked");
            if (entry.Sequence != expected)
            {
                return entry.Sequence > expected
                    ? new(count, expected, string.Create(CultureInfo.InvariantCulture, $"entry {expected} is missing (the next entry is {entry.Sequence})"))
                    : new(count, entry.Sequence, string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} is out of order"));
            }
            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
                return new(count, entry.Sequence, string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1} (previous hash differs: removed, reordered or inserted)"));
            if (!string.Equals(AuditChain.ComputeHash(entry, key), entry.Hash, StringComparison.Ordinal))
                return new(count, entry.Sequence, string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} does not match its hash (altered, or forged without the key)"));
            previousHash = entry.Hash;
            expected++;
        }

        var last = expected - 1;
        if (anchor is not null)
        {
            if (anchor.Sequence > last)
                return new(count, last + 1, string.Create(CultureInfo.InvariantCulture, $"entry {last + 1} is missing: the trail ends at entry {last} but entry {anchor.Sequence} was recorded (head anchor {keys.HeadFile})"));
            // The anchored entry passed the chain check above; its hash must also be the one anchored.
            if (!await db.Set<AuditEntry>().AnyAsync(x => x.Sequence == anchor.Sequence && x.Hash == anchor.Hash, cancellationToken))
                return new(count, anchor.Sequence, string.Create(CultureInfo.InvariantCulture, $"entry {anchor.Sequence} differs from the one anchored outside the database"));
        }
        if (last > 0) keys.Advance(new AuditHead(last, previousHash));
        return new(count, null, null);
    }
}
