using System.Text;
using Microsoft.EntityFrameworkCore;
using Reassess.Import;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Import;

[Trait("Category", "Database")]
public sealed class BundleImporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static Task<ImportOutcome> Import(TestDatabase db, Bundle bundle, ImportOptions? options = null) =>
        new BundleImporter(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now))
            .ImportAsync(db.Target, bundle.Directory, options ?? new ImportOptions { ImportedBy = "tester" });

    private static async Task<string> Snapshot(TestDatabase db)
    {
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var sb = new StringBuilder();
        foreach (var x in await ctx.Investigations.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.AppendLine($"{x.Id}|{x.Force}|{x.InvestigationRef}|{x.RecordedDate}|{x.OffenceCodes}|{x.OutcomeCode}|{x.OutcomeDate}|{x.CpsDecision}|{x.CseFlag}|{x.Postcode}|{x.Summary}|{x.LastBatchId}");
        foreach (var x in await ctx.People.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.AppendLine($"{x.Id}|{x.Force}|{x.PersonRef}|{x.Surname}|{x.Forenames}|{x.DateOfBirth}|{x.Sex}|{x.SelfDefinedEthnicity}|{x.PncId}|{x.LastBatchId}");
        foreach (var x in await ctx.Involvements.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.AppendLine($"{x.Id}|{x.InvestigationId}|{x.PersonId}|{x.Role}|{x.Relationship}|{x.SuspectDisposal}|{x.Arrested}|{x.LastBatchId}");
        foreach (var x in await ctx.Identifiers.AsNoTracking().OrderBy(x => x.Id).ToListAsync())
            sb.AppendLine($"{x.Id}|{x.Kind}|{x.Value}|{x.PersonId}|{x.InvestigationId}|{x.Context}|{x.LastBatchId}");
        sb.AppendLine($"changes={await ctx.RecordChanges.CountAsync()}");
        return sb.ToString();
    }

    [Fact]
    public async Task The_sample_bundle_imports_with_its_values_normalised()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        var outcome = await Import(db, bundle);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(12, await ctx.Investigations.CountAsync());
        var inv = await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "MPS/20/0000610");
        Assert.Equal("88A;71/17", inv.OffenceCodes);
        Assert.Equal("Online grooming by two accounts,\nlater identified as two local men.", inv.Summary);
        var phones = await ctx.Identifiers.Where(x => x.Kind == IdentifierKind.Phone).Select(x => x.Value).Distinct().OrderBy(x => x).ToListAsync();
        Assert.Equal(["+447700900123", "+447700900456"], phones);
        var vehicles = await ctx.Identifiers.Where(x => x.Kind == IdentifierKind.Vehicle).Select(x => x.Value).Distinct().ToListAsync();
        Assert.Equal(["ZX61KQD"], vehicles);
        Assert.Equal("kyle.exampley@example.invalid", (await ctx.Identifiers.SingleAsync(x => x.Kind == IdentifierKind.Email)).Value);
        Assert.Contains("ZX1 9AB", await ctx.Identifiers.Where(x => x.Kind == IdentifierKind.Address).Select(x => x.Value).ToListAsync());
        var involvement = await ctx.Involvements.SingleAsync(x => x.InvestigationRef == "MPS/16/0000214" && x.PersonRef == "P1006");
        Assert.Equal(SuspectRelationship.Family, involvement.Relationship);
        Assert.Equal(SuspectDisposal.ReleasedUnderInvestigation, involvement.SuspectDisposal);
        Assert.Equal((await ctx.People.SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1006")).Id, involvement.PersonId);
        var batch = await ctx.ImportBatches.SingleAsync();
        Assert.Equal("tester", batch.ImportedBy);
        Assert.Equal("GMP;MPS", batch.Forces);
    }

    [Fact]
    public async Task Reimporting_the_same_bundle_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        Assert.True((await Import(db, bundle)).Succeeded);
        var before = await Snapshot(db);
        var again = await Import(db, bundle);
        Assert.True(again.Succeeded);
        Assert.All(again.Changes, c => { Assert.Equal(0, c.Added); Assert.Equal(0, c.Updated); });
        Assert.Equal(before, await Snapshot(db));
    }

    [Fact]
    public async Task A_later_extract_updates_changed_rows_adds_new_ones_keeps_history_and_deletes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        using (var first = Bundle.FromSample()) Assert.True((await Import(db, first)).Succeeded);

        using var later = Bundle.FromSample();
        later.SetCell("investigations.csv", 3, "outcome_code", "15");     // MPS/16/0000214: 16 → 15
        later.SetCell("people.csv", 3, "self_defined_ethnicity", "w1");   // P1002: empty → W1
        later.SetCell("people.csv", 4, "nationality", "");                // P1003 had none: stays none
        later.SetCell("people.csv", 2, "occupation", "");                 // P1001 'student': an empty cell never erases
        var lines = later.Lines("people.csv").Where(l => !l.StartsWith("MPS,P1020,", StringComparison.Ordinal)); // omitted
        later.Write("people.csv", string.Join('\n', lines) + "\nMPS,P3000,NEWCOMB,Alex,2000-01-01,M,,,,,,,\n");
        Assert.True((await Import(db, later)).Succeeded);

        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal("15", (await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "MPS/16/0000214")).OutcomeCode);
        var p1002 = await ctx.People.SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1002");
        Assert.Equal("W1", p1002.SelfDefinedEthnicity);
        Assert.Equal("student", (await ctx.People.SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1001")).Occupation);
        Assert.True(await ctx.People.AnyAsync(x => x.PersonRef == "P1020"), "a row a later extract omits is kept");
        Assert.True(await ctx.People.AnyAsync(x => x.PersonRef == "P3000"));
        var history = await ctx.RecordChanges.OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        var outcome = Assert.Single(history, h => h.Entity == "investigation");
        Assert.Equal(("outcome_code", "16", "15"), (outcome.Field, outcome.OldValue, outcome.NewValue));
        var ethnicity = Assert.Single(history, h => h.Entity == "person");
        Assert.Equal((p1002.Id, "self_defined_ethnicity", (string?)null, "W1"), (ethnicity.RecordId, ethnicity.Field, ethnicity.OldValue, ethnicity.NewValue));
        Assert.Equal(Now, ethnicity.ChangedAt);
        Assert.NotNull(ethnicity.BatchId);
    }

    [Fact]
    public async Task A_later_extract_updates_a_stored_involvement_in_place_and_keeps_the_old_value_in_history()
    {
        await using var db = await TestDatabase.CreateAsync();
        using (var first = Bundle.FromSample()) Assert.True((await Import(db, first)).Succeeded);
        long id;
        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
            id = (await ctx.Involvements.SingleAsync(x => x.InvestigationRef == "MPS/14/0000101" && x.PersonRef == "P1002")).Id;

        using var later = Bundle.FromSample();
        later.SetCell("involvements.csv", 3, "suspect_disposal", "charged"); // P1002 in MPS/14/0000101: nfa → charged
        var outcome = await Import(db, later);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        Assert.Contains(outcome.Changes, c => c is { Table: "involvements", Added: 0, Updated: 1 });

        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var involvement = await ctx.Involvements.SingleAsync(x => x.InvestigationRef == "MPS/14/0000101" && x.PersonRef == "P1002");
            Assert.Equal((id, SuspectDisposal.Charged), (involvement.Id, involvement.SuspectDisposal));
            var change = await ctx.RecordChanges.SingleAsync();
            Assert.Equal(("involvement", id, "suspect_disposal", "nfa", "charged"), (change.Entity, change.RecordId, change.Field, change.OldValue, change.NewValue));
        }
    }

    [Fact]
    public async Task An_empty_flag_in_a_later_extract_keeps_a_stored_true_and_a_written_false_changes_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        using (var first = Bundle.FromSample())
        {
            first.SetCell("investigations.csv", 3, "cse_flag", "true");
            first.SetCell("investigations.csv", 3, "independently_reviewed", "true");
            first.SetCell("investigations.csv", 4, "cse_flag", "true");
            Assert.True((await Import(db, first)).Succeeded);
        }
        string[] refs;
        using (var sample = Bundle.FromSample())
        {
            var header = sample.Lines("investigations.csv")[0].Split(',');
            var column = Array.IndexOf(header, "investigation_id");
            refs = [sample.Lines("investigations.csv")[2].Split(',')[column], sample.Lines("investigations.csv")[3].Split(',')[column]];
        }

        using var later = Bundle.FromSample();
        later.SetCell("investigations.csv", 3, "cse_flag", "");                // empty: the flag was not exported, not withdrawn
        later.SetCell("investigations.csv", 3, "independently_reviewed", "");
        later.SetCell("investigations.csv", 4, "cse_flag", "false");           // written: the force withdrew it
        var outcome = await Import(db, later);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));

        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var kept = await ctx.Investigations.SingleAsync(x => x.InvestigationRef == refs[0]);
            Assert.Equal((true, true), (kept.CseFlag, kept.IndependentlyReviewed));
            Assert.False((await ctx.Investigations.SingleAsync(x => x.InvestigationRef == refs[1])).CseFlag);
            var change = await ctx.RecordChanges.SingleAsync();
            Assert.Equal(("investigation", "cse_flag", "true", "false"), (change.Entity, change.Field, change.OldValue, change.NewValue));
        }
    }

    [Fact]
    public async Task The_stored_records_a_later_extract_is_compared_with_are_read_exactly_as_EF_Core_reads_them()
    {
        // The sample covers every column; one person is erased, so an instant is read too.
        await using var db = await TestDatabase.CreateAsync();
        using (var first = Bundle.FromSample()) Assert.True((await Import(db, first)).Succeeded);
        await using (var ctx = ReassessDatabase.CreateContext(db.Target))
        {
            var erased = await ctx.People.SingleAsync(x => x.Force == "MPS" && x.PersonRef == "P1003");
            erased.ErasedAt = Now.AddDays(-3).AddTicks(12_340);
            await ctx.SaveChangesAsync();
        }
        var stored = new StoredRecords();
        await using (var connection = await ReassessDatabase.OpenConnectionAsync(db.Target))
        await using (var transaction = await connection.BeginTransactionAsync())
            await stored.LoadAsync(connection, transaction, ["MPS", "GMP"], CancellationToken.None);

        static string Json<T>(IEnumerable<T> xs) => System.Text.Json.JsonSerializer.Serialize(xs);
        await using var read = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(Json(await read.Investigations.AsNoTracking().OrderBy(x => x.Id).ToListAsync()), Json(stored.Investigations.Values.OrderBy(x => x.Id)));
        Assert.Equal(Json(await read.People.AsNoTracking().OrderBy(x => x.Id).ToListAsync()), Json(stored.People.Values.OrderBy(x => x.Id)));
        Assert.Equal(Json(await read.Involvements.AsNoTracking().OrderBy(x => x.Id).ToListAsync()), Json(stored.Involvements.Values.OrderBy(x => x.Id)));
        Assert.Equal(Json(await read.Identifiers.AsNoTracking().OrderBy(x => x.Id).ToListAsync()), Json(stored.Identifiers.Values.OrderBy(x => x.Id)));
        Assert.Contains(stored.People.Values, x => x.ErasedAt is not null);
        Assert.True(stored.PersonIds.TryGetValue(new("MPS", "P1003"), out var id) && stored.People[id].PersonRef == "P1003");
        Assert.True(stored.InvestigationIds.TryGetValue(new("MPS", "MPS/14/0000101"), out _));
        Assert.False(stored.InvestigationIds.TryGetValue(new("GMP", "MPS/14/0000101"), out _));
    }

    [Fact]
    public async Task Text_beyond_ascii_and_text_too_long_for_the_bulk_buffer_is_stored_exactly()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.Empty();
        var longSummary = string.Join(" ", Enumerable.Repeat("Zoë said 東京 🚗 —", 40_000)); // about 1.2 MB as UTF-8
        bundle.Write("investigations.csv", "force,investigation_id,recorded_date,offence_from,offence_codes,summary\n"
            + $"MPS,INV-É1,2019-02-01,2019-01-01,19D,\"Ça va — naïve café 🚓\"\nMPS,INV-2,2019-02-01,2019-01-01,19D,{longSummary}\n");
        bundle.Write("people.csv", "force,person_id,surname,forenames\nMPS,P-ø,Ó Fictíonach,Zoë Łucja\n");
        bundle.Write("involvements.csv", "force,investigation_id,person_id,role\nMPS,INV-É1,P-ø,victim\n");
        var outcome = await Import(db, bundle);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal("Ça va — naïve café 🚓", (await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "INV-É1")).Summary);
        Assert.Equal(longSummary, (await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "INV-2")).Summary);
        var person = await ctx.People.SingleAsync();
        Assert.Equal(("P-ø", "Ó Fictíonach", "Zoë Łucja"), (person.PersonRef, person.Surname, person.Forenames));
        Assert.Equal("INV-É1", (await ctx.Involvements.SingleAsync()).InvestigationRef);
    }

    [Fact]
    public async Task A_BOM_quoted_commas_and_newlines_any_column_order_and_lower_case_codes_are_accepted()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.Empty();
        bundle.Write("investigations.csv", "\uFEFFsummary,offence_codes,investigation_id,force,outcome_date,outcome_code,offence_from,recorded_date,cps_decision,cse_flag\n"
            + "\"Said \"\"stop\"\", then,\nleft\",19d;71/17,mps/1,mps,2020-02-02,1a,2019-01-01,2019-02-01,NFA_EVIDENTIAL,TRUE\n");
        bundle.Write("people.csv", "person_id,force,surname,self_defined_ethnicity,officer_observed_ethnicity,sex\nA1,Mps,\"O'FICTION, JR\",a2,ic4,f\n");
        bundle.Write("involvements.csv", "role,person_id,investigation_id,force,relationship\nVICTIM,A1,mps/1,MPS,\n");
        var outcome = await Import(db, bundle);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var inv = await ctx.Investigations.SingleAsync();
        Assert.Equal(("MPS", "mps/1", "19D;71/17", "1A", CpsDecision.NfaEvidential, true), (inv.Force, inv.InvestigationRef, inv.OffenceCodes, inv.OutcomeCode, inv.CpsDecision, inv.CseFlag));
        Assert.Equal("Said \"stop\", then,\nleft", inv.Summary);
        var person = await ctx.People.SingleAsync();
        Assert.Equal(("O'FICTION, JR", "A2", "IC4", Sex.F), (person.Surname, person.SelfDefinedEthnicity, person.OfficerObservedEthnicity, person.Sex));
        Assert.Equal(InvolvementRole.Victim, (await ctx.Involvements.SingleAsync()).Role);
    }

    [Fact]
    public async Task Unknown_columns_produce_a_warning_not_a_failure()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        var lines = bundle.Lines("people.csv").Select((l, i) => l + (i == 0 ? ",shoe_size" : ",9")).ToArray();
        bundle.Write("people.csv", string.Join('\n', lines) + "\n");
        var outcome = await Import(db, bundle);
        Assert.True(outcome.Succeeded);
        Assert.Contains("people.csv:1: shoe_size: unknown column ignored", outcome.Warnings);
    }

    [Fact]
    public async Task A_row_after_a_quoted_newline_is_reported_on_its_own_physical_line()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        bundle.SetCell("investigations.csv", 9, "recorded_date", "never"); // MPS/21/0000733 follows a two-line summary
        var outcome = await Import(db, bundle);
        Assert.Contains(outcome.Errors, e => e.ToString() == "investigations.csv:9: recorded_date: 'never' is not a date (YYYY-MM-DD)");
    }

    [Fact]
    public async Task With_rejects_the_valid_rows_are_imported_and_each_rejected_row_is_written_with_its_reasons()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 6, "sex", "Q");                      // P1005 rejected…
        var rejects = Path.Combine(bundle.Directory, "rejects.csv");
        var outcome = await Import(db, bundle, new ImportOptions { RejectsPath = rejects });
        Assert.True(outcome.Succeeded);
        Assert.Equal(2, outcome.RejectedRows);                           // …and so is its involvement
        var text = await File.ReadAllTextAsync(rejects);
        Assert.StartsWith("file,line,errors,row\n", text, StringComparison.Ordinal);
        Assert.Contains("people.csv,6,\"sex: 'Q' is not one of F, M, U\",\"MPS,P1005,", text, StringComparison.Ordinal);
        Assert.Contains("involvements.csv,6,person_id: person 'P1005' of force MPS was rejected (see people.csv)", text, StringComparison.Ordinal);
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        Assert.Equal(26, await ctx.People.CountAsync());
        Assert.Equal(35, await ctx.Involvements.CountAsync());
        Assert.Equal(2, (await ctx.ImportBatches.SingleAsync()).Rejected);
    }

    [Fact]
    public async Task A_rejected_row_that_begins_like_a_formula_is_neutralised_in_the_rejects_file()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.FromSample();
        bundle.SetCell("people.csv", 6, "force", "=1+2");                  // an invalid force code, and a formula
        var rejects = Path.Combine(bundle.Directory, "rejects.csv");
        var outcome = await Import(db, bundle, new ImportOptions { RejectsPath = rejects });
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        var rows = (await File.ReadAllLinesAsync(rejects)).Where(l => l.StartsWith("people.csv,6,", StringComparison.Ordinal)).ToList();
        var row = Assert.Single(rows);
        Assert.EndsWith(",\"'=1+2,P1005," + string.Join(',', bundle.Lines("people.csv")[5].Split(',').Skip(2)) + "\"", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=1+2", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_partial_extract_may_refer_to_records_already_stored()
    {
        await using var db = await TestDatabase.CreateAsync();
        using (var first = Bundle.FromSample()) Assert.True((await Import(db, first)).Succeeded);
        using var partial = Bundle.Empty();
        partial.Write("investigations.csv", "force,investigation_id,recorded_date,offence_from,offence_codes\n");
        partial.Write("people.csv", "force,person_id,surname\n");
        partial.Write("involvements.csv", "force,investigation_id,person_id,role\nMPS,MPS/14/0000101,P1009,witness\n");
        var outcome = await Import(db, partial);
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var added = await ctx.Involvements.SingleAsync(x => x.PersonRef == "P1009" && x.Role == InvolvementRole.Witness && x.InvestigationRef == "MPS/14/0000101");
        // It points at the stored records, which the extract did not repeat.
        Assert.Equal((await ctx.Investigations.SingleAsync(x => x.InvestigationRef == "MPS/14/0000101")).Id, added.InvestigationId);
        Assert.Equal((await ctx.People.SingleAsync(x => x.PersonRef == "P1009")).Id, added.PersonId);
    }

    [Fact]
    public async Task Every_reference_resolves_to_the_record_its_force_and_key_name_in_whatever_order_they_come()
    {
        // The importer tries the row the previous reference resolved to, and the next, before the key table: here those
        // rows are now and then a repeated (rejected) key, the same reference in another force, or another record.
        await using var db = await TestDatabase.CreateAsync();
        using var bundle = Bundle.Empty();
        bundle.Write("investigations.csv", "force,investigation_id,recorded_date,offence_from,offence_codes\n" +
            "MPS,I1,2020-01-01,2019-06-01,88A\nMPS,I2,2020-01-02,2019-06-01,88A\nGMP,I1,2020-01-03,2019-06-01,88A\nMPS,I3,2020-01-04,2019-06-01,88A\n");
        bundle.Write("people.csv", "force,person_id,surname\n" +
            "MPS,P1,ALPHA\nMPS,P2,BRAVO\nMPS,P1,REPEAT\nGMP,P2,CHARLIE\nMPS,P3,DELTA\nGMP,P1,ECHO\n");
        bundle.Write("involvements.csv", "force,investigation_id,person_id,role\n" +
            "MPS,I1,P1,victim\nMPS,I1,P2,suspect\nMPS,I1,P1,witness\nGMP,I1,P2,suspect\nGMP,I1,P1,victim\nMPS,I2,P2,suspect\n" +
            "MPS,I3,P3,victim\nMPS,I2,P1,victim\nMPS,I3,P2,suspect\nGMP,I1,P3,witness\n");
        var rejects = Path.Combine(bundle.Directory, "rejects.csv");
        var outcome = await Import(db, bundle, new ImportOptions { ImportedBy = "tester", RejectsPath = rejects });
        Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
        Assert.Equal(2, outcome.RejectedRows); // the repeated MPS P1, and GMP P3, which no file names
        Assert.Contains("involvements.csv,11,person_id: person 'P3' of force GMP is not in people.csv", await File.ReadAllTextAsync(rejects), StringComparison.Ordinal);
        await using var ctx = ReassessDatabase.CreateContext(db.Target);
        var investigations = await ctx.Investigations.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var people = await ctx.People.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var involvements = await ctx.Involvements.AsNoTracking().ToListAsync();
        Assert.Equal(9, involvements.Count);
        Assert.All(involvements, x =>
        {
            Assert.Equal((x.Force, x.InvestigationRef), (investigations[x.InvestigationId].Force, investigations[x.InvestigationId].InvestigationRef));
            Assert.Equal((x.Force, x.PersonRef), (people[x.PersonId].Force, people[x.PersonId].PersonRef));
        });
        Assert.Equal("ALPHA", people[involvements.Single(x => x is { Force: "MPS", InvestigationRef: "I2", PersonRef: "P1" }).PersonId].Surname);
    }

    [Fact]
    public async Task Written_in_parts_while_read_an_import_stores_exactly_what_it_stores_written_whole()
    {
        // Parts of 3 rows: the sample's investigations and people arrive in several parts each, the later extract's
        // changes and additions fall in different ones, and a duplicate key and its first occurrence are in different parts.
        await using var whole = await TestDatabase.CreateAsync();
        await using var parts = await TestDatabase.CreateAsync();
        using var first = Bundle.FromSample();
        first.SetCell("people.csv", 9, "person_id", "P1001"); // the key of line 2, again: rejected
        using var later = Bundle.FromSample();
        later.SetCell("investigations.csv", 10, "outcome_code", "15");
        later.SetCell("people.csv", 12, "self_defined_ethnicity", "w1");
        later.Append("people.csv", "MPS,P3000,NEWCOMB,Alex,2000-01-01,M,,,,,,,");
        var outcomes = new List<ImportOutcome>();
        foreach (var (db, partRows) in new[] { (whole, 65_536), (parts, 3) })
        {
            foreach (var bundle in new[] { first, later })
            {
                var rejects = Path.Combine(bundle.Directory, $"rejects-{partRows}.csv");
                var outcome = await Import(db, bundle, new ImportOptions { ImportedBy = "tester", RejectsPath = rejects, PartRows = partRows });
                Assert.True(outcome.Succeeded, string.Join('\n', outcome.Errors));
                outcomes.Add(outcome);
            }
        }
        Assert.Equal(await Snapshot(whole), await Snapshot(parts));
        Assert.Equal(outcomes[0].Changes, outcomes[2].Changes);
        Assert.Equal(outcomes[1].Changes, outcomes[3].Changes);
        Assert.Contains(outcomes[2].Errors, e => e.ToString() == "people.csv:9: person_id: 'P1001' appears again for force MPS (first at line 2)");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(first.Directory, "rejects-65536.csv")), await File.ReadAllTextAsync(Path.Combine(first.Directory, "rejects-3.csv")));
        Assert.Contains(outcomes[3].Changes, c => c is { Table: "people", Added: 2, Updated: 1 }); // P3000 and line 9's P1008
    }
}
