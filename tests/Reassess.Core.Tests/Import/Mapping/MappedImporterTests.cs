using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Reassess.Import;
using Reassess.Import.Mapping;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// Imports through a mapping, on both engines: the sample layouts import with their values mapped; whole-or-nothing,
/// <c>--rejects</c>, re-import and history hold; every error and rejected row names the force's own file, line and column.
/// </summary>
[Trait("Category", "Database")]
public sealed class MappedImporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static Task<ImportOutcome> Import(TestDatabase db, Extract extract, ImportOptions? options = null) =>
        new MappedImporter(new FakeTimeProvider(Now)).ImportAsync(db.Target, extract.Directory, extract.MappingPath, options ?? new ImportOptions { ImportedBy = "tester" });

    private static string Errors(ImportOutcome outcome) => string.Join('\n', outcome.Errors);

    [Fact]
    public async Task The_niche_like_layout_imports_with_its_values_mapped()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        var outcome = await Import(db, extract);
        Assert.True(outcome.Succeeded, Errors(outcome));
        Assert.Equal(["occurrences.csv:1: STATION: not mapped; ignored"], outcome.Warnings);
        Assert.Equal([("investigations", 8), ("people", 16), ("involvements", 21), ("identifiers", 7)], outcome.Changes.Select(c => (c.Table, c.Added)));

        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var inv = await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "NX/14/10021");
        Assert.Equal(("NXP", new DateOnly(2014, 3, 12), "71;19D", "15", new DateOnly(2014, 9, 30), CpsDecision.NfaEvidential, true),
            (inv.Force, inv.RecordedDate, inv.OffenceCodes, inv.OutcomeCode, inv.OutcomeDate, inv.CpsDecision, inv.CseFlag));
        var open = await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "NX/20/00390"); // no row in the joined results file
        Assert.Equal(((string?)null, (DateOnly?)null), (open.OutcomeCode, open.OutcomeDate));
        var person = await ctx.People.SingleAsync(x => x.PersonRef == "N50003");
        Assert.Equal(("EXAMPLEY", "Kyle James", new DateOnly(1984, 8, 3), Sex.M), (person.Surname, person.Forenames, person.DateOfBirth, person.Sex));
        var teacher = await ctx.Involvements.SingleAsync(x => x.PersonRef == "N50007");
        Assert.Equal((InvolvementRole.Suspect, SuspectRelationship.PositionOfTrust, SuspectDisposal.Charged, true),
            (teacher.Role, teacher.Relationship, teacher.SuspectDisposal, teacher.Arrested));
        Assert.Equal(InvolvementRole.Other, (await ctx.Involvements.SingleAsync(x => x.PersonRef == "N50004" && x.InvestigationRef == "NX/21/07715")).Role);
        Assert.Equal(2, await ctx.Identifiers.CountAsync(x => x.Value == "+447700900456"));
        var batch = await ctx.ImportBatches.SingleAsync();
        Assert.Contains("(mapping ", batch.Source, StringComparison.Ordinal);
        Assert.EndsWith("mapping.json)", batch.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_athena_like_workbook_imports_with_a_sheet_per_role()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("athena-like");
        var outcome = await Import(db, extract);
        Assert.True(outcome.Succeeded, Errors(outcome));
        Assert.Empty(outcome.Warnings);
        Assert.Equal([("investigations", 6), ("people", 13), ("involvements", 15), ("identifiers", 5)], outcome.Changes.Select(c => (c.Table, c.Added)));

        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var inv = await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "WV-2017-001987");
        Assert.Equal(("WVP", new DateOnly(2017, 4, 3), new DateOnly(2016, 9, 1), "19D;71/17", "1", new DateOnly(2017, 9, 22), true),
            (inv.Force, inv.RecordedDate, inv.OffenceFrom, inv.OffenceCodes, inv.OutcomeCode, inv.OutcomeDate, inv.CseFlag));
        Assert.Null((await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "WV-2020-000078")).OutcomeCode);
        var unknown = await ctx.People.SingleAsync(x => x.PersonRef == "WV-P-20009");
        Assert.Equal(("UNKNOWN", (string?)null, Sex.U), (unknown.Surname, unknown.Forenames, unknown.Sex));
        Assert.Equal(
            [(InvolvementRole.Victim, 6), (InvolvementRole.Suspect, 7), (InvolvementRole.Witness, 2)],
            (await ctx.Involvements.ToListAsync()).GroupBy(x => x.Role).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal(["+447700900711", "+447700900712", "+447700900713", "ZX09QRT", "ZX15VLP"], (await ctx.Identifiers.Select(x => x.Value).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Importing_the_same_extract_again_changes_nothing_and_a_later_one_keeps_history()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        Assert.True((await Import(db, extract)).Succeeded);
        var again = await Import(db, extract);
        Assert.True(again.Succeeded, Errors(again));
        Assert.All(again.Changes, c => Assert.Equal((0, 0), (c.Added, c.Updated)));
        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            Assert.Equal(0, await ctx.RecordChanges.CountAsync());
            var batches = await ctx.ImportBatches.OrderBy(x => x.Id).ToListAsync();
            Assert.Equal(batches[0].BundleHash, batches[1].BundleHash);
        }

        // The later extract: a result recoded in the joined file, and a nominal's name corrected.
        extract.Replace("occurrence_results.csv", "NX/15/20410,NFA-VIC", "NX/15/20410,NFA-EVID");
        extract.Replace("nominals.csv", "\"SAMPLER, Chloe\"", "\"SAMPLER, Chloe Ann\"");
        var later = await Import(db, extract);
        Assert.True(later.Succeeded, Errors(later));
        Assert.Contains(later.Changes, c => c is { Table: "investigations", Added: 0, Updated: 1, Unchanged: 7 });
        Assert.Contains(later.Changes, c => c is { Table: "people", Added: 0, Updated: 1, Unchanged: 15 });
        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var history = await ctx.RecordChanges.OrderBy(x => x.Entity).ToListAsync();
            Assert.Equal([("investigation", "outcome_code", "16", "15"), ("person", "forenames", "Chloe", "Chloe Ann")],
                history.Select(h => (h.Entity, h.Field, h.OldValue, h.NewValue)));
        }
    }

    [Fact]
    public async Task A_code_the_mapping_does_not_translate_refuses_the_import_naming_the_force_file_line_and_column()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        extract.Replace("occurrence_results.csv", "NX/18/04120,NFA-VIC", "NX/18/04120,NFA-XYZ");
        extract.Replace("occurrence_nominals.csv", "NX/16/00877,N50007,Offender", "NX/16/00877,N50007,Perpetrator");
        var outcome = await Import(db, extract);
        Assert.False(outcome.Succeeded);
        Assert.Equal(
            [
                "occurrence_results.csv:6: RESULT: 'NFA-XYZ' has no translation in 'result'",
                "occurrence_nominals.csv:9: INVOLVEMENT: 'Perpetrator' has no translation in 'involvement'",
                "occurrence_nominals.csv:12: OCC_NO: investigation 'NX/18/04120' of force NXP was rejected (see occurrences.csv)",
                "occurrence_nominals.csv:13: OCC_NO: investigation 'NX/18/04120' of force NXP was rejected (see occurrences.csv)",
            ],
            outcome.Errors.Select(e => e.ToString()));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(0, await ctx.Investigations.CountAsync());
        Assert.Equal(0, await ctx.ImportBatches.CountAsync());
    }

    [Fact]
    public async Task With_rejects_the_valid_rows_go_in_and_each_rejected_row_is_written_as_the_force_recorded_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        extract.Replace("nominals.csv", "N50009,\"FAUXLEY, Ben\",26/07/2003", "N50009,\"FAUXLEY, Ben\",26-07-2003");
        var rejects = extract.PathOf("rejects.csv");
        var outcome = await Import(db, extract, new ImportOptions { ImportedBy = "tester", RejectsPath = rejects });
        Assert.True(outcome.Succeeded, Errors(outcome));
        Assert.Equal(2, outcome.RejectedRows); // the nominal, and the involvement that names it
        Assert.Equal(
            [
                "file,line,errors,row",
                "nominals.csv,10,DOB: '26-07-2003' is not a date in the format dd/MM/yyyy or dd/MM/yyyy HH:mm,\"N50009,\"\"FAUXLEY, Ben\"\",26-07-2003,Male,W1,IC1,GBR,,,ZX3 8QS\"",
                "occurrence_nominals.csv,12,NOM_ID: person 'N50009' of force NXP was rejected (see nominals.csv),\"NX/18/04120,N50009,Victim,,,,\"",
            ],
            File.ReadAllLines(rejects));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(15, await ctx.People.CountAsync());
        Assert.Equal(20, await ctx.Involvements.CountAsync());
        Assert.Equal(2, (await ctx.ImportBatches.SingleAsync()).Rejected);
    }

    [Fact]
    public async Task The_importers_own_errors_are_located_in_the_force_files_even_after_a_row_of_several_lines()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        // A summary over three lines in the force's file (and so in the bundle): line numbers after it still match.
        extract.Replace("occurrences.csv", "\"Two men befriended a 14-year-old girl", "\"Two men\r\nbefriended\na 14-year-old girl");
        extract.Replace("occurrences.csv", "ZX4 2BD,N", "NOT A POSTCODE,N");
        extract.Replace("nominals.csv", "N50004,", "N50003,"); // the same nominal twice
        var outcome = await Import(db, extract);
        Assert.False(outcome.Succeeded);
        Assert.Equal(
            [
                "occurrences.csv:5: LOC_POSTCODE: 'NOT A POSTCODE' is not a UK postcode",
                "nominals.csv:5: NOM_ID: 'N50003' appears again for force NXP (first at nominals.csv line 4)",
            ],
            outcome.Errors.Take(2).Select(e => e.ToString()));
        // The rest follow from those: the involvements of the rejected occurrence, and of the nominal no longer there.
        Assert.All(outcome.Errors.Skip(2), e => Assert.Equal("occurrence_nominals.csv", e.File));
    }

    [Fact]
    public async Task An_untranslated_value_in_a_workbook_is_named_by_workbook_sheet_row_and_column()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("athena-like");
        var sheets = SampleWorkbook.Sheets();
        sheets.Single(s => s.Sheet == "Suspects").Rows[3]["RELATIONSHIP"] = "GODPARENT";
        var book = new Dictionary<string, object>();
        foreach (var (sheet, rows) in sheets) book.Add(sheet, rows);
        MiniExcel.SaveAs(extract.PathOf(SampleWorkbook.FileName), book, overwriteFile: true);
        var outcome = await Import(db, extract);
        Assert.False(outcome.Succeeded);
        Assert.Equal(["athena-export.xlsx[Suspects]:5: RELATIONSHIP: 'GODPARENT' has no translation in 'relationship'"], outcome.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_mapping_naming_a_missing_column_or_a_broken_mapping_refuses_before_anything_is_read_or_written()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        extract.Replace("mapping.json", "\"postcode\": \"LOC_POSTCODE\"", "\"postcode\": \"LOCATION_PC\"");
        var outcome = await Import(db, extract);
        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(("occurrences.csv", 1, "LOCATION_PC"), (error.File, error.Line, error.Column));
        Assert.StartsWith("named by the mapping (tables.investigations[0].columns.postcode) but not in the header (its columns: OCC_NO, REPORTED_DT,", error.Reason, StringComparison.Ordinal);

        extract.Replace("mapping.json", "\"translate\": \"gender\"", "\"translate\": \"genders\"");
        outcome = await Import(db, extract);
        error = Assert.Single(outcome.Errors);
        Assert.Equal("mapping.json:0: (mapping): tables.people[0].columns.sex: translate: 'genders' is not one of the translations (result, cps, yes-no, gender, involvement, relationship, disposal, contact-type)", error.ToString());
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(0, await ctx.ImportBatches.CountAsync());
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_to_its_end_refuses_the_import_even_with_rejects()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var extract = Extract.FromLayout("niche-like");
        // A nominal saved in Windows-1252 (é as the single byte 0xE9): the rest of the file cannot be trusted.
        var bytes = File.ReadAllBytes(extract.PathOf("nominals.csv")).ToList();
        var at = System.Text.Encoding.ASCII.GetString([.. bytes]).IndexOf("PLACEBO", StringComparison.Ordinal);
        bytes[at + 1] = 0xE9;
        File.WriteAllBytes(extract.PathOf("nominals.csv"), [.. bytes]);
        var outcome = await Import(db, extract, new ImportOptions { ImportedBy = "tester", RejectsPath = extract.PathOf("rejects.csv") });
        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(("nominals.csv", "(file)"), (error.File, error.Column));
        Assert.Contains("is not valid UTF-8", error.Reason, StringComparison.Ordinal);
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(0, await ctx.ImportBatches.CountAsync());
    }
}
