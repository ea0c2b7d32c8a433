using Reassess.Import;
using Reassess.Screening;
using Reassess.Synthesis;
using Reassess.Tests.Support;

namespace Reassess.Tests.Synthesis;

/// <summary>The met scale through the real pipeline: the written bundle imports and the real met-2025 screening lands in range.</summary>
[Trait("Category", "Database")]
public sealed class MetScalePipelineTests
{
    [Fact]
    public async Task A_met_scale_bundle_imports_and_met_2025_screens_about_nine_thousand_candidates_about_600_a_year()
    {
        var asOf = new DateOnly(2025, 10, 31);
        var dir = Directory.CreateTempSubdirectory("reassess-met-");
        try
        {
            ExtractGenerator.WriteBundle(new SynthesisOptions { AsOf = asOf, Seed = 11 }, dir.FullName);
            await using var db = await TestDatabase.CreateAsync();
            var imported = await new BundleImporter(TimeProvider.System).ImportAsync(db.Target, dir.FullName, new ImportOptions { ImportedBy = "test" });
            Assert.True(imported.Succeeded, string.Join("\n", imported.Errors.Take(5)));

            var profile = CriteriaProfileLoader.LoadShipped("met-2025");
            var outcome = await new ScreeningService(TimeProvider.System, new NoLinkageFacts()).ScreenAsync(db.Target, profile, asOf, runBy: null);
            Assert.InRange(outcome.Summary.CriteriaCandidates, 8_100, 9_900);
            // Every full year near the plan of 600 (the first and last are part-years).
            foreach (var (year, count) in outcome.Summary.ByYear.Where(kv => kv.Key > asOf.Year - 15 && kv.Key < asOf.Year))
                Assert.InRange(count, 480, 720);
        }
        finally { dir.Delete(recursive: true); }
    }
}
