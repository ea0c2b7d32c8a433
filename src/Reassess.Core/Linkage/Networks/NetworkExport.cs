using Microsoft.EntityFrameworkCore;
using Reassess.Output;
using Reassess.Storage;

namespace Reassess.Linkage.Networks;

/// <summary>The stored offender networks, for <c>reassess networks</c> and the workbench.</summary>
public static class NetworkExport
{
    /// <summary>docs/outputs.md, <c>reassess networks --out</c>.</summary>
    public static readonly IReadOnlyList<string> Header = ["network_id", "force", "person_id", "role_in_network", "investigation_ids"];

    /// <summary>Writes one row per nominal of every network, in network then (force, person_ref) order; returns the rows written.</summary>
    public static async Task<int> WriteCsvAsync(ReassessDbContext db, CsvOutput csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(csv);
        var rows = await (from m in db.Set<NetworkMember>().AsNoTracking()
                          join n in db.Set<OffenderNetwork>().AsNoTracking() on m.NetworkId equals n.Id
                          select new { n.Label, m.Force, m.PersonRef, m.Role, m.InvestigationRefs })
            .ToListAsync(cancellationToken);
        foreach (var r in rows.OrderBy(r => r.Label, StringComparer.Ordinal).ThenBy(r => r.Force, StringComparer.Ordinal).ThenBy(r => r.PersonRef, StringComparer.Ordinal))
            csv.WriteRow(r.Label, r.Force, r.PersonRef, r.Role, r.InvestigationRefs);
        return rows.Count;
    }

    /// <summary>Every network, in label order.</summary>
    public static async Task<IReadOnlyList<OffenderNetwork>> ListAsync(ReassessDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var networks = await db.Set<OffenderNetwork>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. networks.OrderBy(n => n.Label, Comparer<string>.Create(NetworkLineage.CompareLabels))];
    }
}
