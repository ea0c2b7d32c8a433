using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Reassess.Storage;

/// <summary>
/// Where a secret kept beside a database lives when no file is configured (the audit key, the referral signing key): for
/// SQLite, next to the database file; for PostgreSQL, in the user's application-data folder, named after host, port and
/// database, so that two servers' keys never share a file.
/// </summary>
internal static class SecretFileLocation
{
    /// <summary>The default file for the secret with <paramref name="extension"/> (for example <c>.audit-key</c>).</summary>
    public static string BesideDatabase(DatabaseTarget target, string extension)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Engine == DatabaseEngine.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
            return Path.GetFullPath(file) + extension;
        }
        var pg = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        var name = string.Create(CultureInfo.InvariantCulture, $"{pg.Host}_{pg.Port}_{pg.Database}");
        foreach (var c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        var home = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(home, "reassess", name + extension);
    }
}
