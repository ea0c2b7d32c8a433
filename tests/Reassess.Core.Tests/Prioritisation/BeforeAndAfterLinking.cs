using Reassess.Import;
using Reassess.Linkage.Resolution;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// A synthetic two-force extract (3,000 investigations) imported into a test database, and a comparison run on it before
/// and after a link run, with <c>met-2025</c> as of 2025-10-31: the shape of the tests that hold two ways of finding the
/// priority inputs to one another.
/// </summary>
internal static class BeforeAndAfterLinking
{
    public static readonly DateOnly AsOf = new(2025, 10, 31);

    public static async Task<(T Unlinked, T Linked)> CompareAsync<T>(ulong seed, Func<DatabaseTarget, CriteriaProfile, DateOnly, Task<T>> compare)
    {
        var profile = CriteriaProfileLoader.LoadShipped("met-2025");
        var dir = Directory.CreateTempSubdirectory("reassess-before-after-linking-").FullName;
        try
        {
            ExtractGenerator.WriteBundle(new SynthesisOptions { Scale = SynthesisScale.Count(3_000), Forces = 2, AsOf = AsOf, Seed = seed }, dir);
            await using var t = await TestDatabase.CreateAsync();
            var imported = await new BundleImporter(TimeProvider.System).ImportAsync(t.Target, dir, new ImportOptions { ImportedBy = "test" });
            Assert.True(imported.Succeeded, string.Join("\n", imported.Errors.Take(5)));

            var unlinked = await compare(t.Target, profile, AsOf);
            await new LinkageService(new EngineMatcher(seed: 1),
                    input => Reassess.Linkage.Networks.NetworkInvestigationFacts.ChildSexualOffence(input, ChildSexualOffence.Holds), TimeProvider.System)
                .RunAsync(t.Target, new LinkOptions(1, Restart: true, "test"), null, default);
            return (unlinked, await compare(t.Target, profile, AsOf));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
