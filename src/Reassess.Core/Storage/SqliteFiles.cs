using Microsoft.Data.Sqlite;

namespace Reassess.Storage;

/// <summary>
/// Keeps a SQLite database readable by its owner only (issue 22, finding 6): the file is created 0600 before SQLite
/// first opens it, and an existing file readable by others is tightened. SQLite creates the <c>-wal</c> and <c>-shm</c>
/// files with the database file's permissions, so they follow; any already there are tightened too.
/// </summary>
public static class SqliteFiles
{
    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates or tightens the database file of <paramref name="connectionString"/> (nothing for in-memory databases, or on Windows).</summary>
    public static void EnsurePrivate(string connectionString)
    {
        if (OperatingSystem.IsWindows()) return;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return;
        var path = Path.GetFullPath(source);
        if (!File.Exists(path))
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            try
            {
                // An empty file is a new, empty SQLite database.
                new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }).Dispose();
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created by another process meanwhile: tightened below.
            }
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            Tighten(file);
    }

    private static void Tighten(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            if (!File.Exists(file)) return;
            var mode = File.GetUnixFileMode(file);
            if ((mode & OthersAndGroup) != 0) File.SetUnixFileMode(file, mode & ~OthersAndGroup);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Not ours to change (another owner): SQLite still opens it; the operator sees the mode with ls.
        }
    }
}
