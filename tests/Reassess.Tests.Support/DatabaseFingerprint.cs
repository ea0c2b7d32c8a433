using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Reassess.Storage;

namespace Reassess.Tests.Support;

/// <summary>A hash of every row of every table that an import writes to (and the audit trail).</summary>
public static class DatabaseFingerprint
{
    public static readonly string[] Tables = ["investigations", "people", "involvements", "identifiers", "import_batches", "record_changes", "audit_entries"];

    public static async Task<string> OfAsync(DatabaseTarget target)
    {
        await using var connection = await ReassessDatabase.OpenConnectionAsync(target);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var summary = new StringBuilder();
        foreach (var table in Tables)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // table names are constants
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                    sha.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "\u2400" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)) + "\u241F"));
                sha.AppendData("\u241E"u8);
            }
            summary.Append(table).Append('=').Append(rows).Append(' ');
        }
        return summary + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static async Task<string> IntegrityCheckAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
