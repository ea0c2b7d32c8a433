using Reassess.Import;
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
}
