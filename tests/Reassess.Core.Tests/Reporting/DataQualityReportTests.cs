using Reassess.Records;
using Reassess.Reporting;
using Reassess.Reporting.DataQuality;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Reporting;

[Trait("Category", "Database")]
public sealed class DataQualityReportTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    /// <summary>
    /// MPS: I1 (child-specific 19D, 2019), I2 (17A against a 15-year-old, 2019), I3 (17A against an adult: out of scope),
    /// I4 (71/17, 2020, outcome without date), I5 (non-sexual 8N against a child: out of scope). GMP: G1 (88A, 2021).
    /// </summary>
    private static async Task<TestDatabase> SeedAsync()
    {
        var t = await TestDatabase.CreateAsync();
        var r = new ReportRecords();
        var i1 = r.Investigation(1, "MPS", "01/1001/19", "2019-03-01", "19D", outcome: "16", outcomeDate: "2019-09-01");
        var i2 = r.Investigation(2, "MPS", "01/1002/19", "2019-05-01", "8N;17A", offenceFrom: "2015-06-01", outcome: "16", outcomeDate: "2019-10-01");
        var i3 = r.Investigation(3, "MPS", "01/1003/19", "2019-07-01", "17A", offenceFrom: "2015-06-01");
        var i4 = r.Investigation(4, "MPS", "01/1004/20", "2020-02-01", "71/17", outcome: "16");
        var i5 = r.Investigation(5, "MPS", "01/1005/20", "2020-04-01", "8N");
        var g1 = r.Investigation(6, "GMP", "GM/77/21", "2021-01-15", "88a");

        var s1 = r.Person(11, "MPS", "P-S1", "1980-01-01", "A2", nationality: "GBR");
        var s2 = r.Person(12, "MPS", "P-S2", null, "NS");
        var s3 = r.Person(13, "MPS", "P-S3", "1975-05-05", null, "IC1", "GBR");
        var s4 = r.Person(14, "MPS", "P-S4", "1970-01-01", null, null, null);
        var v1 = r.Person(21, "MPS", "P-V1", "2005-04-04", null, null, "GBR");
        var v2 = r.Person(22, "MPS", "P-V2", "2000-01-01", "W1");
        var v3 = r.Person(23, "MPS", "P-V3", "1990-01-01", null);
        var v5 = r.Person(25, "MPS", "P-V5", "2012-01-01", null);
        var gv = r.Person(31, "GMP", "G-V1", "2010-02-02", "W1", nationality: "GBR");
        var gs = r.Person(32, "GMP", "G-S1");

        r.Victim(i1, v1); r.Suspect(i1, s1); r.Suspect(i1, s2);
        r.Victim(i2, v2); r.Suspect(i2, s1); r.Suspect(i2, s3);
        r.Victim(i3, v3); r.Suspect(i3, s4);
        r.Victim(i4, v1); r.Suspect(i4, s2, disposal: null);
        r.Victim(i5, v5); r.Suspect(i5, s4);
        r.Victim(g1, gv); r.Suspect(g1, gs, relationship: null, disposal: null);
        await r.SaveAsync(t.Target);
        return t;
    }

    [Fact]
    public async Task Counts_each_person_once_per_force_year_and_role_in_child_sexual_offence_investigations()
    {
        await using var t = await SeedAsync();
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var scope = await DataQualityScope.LoadAsync(db);

        Assert.Equal(["GM/77/21", "01/1001/19", "01/1002/19", "01/1004/20"], scope.Investigations.Select(i => i.InvestigationRef));
        var csv = Csv(DataQualityReport.Build(scope, AsOf, percentages: false));
        Assert.Equal(
            """
            force,recorded_year,role,people,ethnicity_recorded,ethnicity_not_stated,ethnicity_missing,officer_observed_only,nationality_missing,dob_missing
            GMP,2021,suspect,1,0,0,1,0,1,1
            GMP,2021,victim,1,1,0,0,0,0,0
            MPS,2019,suspect,3,1,1,1,1,1,1
            MPS,2019,victim,2,1,0,1,0,1,0
            MPS,2020,suspect,1,0,1,0,0,1,1
            MPS,2020,victim,1,0,0,1,0,0,0

            """.ReplaceLineEndings("\n"), csv);
    }

    [Fact]
    public async Task A_screening_run_restricts_the_scope_to_its_candidates()
    {
        await using var t = await SeedAsync();
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = AsOf, RunBy = "test", StartedAt = DateTimeOffset.UnixEpoch, CompletedAt = DateTimeOffset.UnixEpoch };
            db.Add(run);
            await db.SaveChangesAsync();
            db.Add(new Candidate
            {
                Force = "MPS",
                InvestigationRef = "01/1001/19",
                InvestigationId = 1,
                Basis = CandidateBasis.Criteria,
                Typologies = "network",
                PriorityFactors = "",
                ProfileName = "met-2025",
                FirstRunId = run.Id,
                LatestRunId = run.Id,
                StillQualifies = true,
                RecordedYear = 2019,
            });
            await db.SaveChangesAsync();
        }

        await using var read = ReassessDatabase.CreateContext(t.Target);
        var scope = await DataQualityScope.LoadAsync(read, "latest");
        var rows = DataQualityCounts.Count(scope);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DataQualityRow("MPS", 2019, InvolvementRole.Suspect, 2, 1, 1, 0, 0, 1, 1), rows[0]);
        Assert.Equal(new DataQualityRow("MPS", 2019, InvolvementRole.Victim, 1, 0, 0, 1, 0, 0, 0), rows[1]);
        await Assert.ThrowsAsync<ReportInputException>(() => DataQualityScope.LoadAsync(read, "999"));
    }

    [Fact]
    public async Task Each_rule_lists_the_records_that_fail_it()
    {
        await using var t = await SeedAsync();
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var scope = await DataQualityScope.LoadAsync(db);

        var ethnicity = DataQualityRules.Find("ethnicity-missing")!.Check(scope);
        Assert.Equal(["G-S1", "P-S3", "P-V1"], ethnicity.Select(f => f.PersonId));
        Assert.Equal("01/1001/19;01/1004/20", ethnicity[2].InvestigationIds);
        Assert.Equal("officer-observed IC1 only", ethnicity[1].Detail);

        var relationship = DataQualityRules.Find("suspect-without-relationship")!.Check(scope);
        Assert.Equal([("GMP", "GM/77/21", "G-S1")], relationship.Select(f => (f.Force, f.InvestigationIds, f.PersonId)));

        var outcome = DataQualityRules.Find("outcome-without-date")!.Check(scope);
        Assert.Equal(["01/1004/20"], outcome.Select(f => f.InvestigationIds));

        var disposal = DataQualityRules.Find("suspect-without-disposal")!.Check(scope);
        Assert.Equal(["01/1004/20"], disposal.Select(f => f.InvestigationIds)); // G1 has no outcome yet

        Assert.Empty(DataQualityRules.Find("dob-after-offence")!.Check(scope));
        var list = DataQualityReport.BuildFailureList(scope, DataQualityRules.Find("dob-missing")!, AsOf);
        Assert.True(list.ContainsCaseLevelData);
        Assert.Equal(["G-S1", "P-S2"], list.Csv.Rows.Select(row => row[3]));
    }

    [Fact]
    public async Task The_same_data_and_as_of_give_the_same_report_in_every_format()
    {
        await using var t = await SeedAsync();
        string Html(ReportDocument d) { var w = new StringWriter(); HtmlReportWriter.Write(d, w); return w.ToString(); }

        await using var a = ReassessDatabase.CreateContext(t.Target);
        var first = DataQualityReport.Build(await DataQualityScope.LoadAsync(a), AsOf, percentages: true);
        await using var b = ReassessDatabase.CreateContext(t.Target);
        var second = DataQualityReport.Build(await DataQualityScope.LoadAsync(b), AsOf, percentages: true);

        Assert.Equal(Csv(first), Csv(second));
        Assert.Equal(Html(first), Html(second));
        Assert.Contains("<td class=\"num\">1 (33.3%)</td>", Html(first), StringComparison.Ordinal);
        Assert.Contains("<svg", Html(first), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", Html(first), StringComparison.OrdinalIgnoreCase);
    }

    private static string Csv(ReportDocument d)
    {
        var w = new StringWriter();
        CsvReportWriter.Write(d, w);
        return w.ToString();
    }
}
