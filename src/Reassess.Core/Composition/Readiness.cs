using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Storage;

namespace Reassess.Composition;

/// <summary>
/// Whether an instance may take work: its database answers with a current schema, and the audit key can be read (or the
/// trail is still empty, so a first entry will create it). A load balancer's readiness check asks this.
/// </summary>
public static class Readiness
{
    /// <summary>Null when ready; otherwise which check failed ("database", "audit key"), naming nothing else.</summary>
    public static async Task<string?> ProblemAsync(DatabaseTarget target, AuditTrail audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(audit);
        try
        {
            await using var db = ReassessDatabase.CreateContext(target);
            if (!await db.Database.CanConnectAsync(cancellationToken) || (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                return "database";
            if (audit.Keys.TryReadKey() is null && await db.Set<AuditEntry>().AnyAsync(cancellationToken))
                return "audit key";
            return null;
        }
        catch (AuditKeyException)
        {
            return "audit key";
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return "database";
        }
    }
}
