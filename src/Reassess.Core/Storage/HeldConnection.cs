using Microsoft.EntityFrameworkCore;

namespace Reassess.Storage;

/// <summary>
/// Keeps a context's connection open around a unit of work (a web request), so that its queries share one connection.
/// Left to EF Core, each query opens and closes its own: taking a pooled SQLite connection back runs its pragmas and
/// registers EF Core's SQL functions again, about 3% of a case page's CPU at national scale (docs/operations.md).
/// </summary>
public static class HeldConnection
{
    public static async Task RunAsync(ReassessDbContext db, Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await work();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
