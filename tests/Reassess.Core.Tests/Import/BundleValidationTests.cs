using System.Text;
using Reassess.Import;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

/// <summary>
/// One test per validation rule of force-export-v1: the exact <c>file:line: column</c> reported, nothing written. The
/// imports write investigations and people in parts of four rows, so an error is often found after earlier parts were
/// written: those must be rolled back too.
/// </summary>
[Trait("Category", "Database")]
public sealed class BundleValidationTests(BundleValidationTests.Db db) : IClassFixture<BundleValidationTests.Db>
{
    public sealed class Db : IAsyncLifetime
    {
        public TestDatabase Database { get; private set; } = null!;
        public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync();
        public async Task DisposeAsync() => await Database.DisposeAsync();
    }

    private async Task<ImportOutcome> Import(Bundle bundle)
    {
        var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(db.Database.Target, bundle.Directory, new ImportOptions { PartRows = 4 });
        Assert.False(outcome.Succeeded, "the import should have been refused");
        await using var ctx = Reassess.Storage.ReassessDatabase.CreateContext(db.Database.Target);
        Assert.Equal(0, ctx.Investigations.Count());
        Assert.Equal(0, ctx.ImportBatches.Count());
        return outcome;
    }

    private async Task AssertError(Bundle bundle, string expectedPrefix)
    {
        var outcome = await Import(bundle);
        Assert.True(outcome.Errors.Any(e => e.ToString().StartsWith(expectedPrefix, StringComparison.Ordinal)),
            $"expected an error starting '{expectedPrefix}', got:\n{string.Join('\n', outcome.Errors)}");
    }

