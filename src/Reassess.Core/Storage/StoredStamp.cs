using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Reassess.Storage;

/// <summary>
/// Reads a stamp of the stored data: one row of a statement of index seeks (the last id of a table, when a run
/// completed), each value as invariant text ("-" for none), so that a cache can tell on every request whether what it
/// holds is still what the database holds, whichever process changed it.
/// </summary>
public static class StoredStamp
{
    public static async Task<string[]> ReadAsync(ReassessDbContext db, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sql);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var parts = new string[reader.FieldCount];
            for (var i = 0; i < parts.Length; i++)
                parts[i] = reader.IsDBNull(i) ? "-" : reader.GetValue(i) switch
                {
                    DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                    DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "-",
                };
            return parts;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
