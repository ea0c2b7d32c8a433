using Reassess.Import.Mapping;

namespace Reassess.Tests.Import.Mapping;

/// <summary>The mapping file itself: its version, its names and its shape are checked on loading, each problem saying where.</summary>
public sealed class MappingDefinitionTests
{
    private const string Minimal = """
        {
          "version": 1,
          "force": "TST",
          "sources": { "crimes": { "file": "crimes.csv" } },
          "tables": { "investigations": [ { "from": "crimes", "columns": {
            "investigation_id": "REF", "recorded_date": "REC", "offence_from": "FROM", "offence_codes": "HO" } } ] }
        }
        """;

    private static MappingException Refused(string json) => Assert.Throws<MappingException>(() => MappingDefinition.Parse(json, "m.json"));

    [Fact]
    public void Both_sample_mappings_load()
    {
        foreach (var layout in new[] { "niche-like", "athena-like" })
        {
            var mapping = MappingDefinition.Load(Path.Combine(Extract.LayoutsDirectory, layout, "mapping.json"));
            Assert.Equal(1, mapping.Version);
            Assert.NotEmpty(mapping.Tables["involvements"]);
        }
    }

    [Fact]
    public void A_bare_string_is_a_source_column_and_comments_and_trailing_commas_are_allowed()
    {
        var mapping = MappingDefinition.Parse("// a comment\n" + Minimal.Replace("\"HO\" }", "\"HO\", }", StringComparison.Ordinal), "m.json");
        var columns = mapping.Tables["investigations"][0].Columns;
        Assert.Equal("REF", columns["investigation_id"].Column);
        Assert.Null(columns["investigation_id"].Value);
    }

    [Fact]
    public void The_version_is_required_and_must_be_one_this_reads()
    {
        Assert.Contains("version: required", Refused(Minimal.Replace("\"version\": 1,", "", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("version: 2 is not a mapping version this Reassess reads (it reads 1)",
            Refused(Minimal.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_outside_force_export_v1_are_refused_saying_where()
    {
        var ex = Refused(Minimal.Replace("\"HO\"", "\"HO\", \"crime_type\": \"TYPE\"", StringComparison.Ordinal));
        Assert.Contains("m.json: tables.investigations[0].columns.crime_type: 'crime_type' is not a column of investigations.csv", ex.Message, StringComparison.Ordinal);
        ex = Refused(Minimal.Replace("\"investigations\": [", "\"crimes\": [", StringComparison.Ordinal));
        Assert.Contains("tables.crimes: not a force-export-v1 table", ex.Message, StringComparison.Ordinal);
        ex = Refused(Minimal.Replace("\"from\": \"crimes\"", "\"from\": \"offences\"", StringComparison.Ordinal));
        Assert.Contains("tables.investigations[0].from: 'offences' is not one of the sources (crimes)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_translation_a_bad_date_format_and_two_kinds_of_value_are_refused()
    {
        var ex = Refused(Minimal.Replace("\"REF\"", "{ \"column\": \"REF\", \"translate\": \"refs\" }", StringComparison.Ordinal)
            .Replace("\"REC\"", "{ \"column\": \"REC\", \"format\": \"yyyy\" }", StringComparison.Ordinal)
            .Replace("\"FROM\"", "{ \"column\": \"FROM\", \"value\": \"2020-01-01\" }", StringComparison.Ordinal));
        Assert.Equal(
            [
                "m.json: tables.investigations[0].columns.investigation_id: translate: 'refs' is not one of the translations ()",
                "m.json: tables.investigations[0].columns.recorded_date: format: 'yyyy': must name the day (d), month (M) and year (y)",
                "m.json: tables.investigations[0].columns.offence_from: give exactly one of \"column\", \"join\" and \"value\"",
            ],
            ex.Message.Split(Environment.NewLine));
        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void A_required_column_left_unmapped_is_refused_and_force_may_be_a_constant()
    {
        var ex = Refused(Minimal.Replace("\"offence_codes\": \"HO\"", "\"postcode\": \"PC\"", StringComparison.Ordinal));
        Assert.Contains("tables.investigations[0].columns: the required column 'offence_codes' is not mapped", ex.Message, StringComparison.Ordinal);
        ex = Refused(Minimal.Replace("\"force\": \"TST\",", "", StringComparison.Ordinal));
        Assert.Contains("the required column 'force' is not mapped (map it, or give the mapping a constant \"force\")", ex.Message, StringComparison.Ordinal);
        Assert.Contains("force: 'T5T' is not a force code", Refused(Minimal.Replace("TST", "T5T", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_and_unknown_keys_are_refused_with_the_line()
    {
        var ex = Refused("{\n  \"version\": 1,\n  \"sources\": {\n}");
        Assert.StartsWith("m.json: line ", ex.Message, StringComparison.Ordinal);
        ex = Refused(Minimal.Replace("\"version\": 1,", "\"version\": 1, \"colums\": {},", StringComparison.Ordinal));
        Assert.Contains("colums", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_outside_the_extract_or_of_another_kind_is_refused()
    {
        Assert.Contains("must be a file inside the extract folder",
            Refused(Minimal.Replace("\"crimes.csv\"", "\"../crimes.csv\"", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("'crimes.txt' is neither .csv nor .xlsx",
            Refused(Minimal.Replace("\"crimes.csv\"", "\"crimes.txt\"", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("sources.crimes.sheet: only an .xlsx file has sheets",
            Refused(Minimal.Replace("\"file\": \"crimes.csv\"", "\"file\": \"crimes.csv\", \"sheet\": \"A\"", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }
}