    [Theory]
    [InlineData("investigations.csv", 2, "force", "", "investigations.csv:2: force: required value is empty")]
    [InlineData("investigations.csv", 2, "force", "M", "investigations.csv:2: force: 'M' is not a force code")]
    [InlineData("investigations.csv", 3, "force", "MPS9", "investigations.csv:3: force: 'MPS9' is not a force code")]
    [InlineData("investigations.csv", 2, "investigation_id", "", "investigations.csv:2: investigation_id: required value is empty")]
    [InlineData("investigations.csv", 3, "recorded_date", "2016-02-30", "investigations.csv:3: recorded_date: '2016-02-30' is not a date")]
    [InlineData("investigations.csv", 3, "recorded_date", "02/06/2016", "investigations.csv:3: recorded_date: '02/06/2016' is not a date")]
    [InlineData("investigations.csv", 3, "offence_from", "", "investigations.csv:3: offence_from: required value is empty")]
    [InlineData("investigations.csv", 2, "offence_to", "2013-10-31", "investigations.csv:2: offence_to: 2013-10-31 is before offence_from 2013-11-01")]
    [InlineData("investigations.csv", 4, "offence_codes", "", "investigations.csv:4: offence_codes: required value is empty")]
    [InlineData("investigations.csv", 4, "offence_codes", "22B;ABC", "investigations.csv:4: offence_codes: 'ABC' is not a Home Office offence code")]
    [InlineData("investigations.csv", 4, "offence_codes", "1234", "investigations.csv:4: offence_codes: '1234' is not a Home Office offence code")]
    [InlineData("investigations.csv", 4, "offence_codes", "71/123", "investigations.csv:4: offence_codes: '71/123' is not a Home Office offence code")]
    [InlineData("investigations.csv", 5, "outcome_code", "23", "investigations.csv:5: outcome_code: '23' is not a Home Office outcome type")]
    [InlineData("investigations.csv", 5, "outcome_date", "", "investigations.csv:5: outcome_date: required when outcome_code is set")]
    [InlineData("investigations.csv", 6, "cps_decision", "maybe", "investigations.csv:6: cps_decision: 'maybe' is not one of charge, nfa_evidential")]
    [InlineData("investigations.csv", 6, "cse_flag", "yes", "investigations.csv:6: cse_flag: 'yes' is not a boolean")]
    [InlineData("investigations.csv", 6, "independently_reviewed", "1", "investigations.csv:6: independently_reviewed: '1' is not a boolean")]
    [InlineData("investigations.csv", 6, "postcode", "NOT A POSTCODE", "investigations.csv:6: postcode: 'NOT A POSTCODE' is not a UK postcode")]
    [InlineData("investigations.csv", 4, "summary", "a summary with a \0 in it", "investigations.csv:4: summary: contains a NUL character (U+0000), which cannot be stored")]
    [InlineData("people.csv", 2, "person_id", "", "people.csv:2: person_id: required value is empty")]
    [InlineData("people.csv", 3, "surname", "", "people.csv:3: surname: required value is empty")]
    [InlineData("people.csv", 4, "date_of_birth", "1986-13-01", "people.csv:4: date_of_birth: '1986-13-01' is not a date")]
    [InlineData("people.csv", 4, "sex", "X", "people.csv:4: sex: 'X' is not one of F, M, U")]
    [InlineData("people.csv", 5, "self_defined_ethnicity", "Z1", "people.csv:5: self_defined_ethnicity: 'Z1' is not an 18+1 ethnicity code or NS")]
    [InlineData("people.csv", 5, "officer_observed_ethnicity", "IC7", "people.csv:5: officer_observed_ethnicity: 'IC7' is not an officer-observed code")]
    [InlineData("people.csv", 5, "nationality", "GB", "people.csv:5: nationality: 'GB' is not an ISO 3166-1 alpha-3 code")]
    [InlineData("people.csv", 6, "date_of_death", "1970-01-01", "people.csv:6: date_of_death: 1970-01-01 is before date_of_birth 1975-08-08")]
    [InlineData("people.csv", 6, "pnc_id", "123456", "people.csv:6: pnc_id: '123456' is not a PNC id")]
    [InlineData("people.csv", 6, "postcode", "ZX", "people.csv:6: postcode: 'ZX' is not a UK postcode")]
    [InlineData("involvements.csv", 2, "role", "", "involvements.csv:2: role: required value is empty")]
    [InlineData("involvements.csv", 2, "role", "bystander", "involvements.csv:2: role: 'bystander' is not one of victim, suspect, witness, other")]
    [InlineData("involvements.csv", 3, "relationship", "cousin", "involvements.csv:3: relationship: 'cousin' is not one of family, household")]
    [InlineData("involvements.csv", 3, "suspect_disposal", "fined", "involvements.csv:3: suspect_disposal: 'fined' is not one of charged")]
    [InlineData("involvements.csv", 3, "arrested", "y", "involvements.csv:3: arrested: 'y' is not a boolean")]
    [InlineData("involvements.csv", 3, "interviewed", "no", "involvements.csv:3: interviewed: 'no' is not a boolean")]
    [InlineData("involvements.csv", 3, "investigation_id", "MPS/99/9999999", "involvements.csv:3: investigation_id: investigation 'MPS/99/9999999' of force MPS is not in investigations.csv")]
    [InlineData("involvements.csv", 3, "person_id", "P9999", "involvements.csv:3: person_id: person 'P9999' of force MPS is not in people.csv")]
    [InlineData("identifiers.csv", 2, "kind", "fax", "identifiers.csv:2: kind: 'fax' is not one of phone, vehicle, email, address, username")]
    [InlineData("identifiers.csv", 2, "value", "", "identifiers.csv:2: value: required value is empty")]
    [InlineData("identifiers.csv", 2, "value", "not a number", "identifiers.csv:2: value: 'not a number' is not a valid phone")]
    [InlineData("identifiers.csv", 4, "value", "ZX61 KQD!", "identifiers.csv:4: value: 'ZX61 KQD!' is not a valid vehicle")]
    [InlineData("identifiers.csv", 8, "value", "no-at-sign.example", "identifiers.csv:8: value: 'no-at-sign.example' is not a valid email")]
    [InlineData("identifiers.csv", 6, "person_id", "", "identifiers.csv:6: person_id: one of person_id or investigation_id is required")]
    [InlineData("identifiers.csv", 3, "person_id", "P4040", "identifiers.csv:3: person_id: person 'P4040' of force MPS is not in people.csv")]
    public async Task An_invalid_cell_is_reported_with_file_line_and_column_and_nothing_is_written(string file, int line, string column, string value, string expected)
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell(file, line, column, value);
        await AssertError(bundle, expected);
    }

    [Theory]
    [InlineData("investigations.csv", "offence_codes")]
    [InlineData("people.csv", "surname")]
    [InlineData("involvements.csv", "role")]
    [InlineData("identifiers.csv", "kind")]
    public async Task A_missing_required_column_is_reported_on_the_header_line(string file, string column)
    {
        using var bundle = Bundle.FromSample();
        var lines = bundle.Lines(file);
        lines[0] = lines[0].Replace(column, "renamed_" + column, StringComparison.Ordinal);
        bundle.Write(file, string.Join('\n', lines) + "\n");
        await AssertError(bundle, $"{file}:1: {column}: required column is missing from the header");
    }

    [Theory]
    [InlineData("investigations.csv")]
    [InlineData("people.csv")]
    [InlineData("involvements.csv")]
    public async Task A_missing_required_file_is_reported(string file)
    {
        using var bundle = Bundle.FromSample();
        bundle.Delete(file);
        await AssertError(bundle, $"{file}:0: (file): required file is missing");
    }

    [Theory]
    [InlineData("people.csv")]
    [InlineData("involvements.csv")] // found unreadable after investigations and people have been written
    [InlineData("identifiers.csv")]
    public async Task An_unreadable_bundle_creates_no_database_file(string file)
    {
        using var bundle = Bundle.FromSample();
        if (file == "identifiers.csv") bundle.Write(file, "force,kind\nMPS,phone\n"); // the value column is missing
        else bundle.Delete(file);
        var expected = file == "identifiers.csv" ? "identifiers.csv:1: value: required column is missing" : $"{file}:0: (file): required file is missing";
        var dir = Directory.CreateTempSubdirectory("reassess-newdb-").FullName;
        try
        {
            var database = Path.Combine(dir, "new.db");
            var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(Reassess.Storage.DatabaseTarget.Parse(database), bundle.Directory, new ImportOptions());
            Assert.False(outcome.Succeeded);
            Assert.Equal(expected, Assert.Single(outcome.Errors).ToString()[..expected.Length]);
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_duplicate_investigation_key_is_reported_against_the_second_line()
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell("investigations.csv", 3, "investigation_id", "MPS/14/0000101");
        await AssertError(bundle, "investigations.csv:3: investigation_id: 'MPS/14/0000101' appears again for force MPS (first at line 2)");
    }

    [Fact]
    public async Task The_same_id_in_two_forces_is_not_a_duplicate_but_in_one_force_it_is()
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 3, "person_id", "P1001");
        await AssertError(bundle, "people.csv:3: person_id: 'P1001' appears again for force MPS (first at line 2)");
    }

    [Fact]
    public async Task A_duplicate_involvement_is_reported()
    {
        using var bundle = Bundle.FromSample();
        bundle.Append("involvements.csv", "MPS,MPS/14/0000101,P1002,suspect,,,,");
        await AssertError(bundle, "involvements.csv:38: role: person 'P1002' already has role suspect in investigation 'MPS/14/0000101' (line 3)");
    }

    [Fact]
    public async Task Every_duplicate_involvement_names_its_first_line_and_a_different_role_is_not_a_duplicate()
    {
        using var bundle = Bundle.FromSample();
        bundle.Append("involvements.csv", "MPS,MPS/14/0000101,P1002,witness,,,,"); // line 38: another role, allowed
        bundle.Append("involvements.csv", "MPS,MPS/16/0000214,P1005,suspect,,,,"); // 39
        bundle.Append("involvements.csv", "MPS,MPS/17/0000377,P1009,witness,,,,"); // 40
        bundle.Append("involvements.csv", "mps,MPS/14/0000101,P1001,victim,,,,"); // 41: the force in lower case is the same force
        var errors = (await Import(bundle)).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "involvements.csv:39: role: person 'P1005' already has role suspect in investigation 'MPS/16/0000214' (line 6)",
            "involvements.csv:40: role: person 'P1009' already has role witness in investigation 'MPS/17/0000377' (line 11)",
            "involvements.csv:41: role: person 'P1001' already has role victim in investigation 'MPS/14/0000101' (line 2)",
        ], errors);
    }

    [Fact]
    public async Task Duplicate_involvements_within_an_investigations_run_of_rows_name_the_first_line_whatever_the_runs_length()
    {
        // An investigation's involvements listed together: a run of 22 rows (checked in a table of its own) and one of 4
        // (compared pairwise), each with a repeat; a third run, of I1 again after I2, repeats a row of the first run.
        using var bundle = Bundle.Empty();
        bundle.Write("investigations.csv", "force,investigation_id,recorded_date,offence_from,offence_codes\nMPS,I1,2020-01-01,2019-06-01,88A\nMPS,I2,2020-01-02,2019-06-01,88A\n");
        bundle.Write("people.csv", "force,person_id,surname\n" + string.Concat(Enumerable.Range(1, 20).Select(i => $"MPS,P{i},NAME{i}\n")));
        var involvements = new StringBuilder("force,investigation_id,person_id,role\n");
        for (var i = 1; i <= 20; i++) involvements.Append($"MPS,I1,P{i},witness\n");           // lines 2-21
        involvements.Append("MPS,I1,P3,witness\nMPS,I1,P3,victim\n");                        // 22: repeats line 4; 23: another role
        involvements.Append("MPS,I2,P1,suspect\nMPS,I2,P2,suspect\nMPS,I2,P1,suspect\nMPS,I2,P1,suspect\n"); // 26, 27 repeat line 24
        involvements.Append("MPS,I1,P20,witness\n");                                          // 28: repeats line 21
        bundle.Write("involvements.csv", involvements.ToString());
        var errors = (await Import(bundle)).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "involvements.csv:22: role: person 'P3' already has role witness in investigation 'I1' (line 4)",
            "involvements.csv:26: role: person 'P1' already has role suspect in investigation 'I2' (line 24)",
            "involvements.csv:27: role: person 'P1' already has role suspect in investigation 'I2' (line 24)",
            "involvements.csv:28: role: person 'P20' already has role witness in investigation 'I1' (line 21)",
        ], errors);
    }

    [Fact]
    public async Task A_duplicate_involvement_of_a_missing_person_is_reported_both_ways()
    {
        using var bundle = Bundle.FromSample();
        bundle.Append("involvements.csv", "MPS,MPS/14/0000101,P9999,suspect,,,,"); // 38
        bundle.Append("involvements.csv", "MPS,MPS/14/0000101,P9999,suspect,,,,"); // 39
        var errors = (await Import(bundle)).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "involvements.csv:38: person_id: person 'P9999' of force MPS is not in people.csv",
            "involvements.csv:39: person_id: person 'P9999' of force MPS is not in people.csv",
            "involvements.csv:39: role: person 'P9999' already has role suspect in investigation 'MPS/14/0000101' (line 38)",
        ], errors);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_are_reported_on_their_cell_and_rows_that_name_the_row_say_it_was_rejected()
    {
        // A file saved as Windows-1252: "é" is the single byte 0xE9, which UTF-8 cannot read.
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 3, "surname", "TESTWELLXE");
        var bytes = File.ReadAllBytes(bundle.PathOf("people.csv"));
        var at = bytes.AsSpan().IndexOf("TESTWELLXE"u8);
        bytes[at + 8] = 0xE9;
        File.WriteAllBytes(bundle.PathOf("people.csv"), bytes[..(at + 9)].Concat(bytes[(at + 10)..]).ToArray());

        var errors = (await Import(bundle)).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal("people.csv:3: surname: is not valid UTF-8 (the spec requires UTF-8: was the file saved in another encoding, such as Windows-1252?)", errors[0]);
        Assert.Contains("involvements.csv:3: person_id: person 'P1002' of force MPS was rejected (see people.csv)", errors);
    }

    [Fact]
    public async Task A_replacement_character_written_as_valid_UTF_8_is_text_like_any_other()
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell("investigations.csv", 4, "summary", "an earlier system's \uFFFD, kept as it was");
        await using var own = await TestDatabase.CreateAsync(); // the class's database stays empty for the refusals
        var outcome = await new BundleImporter(TimeProvider.System).ImportAsync(own.Target, bundle.Directory, new ImportOptions { PartRows = 4 });
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        await using var ctx = Reassess.Storage.ReassessDatabase.CreateContext(own.Target);
        Assert.Contains(ctx.Investigations, x => x.Summary == "an earlier system's \uFFFD, kept as it was");
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_reported()
    {
        using var bundle = Bundle.FromSample();
        bundle.Append("people.csv", "MPS,P2000,SHORTROW");
        await AssertError(bundle, "people.csv:29: (row): has 3 fields; the header has 13");
    }

    [Fact]
    public async Task A_header_naming_a_column_twice_is_reported()
    {
        using var bundle = Bundle.FromSample();
        var lines = bundle.Lines("people.csv");
        lines[0] = lines[0].Replace("occupation", "surname", StringComparison.Ordinal);
        bundle.Write("people.csv", string.Join('\n', lines) + "\n");
        await AssertError(bundle, "people.csv:1: surname: column appears more than once in the header");
    }

    [Fact]
    public async Task An_empty_file_is_reported()
    {
        using var bundle = Bundle.FromSample();
        bundle.Write("involvements.csv", "");
        await AssertError(bundle, "involvements.csv:1: (header): the file is empty");
    }

    [Fact]
    public async Task An_involvement_of_a_rejected_person_says_so()
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 3, "sex", "Q");
        var outcome = await Import(bundle);
        Assert.Contains(outcome.Errors, e => e.ToString() == "involvements.csv:3: person_id: person 'P1002' of force MPS was rejected (see people.csv)");
    }

    [Fact]
    public async Task Every_error_is_listed_in_file_then_line_order()
    {
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 4, "sex", "Q");
        bundle.SetCell("investigations.csv", 3, "recorded_date", "x");
        bundle.SetCell("investigations.csv", 2, "postcode", "y");
        var outcome = await Import(bundle);
        var lines = outcome.Errors.Select(e => $"{e.File}:{e.Line}").ToList();
        Assert.Equal(["investigations.csv:2", "investigations.csv:3", "people.csv:4"], lines.Take(3));
    }

    [Fact]
    public async Task An_error_in_the_last_row_of_the_last_file_leaves_the_database_as_it_was()
    {
        using var bundle = Bundle.FromSample();
        var last = bundle.Lines("identifiers.csv").Length;
        bundle.SetCell("identifiers.csv", last, "kind", "pager");
        await AssertError(bundle, $"identifiers.csv:{last}: kind: 'pager' is not one of");
    }
}
