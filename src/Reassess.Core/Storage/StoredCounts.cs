using Microsoft.EntityFrameworkCore;

namespace Reassess.Storage;

/// <summary>How many records of each kind are stored for one force.</summary>
public sealed record ForceCounts(string Force, long Investigations, long People, long Involvements, long Identifiers);

/// <summary>Counts stored records per force (the <c>stats</c> command and the workbench's admin page).</summary>
public static class StoredCounts
{
    public static async Task<IReadOnlyList<ForceCounts>> ReadAsync(ReassessDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var inv = await db.Investigations.GroupBy(x => x.Force).Select(g => new { g.Key, N = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.N, cancellationToken);
        var ppl = await db.People.GroupBy(x => x.Force).Select(g => new { g.Key, N = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.N, cancellationToken);
        var invl = await db.Involvements.GroupBy(x => x.Force).Select(g => new { g.Key, N = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.N, cancellationToken);
        var ids = await db.Identifiers.GroupBy(x => x.Force).Select(g => new { g.Key, N = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.N, cancellationToken);
        return [.. inv.Keys.Union(ppl.Keys).Union(invl.Keys).Union(ids.Keys).Order(StringComparer.Ordinal)
            .Select(f => new ForceCounts(f, inv.GetValueOrDefault(f), ppl.GetValueOrDefault(f), invl.GetValueOrDefault(f), ids.GetValueOrDefault(f)))];
    }
}
