using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Import;
using Reassess.Leads;
using Reassess.Linkage;
using Reassess.Linkage.Resolution;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Synthesis;
using Reassess.Tests.Support;
using Xunit.Abstractions;

namespace Reassess.Tests.Leads;

/// <summary>
/// The leads engine against the planted truth of a synthetic bundle (truth/leads.csv): generated, imported, linked by the
/// real engine, then leads found for every investigation and compared, kind by kind.
/// </summary>
[Trait("Category", "Database")]
public sealed class PlantedLeadsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Leads_found_after_a_link_run_match_the_planted_truth_with_recall_and_precision_of_at_least_095()
    {
        var asOf = new DateOnly(2025, 10, 31);
        var dir = Directory.CreateTempSubdirectory("reassess-leads-truth-").FullName;
        try
        {
            var summary = ExtractGenerator.WriteBundle(
                new SynthesisOptions { Scale = SynthesisScale.Count(3_000), Forces = 2, AsOf = asOf, Seed = 7 }, dir);
            Assert.True(summary.PlantedMentions > 50, $"only {summary.PlantedMentions} mentions planted");
            var truth = LeadsTruthCheck.ReadTruth(Path.Combine(dir, BundleWriter.TruthFolder, "leads.csv"));
            Assert.Equal(summary.Leads, truth.Count);

            await using var t = await TestDatabase.CreateAsync();
            var imported = await new BundleImporter(TimeProvider.System).ImportAsync(t.Target, dir, new ImportOptions { ImportedBy = "test" });
            Assert.True(imported.Succeeded, string.Join("\n", imported.Errors.Take(5)));
            await new LinkageService(new EngineMatcher(seed: 1),
                    input => Reassess.Linkage.Networks.NetworkInvestigationFacts.ChildSexualOffence(input, ChildSexualOffence.Holds), TimeProvider.System)
                .RunAsync(t.Target, new LinkOptions(1, Restart: true, "test"), null, default);

            await using var db = ReassessDatabase.CreateContext(t.Target);
            var ids = await db.Investigations.AsNoTracking().Select(i => i.Id).ToListAsync();
            var found = await new LeadFinder(new StoredLinkageFacts()).ForInvestigationsAsync(db, ids, CriteriaProfileLoader.LoadShipped("met-2025"), asOf);
            var scores = LeadsTruthCheck.Score(found.Values.SelectMany(l => l), truth);
            foreach (var s in scores)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Kind,-24} truth {s.TruePositives + s.FalseNegatives,6} found {s.TruePositives + s.FalsePositives,6} recall {s.Recall:F3} precision {s.Precision:F3}"));

            var all = scores.Single(s => s.Kind == "all");
            Assert.True(all.Recall >= 0.95, $"recall {all.Recall:F3}");
            Assert.True(all.Precision >= 0.95, $"precision {all.Precision:F3}");
            // The planted mentions are found as written, whatever the spelling: the text recognition's own figure.
            var unrecorded = scores.Single(s => s.Kind == "unrecorded_identifier");
            Assert.True(unrecorded.TruePositives > 50);
            Assert.True(unrecorded.Recall >= 0.95 && unrecorded.Precision >= 0.95, $"unrecorded_identifier recall {unrecorded.Recall:F3} precision {unrecorded.Precision:F3}");
            // Every kind is planted.
            Assert.All(scores, s => Assert.True(s.TruePositives + s.FalseNegatives > 0, $"no {s.Kind} in the truth"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
