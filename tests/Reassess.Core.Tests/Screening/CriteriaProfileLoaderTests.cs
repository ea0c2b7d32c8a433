using System.Text.Json.Nodes;
using Reassess.Screening;

namespace Reassess.Tests.Screening;

public class CriteriaProfileLoaderTests
{
    private static string ShippedJson(string name) => File.ReadAllText(Path.Combine(CriteriaProfileLoader.ShippedFolder, name + ".json"));

    [Fact]
    public void Every_shipped_profile_loads_is_versioned_and_matches_its_file_name()
    {
        var profiles = CriteriaProfileLoader.LoadFolder();
        Assert.Equal(["beaconport-2025", "met-2025"], profiles.Select(p => p.Name));
        foreach (var p in profiles)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Version));
            Assert.Equal(p.Name + ".json", Path.GetFileName(p.Source));
        }
    }

    [Fact]
    public void Shipped_code_sets_are_the_reference_table()
    {
        foreach (var p in CriteriaProfileLoader.LoadFolder())
        {
            Assert.Equal(OffenceCodeSets.Reference.Sexual.Order(), p.OffenceCodes.Sexual.Order());
            Assert.Equal(OffenceCodeSets.Reference.ChildSpecific.Order(), p.OffenceCodes.ChildSpecific.Order());
            Assert.Equal(OffenceCodeSets.Reference.Contact.Order(), p.OffenceCodes.Contact.Order());
            Assert.Equal(Reassess.Reference.OutcomeTypes.All.Where(o => o.CountsAsNfa).Select(o => o.Code).Order(), p.Nfa.OutcomeCodes.Order());
        }
    }

    [Fact]
    public void Met_2025_has_its_published_parameters()
    {
        var p = CriteriaProfileLoader.LoadShipped("met-2025");
        Assert.Equal(15, p.Period.YearsBeforeAsOf);
        Assert.Equal(PeriodField.RecordedDate, p.Period.Field);
        Assert.Equal(2, p.Criteria.MinSuspects);
        Assert.Equal(600, p.YearlyTarget);
        Assert.Equal([Criterion.Period, Criterion.ChildSexualOffence, Criterion.Suspects, Criterion.Nfa], p.CriteriaInOrder);
    }

    [Fact]
    public void Beaconport_2025_has_its_published_parameters()
    {
        var p = CriteriaProfileLoader.LoadShipped("beaconport-2025");
        Assert.Equal((new DateOnly(2010, 1, 1), new DateOnly(2025, 3, 31)), p.Period.WindowFor(new DateOnly(2030, 1, 1)));
        Assert.Equal(PeriodField.OutcomeDate, p.Period.Field);
        Assert.Equal(
            [Criterion.Period, Criterion.ChildSexualOffence, Criterion.ContactOffence, Criterion.LivingSuspects, Criterion.Victims, Criterion.NotIndependentlyReviewed, Criterion.Nfa],
            p.CriteriaInOrder);
    }

    public static TheoryData<string, Action<JsonObject>> Broken => new()
    {
        { "criteria.minSuspects: must be a whole number ≥ 1", j => j["criteria"]!["minSuspects"] = 0 },
        { "criteria.minSuspects: must be a whole number ≥ 1", j => j["criteria"]!["minSuspects"] = 1.5 },
        { "criteria.minSuspects: must be a whole number ≥ 1", j => j["criteria"]!["minSuspects"] = "2" },
        { "criteria.minVictims: is required (null when not used)", j => j["criteria"]!.AsObject().Remove("minVictims") },
        { "criteria.maxSuspects: unknown field", j => j["criteria"]!["maxSuspects"] = 3 },
        { "version: is required", j => j.Remove("version") },
        { "name: must be lower-case letters, digits and hyphens", j => j["name"] = "Met 2025" },
        { "format: must be", j => j["format"] = "other/2" },
        { "period.field: must be \"recorded_date\" or \"outcome_date\"", j => j["period"]!["field"] = "offence_from" },
        { "period: give either yearsBeforeAsOf or from and to, not both", j => j["period"]!["from"] = "2010-01-01" },
        { "period.yearsBeforeAsOf: must be a whole number ≥ 1", j => j["period"]!["yearsBeforeAsOf"] = -1 },
        { "period.from: must be a date YYYY-MM-DD", j => { j["period"] = JsonNode.Parse("""{"field":"outcome_date","from":"01/01/2010","to":"2025-03-31"}"""); } },
        { "period.to: must not be before period.from", j => { j["period"] = JsonNode.Parse("""{"field":"outcome_date","from":"2025-01-01","to":"2010-03-31"}"""); } },
        { "period.to: required unless yearsBeforeAsOf is given", j => { j["period"] = JsonNode.Parse("""{"field":"outcome_date","from":"2025-01-01"}"""); } },
        { "nfa.outcomeCodes[1]: '99' is not a Home Office outcome type", j => j["nfa"]!["outcomeCodes"] = new JsonArray("9", "99") },
        { "nfa.cpsDecisions[0]: 'dropped' is not one of", j => j["nfa"]!["cpsDecisions"] = new JsonArray("dropped") },
        { "nfa.suspectDisposalNfa: must be true or false", j => j["nfa"]!["suspectDisposalNfa"] = "yes" },
        { "offenceCodes.childSpecific: '8N' is not in offenceCodes.sexual", j => j["offenceCodes"]!["childSpecific"]!.AsArray().Add("8N") },
        { "offenceCodes.sexual[0]: 'rape' is not a Home Office offence code", j => j["offenceCodes"]!["sexual"]!.AsArray().Insert(0, "rape") },
        { "typologies.online[0]: 'internet' is not one of", j => j["typologies"]!["online"] = new JsonArray("internet") },
        { "priority.weights.recency: must be a number ≥ 0", j => j["priority"]!["weights"]!["recency"] = -1 },
        { "priority.weights.recency: is required", j => j["priority"]!["weights"]!.AsObject().Remove("recency") },
        { "priority.weights.luck: unknown field", j => j["priority"]!["weights"]!["luck"] = 1 },
        { "priority.accessOccupations[0]: must not be empty", j => j["priority"]!["accessOccupations"] = new JsonArray(" ") },
        { "yearlyTarget: must be a whole number ≥ 1", j => j["yearlyTarget"] = 0 },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_profile_says_which_field_and_why(string expected, Action<JsonObject> breakIt)
    {
        var json = JsonNode.Parse(ShippedJson("met-2025"))!.AsObject();
        breakIt(json);
        var ex = Assert.Throws<CriteriaProfileException>(() => CriteriaProfileLoader.Parse(json.ToJsonString(), "met-2025.json"));
        Assert.StartsWith("met-2025.json: " + expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var ex = Assert.Throws<CriteriaProfileException>(() => CriteriaProfileLoader.Parse("{\n \"name\": ", "mine.json"));
        Assert.StartsWith("mine.json: not valid JSON (line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_name_lists_the_known_ones()
    {
        var ex = Assert.Throws<CriteriaProfileException>(() => CriteriaProfileLoader.LoadShipped("met-2024"));
        Assert.Contains("beaconport-2025, met-2025", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_file_is_loaded_at_run_time_and_its_parameters_apply()
    {
        var dir = Directory.CreateTempSubdirectory("reassess-profile-");
        try
        {
            var json = JsonNode.Parse(ShippedJson("met-2025"))!.AsObject();
            json["name"] = "local-2026";
            json["version"] = "7";
            json["criteria"]!["minSuspects"] = 3;
            var path = Path.Combine(dir.FullName, "local.json");
            File.WriteAllText(path, json.ToJsonString());
            var profile = CriteriaProfileLoader.LoadFile(path);
            Assert.Equal(("local-2026", "7"), (profile.Name, profile.Version));
            Assert.False(ScreeningTestData.Assess(profile, ScreeningTestData.Qualifying()).IsCandidate);
        }
        finally { dir.Delete(recursive: true); }
    }
}
