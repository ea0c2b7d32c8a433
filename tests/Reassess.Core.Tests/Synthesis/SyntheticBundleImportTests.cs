using System.Text;
using Microsoft.EntityFrameworkCore;
using Reassess.Import;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Synthesis;

[Trait("Category", "Database")]
public sealed class SyntheticBundleImportTests
{
    [Fact]
    public async Task A_generated_bundle_with_networks_across_two_forces_imports_without_error()
    {
        var dir = Directory.CreateTempSubdirectory("synth-import").FullName;
        try
        {
            var summary = ExtractGenerator.WriteBundle(
                new SynthesisOptions { Scale = SynthesisScale.Count(2_500), Forces = 2, AsOf = new DateOnly(2025, 3, 31), Seed = 11 }, dir);
            Assert.True(summary.CrossForceNetworks > 0);
            await using var t = await TestDatabase.CreateAsync();

            var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(t.Target, dir, new ImportOptions(), null, CancellationToken.None);

            Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors.Take(20)));
            Assert.Empty(outcome.Warnings);
            var added = outcome.Changes.ToDictionary(c => c.Table, c => c.Added, StringComparer.Ordinal);
            Assert.Equal(summary.Investigations, added["investigations"]);
            Assert.Equal(summary.People, added["people"]);
            Assert.Equal(summary.Involvements, added["involvements"]);
            Assert.Equal(summary.Identifiers, added["identifiers"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_bundle_large_enough_to_defer_indexes_stores_the_same_written_in_parts_as_whole()
    {
        // About 53,000 people and involvements: past the size from which indexes are dropped during the load and rebuilt
        // after it. In parts of 5,000 rows, the people arrive in eleven parts, each written while the rest is read.
        var dir = Directory.CreateTempSubdirectory("synth-parts").FullName;
        try
        {
            ExtractGenerator.WriteBundle(new SynthesisOptions { Scale = SynthesisScale.Count(20_000), Forces = 2, AsOf = new DateOnly(2025, 3, 31), Seed = 5 }, dir);
            var snapshots = new List<string>();
            string migrated;
            await using (var fresh = await TestDatabase.CreateAsync()) migrated = await Catalog(fresh);
            foreach (var partRows in new[] { 1 << 20, 5_000 })
            {
                await using var t = await TestDatabase.CreateAsync();
                var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(t.Target, dir, new ImportOptions { PartRows = partRows }, null, CancellationToken.None);
                Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors.Take(20)));
                Assert.True(outcome.Changes.Single(c => c.Table == "people").Added > BulkWriter.DeferIndexesFrom);
                // Every index, key and foreign key dropped for the load is back, exactly as the migrations made it.
                Assert.Equal(migrated, await Catalog(t));
                snapshots.Add(await Snapshot(t));
            }
            Assert.Equal(snapshots[0], snapshots[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every index, primary key, unique key and foreign key of the schema with its definition, as text.</summary>
    private static async Task<string> Catalog(TestDatabase t)
    {
        await using var ctx = ReassessDatabase.CreateContext(t.Target);
        var sql = TestDatabase.Engine == DatabaseEngine.Sqlite
            ? "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') AS \"Value\" FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY type, name"
            : "SELECT 'index ' || indexname || ': ' || indexdef AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema() " +
              "UNION ALL SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) || ' ' || convalidated::text " +
              "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1";
        return string.Join('\n', await ctx.Database.SqlQueryRaw<string>(sql).ToListAsync());
    }

    /// <summary>Every stored row that matters and the indexes of the record tables, as text.</summary>
    private static async Task<string> Snapshot(TestDatabase t)
    {
        await using var ctx = ReassessDatabase.CreateContext(t.Target);
        var sb = new StringBuilder();
        foreach (var x in await ctx.Investigations.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.Append(x.Id).Append('|').Append(x.Force).Append('|').Append(x.InvestigationRef).Append('|').Append(x.OffenceCodes).Append('|').Append(x.FirstBatchId).AppendLine();
        foreach (var x in await ctx.People.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.Append(x.Id).Append('|').Append(x.Force).Append('|').Append(x.PersonRef).Append('|').Append(x.Surname).Append('|').Append(x.DateOfBirth).AppendLine();
        foreach (var x in await ctx.Involvements.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.Append(x.Id).Append('|').Append(x.InvestigationId).Append('|').Append(x.PersonId).Append('|').Append(x.Role).AppendLine();
        foreach (var x in await ctx.Identifiers.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.Append(x.Id).Append('|').Append(x.Value).Append('|').Append(x.PersonId).Append('|').Append(x.InvestigationId).AppendLine();
        var indexes = TestDatabase.Engine == DatabaseEngine.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('investigations', 'people', 'involvements', 'identifiers') ORDER BY name"
            : "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename IN ('investigations', 'people', 'involvements', 'identifiers') ORDER BY indexname";
        foreach (var name in await ctx.Database.SqlQueryRaw<string>(indexes).ToListAsync()) sb.AppendLine(name);
        return sb.ToString();
    }
}
