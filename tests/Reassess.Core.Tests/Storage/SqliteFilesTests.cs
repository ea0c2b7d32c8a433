using Microsoft.Data.Sqlite;
using Reassess.Storage;

namespace Reassess.Tests.Storage;

/// <summary>A SQLite database and its WAL and shared-memory files are readable by their owner only (issue 22, finding 6).</summary>
public sealed class SqliteFilesTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("reassess-mode-").FullName;
        try
        {
            var target = DatabaseTarget.Parse(Path.Combine(dir, "private.db"));
            await ReassessDatabase.MigrateAsync(target);
            await using (var connection = await ReassessDatabase.OpenConnectionAsync(target))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
                await cmd.ExecuteNonQueryAsync();
                var file = Path.Combine(dir, "private.db");
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                {
                    Assert.True(File.Exists(f), f);
                    Assert.Equal(OwnerOnly, File.GetUnixFileMode(f));
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_existing_database_readable_by_others_is_tightened()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("reassess-mode-").FullName;
        try
        {
            var file = Path.Combine(dir, "old.db");
            await using (var create = new SqliteConnection($"Data Source={file}"))
            {
                await create.OpenAsync();
            }
            SqliteConnection.ClearAllPools();
            File.SetUnixFileMode(file, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await ReassessDatabase.MigrateAsync(DatabaseTarget.Parse(file));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
