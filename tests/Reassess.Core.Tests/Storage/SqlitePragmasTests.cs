using Microsoft.Data.Sqlite;
using Reassess.Import;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Storage;

/// <summary>Pragmas changed for one piece of work do not outlive it on pooled SQLite connections.</summary>
public sealed class SqlitePragmasTests
{
    private static async Task<long> Pragma(SqliteConnection connection, string name)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_scope_puts_each_pragma_back_as_it_was()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-pragmas-");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.FullName, "p.db")};Pooling=False");
            await connection.OpenAsync();
            var cache = await Pragma(connection, "cache_size");
            var sync = await Pragma(connection, "synchronous");
            await using (await SqlitePragmas.SetAsync(connection, [("cache_size", "-65536"), ("synchronous", "OFF"), ("temp_store", "MEMORY")]))
            {
                Assert.Equal(-65536, await Pragma(connection, "cache_size"));
                Assert.Equal(0, await Pragma(connection, "synchronous"));
                Assert.Equal(2, await Pragma(connection, "temp_store"));
            }
            Assert.Equal(cache, await Pragma(connection, "cache_size"));
            Assert.Equal(sync, await Pragma(connection, "synchronous"));
            Assert.Equal(0, await Pragma(connection, "temp_store"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task After_an_import_and_its_audit_entry_the_pooled_connections_have_their_usual_pragmas()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-pragmas-");
        try
        {
            var target = DatabaseTarget.Parse(Path.Combine(dir.FullName, "r.db"));
            using var bundle = Bundle.FromSample();
            var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(target, bundle.Directory, new ImportOptions { ImportedBy = "tester" });
            Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
            // Borrow several at once, so every connection the import and the audit trail used comes out of the pool.
            var connections = new List<SqliteConnection>();
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    var c = new SqliteConnection(target.ConnectionString);
                    await c.OpenAsync();
                    connections.Add(c);
                }
                foreach (var c in connections)
                {
                    // The first import into a new file ran with a rollback journal; the file is back in WAL mode after it.
                    await using (var mode = c.CreateCommand())
                    {
                        mode.CommandText = "PRAGMA journal_mode;";
                        Assert.Equal("wal", await mode.ExecuteScalarAsync());
                    }
                    Assert.Equal(-2000, await Pragma(c, "cache_size"));
                    Assert.Equal(0, await Pragma(c, "temp_store"));
                    Assert.Equal(1, await Pragma(c, "foreign_keys"));
                    Assert.NotEqual(0, await Pragma(c, "synchronous"));
                }
            }
            finally
            {
                foreach (var c in connections) await c.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
