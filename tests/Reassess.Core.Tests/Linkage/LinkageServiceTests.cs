using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Output;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Linkage;

[Trait("Category", "Database")]
public class LinkageServiceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static LinkageService Service(IPersonMatcher matcher) => new(matcher, LinkageWorld.ChildSexualOffenceRule, Clock);

    private static FixedMatcher Matcher() => new(("GMP:P90", "MPS:P5", 0.97), ("GMP:P91", "MPS:P5", 0.7));

    private static async Task<Dictionary<string, long>> ResolvedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var rows = await (from r in db.Set<ResolvedPerson>() join p in db.People on r.PersonId equals p.Id select new { p.Force, p.PersonRef, r.ResolvedId }).ToListAsync();
        return rows.ToDictionary(r => r.Force + ":" + r.PersonRef, r => r.ResolvedId);
    }

    [Fact]
    public async Task Same_PNC_id_links_nominals_across_forces_without_merging_them()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        var summary = await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);

        var resolved = await ResolvedAsync(t.Target);
        Assert.Equal(resolved["MPS:P1"], resolved["GMP:P77"]);
        Assert.NotEqual(resolved["GMP:P80"], resolved["GMP:P81"]); // a shared phone, but different names and dates of birth
        await using var db = ReassessDatabase.CreateContext(t.Target);
        Assert.Equal(13, await db.People.CountAsync());
        var pnc = await db.Set<PersonMatch>().SingleAsync(m => m.Method == MatchMethod.Pnc);
        Assert.Equal(("GMP", "P77", "MPS", "P1"), (pnc.LeftForce, pnc.LeftPersonRef, pnc.RightForce, pnc.RightPersonRef));
        Assert.Equal(MatchStatus.Auto, pnc.Status);
        Assert.Contains("PNC 05/123456K", pnc.Evidence, StringComparison.Ordinal);
        Assert.Equal(LinkageStage.Networks, (await db.Set<LinkageRun>().SingleAsync()).CompletedStage);
        Assert.Equal(13, summary.Nominals);
    }

    [Fact]
    public async Task Linkage_reads_each_nominals_ethnicity_and_nationality_codes()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var person = await db.People.OrderBy(p => p.Id).FirstAsync();
        person.SelfDefinedEthnicity = "A2";
        person.OfficerObservedEthnicity = "IC4";
        person.Nationality = "PAK";
        await db.SaveChangesAsync();

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var input = await LinkageInput.LoadAsync(connection);

        var row = input.People[input.PersonIndex[person.Id]];
        Assert.Equal(("A2", "IC4", "PAK"), (row.SelfDefinedEthnicity, row.OfficerObservedEthnicity, row.Nationality));
        Assert.All(input.People.Where(p => p.Id != person.Id), p => Assert.Null(p.Nationality));
    }

    [Fact]
    public async Task A_shared_phone_links_records_of_one_person_but_not_a_contradicted_pair()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            // MPS:P2 and a GMP nominal with the same name and phone but no date of birth: one person.
            db.Add(new Reassess.Records.Person { Id = 100, Force = "GMP", PersonRef = "P200", Forenames = "Luke", Surname = "Barr", FirstBatchId = 1, LastBatchId = 1 });
            db.Add(new Reassess.Records.Identifier { Id = 100, Force = "MPS", Kind = Reassess.Records.IdentifierKind.Phone, RawValue = "x", Value = "+447700900222", PersonId = 3, PersonRef = "P2", FirstBatchId = 1, LastBatchId = 1 });
            db.Add(new Reassess.Records.Identifier { Id = 101, Force = "GMP", Kind = Reassess.Records.IdentifierKind.Phone, RawValue = "x", Value = "+447700900222", PersonId = 100, PersonRef = "P200", FirstBatchId = 1, LastBatchId = 1 });
            await db.SaveChangesAsync();
        }
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        var resolved = await ResolvedAsync(t.Target);
        Assert.Equal(resolved["MPS:P2"], resolved["GMP:P200"]);
        Assert.NotEqual(resolved["GMP:P80"], resolved["GMP:P81"]);
        await using var check = ReassessDatabase.CreateContext(t.Target);
        var link = await check.Set<PersonMatch>().SingleAsync(m => m.Method == MatchMethod.Identifier);
        Assert.Equal("phone +447700900222", link.Evidence);
    }

    [Fact]
    public async Task Decisions_override_the_model_and_survive_re_runs()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        var before = await ResolvedAsync(t.Target);
        Assert.Equal(before["MPS:P5"], before["GMP:P90"]);     // 0.97: automatic
        Assert.NotEqual(before["MPS:P5"], before["GMP:P91"]);  // 0.70: pending review

        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var pending = await new MatchReview(db, Clock).ListAsync(MatchStatus.Pending);
            var only = Assert.Single(pending);
            Assert.Equal(("GMP:P91", "MPS:P5"), ($"{only.LeftForce}:{only.LeftPersonRef}", $"{only.RightForce}:{only.RightPersonRef}"));
            Assert.Contains("surname", only.Contributions, StringComparison.Ordinal);
            var review = new MatchReview(db, Clock);
            await review.DecideAsync(new("MPS", "P5"), new("GMP", "P90"), samePerson: false, "reviewer1", "different middle name on PNC");
            await review.DecideAsync(new("MPS", "P5"), new("GMP", "P91"), samePerson: true, "reviewer1", null);
            Assert.Empty(await review.ListAsync(MatchStatus.Pending));
        }

        for (var run = 0; run < 2; run++)
        {
            await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
            var after = await ResolvedAsync(t.Target);
            Assert.NotEqual(after["MPS:P5"], after["GMP:P90"]);
            Assert.Equal(after["MPS:P5"], after["GMP:P91"]);
            await using var db = ReassessDatabase.CreateContext(t.Target);
            Assert.Equal(MatchStatus.Rejected, (await db.Set<PersonMatch>().SingleAsync(m => m.LeftPersonRef == "P90")).Status);
            Assert.Equal(MatchStatus.Confirmed, (await db.Set<PersonMatch>().SingleAsync(m => m.LeftPersonRef == "P91")).Status);
        }
    }

    [Fact]
    public async Task Link_uses_the_cut_its_matcher_chose_and_holds_a_pair_across_a_split_cluster_for_review()
    {
        // The cut chosen from the model (0.6): a 0.7 pair links without review, where the fixed 0.9 would hold it.
        await using (var t = await TestDatabase.CreateAsync())
        {
            await LinkageWorld.SeedAsync(t.Target);
            await Service(new FixedMatcher(("GMP:P90", "MPS:P5", 0.7)) { ChosenCut = 0.6 }).RunAsync(t.Target, new LinkOptions(), null, default);
            Assert.Equal((await ResolvedAsync(t.Target))["MPS:P5"], (await ResolvedAsync(t.Target))["GMP:P90"]);
            await using var db = ReassessDatabase.CreateContext(t.Target);
            Assert.Equal(MatchStatus.Auto, (await db.Set<PersonMatch>().SingleAsync(m => m.Method == MatchMethod.Probabilistic)).Status);
        }
        // The matcher's clustering split P90 off (its cluster's members contradicted one another): even at 0.97 the pair
        // across the split waits for a reviewer, and says why.
        await using (var t = await TestDatabase.CreateAsync())
        {
            await LinkageWorld.SeedAsync(t.Target);
            await Service(new FixedMatcher(("GMP:P90", "MPS:P5", 0.97)) { ChosenCut = 0.6, SplitOff = ["GMP:P90"] }).RunAsync(t.Target, new LinkOptions(), null, default);
            var resolved = await ResolvedAsync(t.Target);
            Assert.NotEqual(resolved["MPS:P5"], resolved["GMP:P90"]);
            await using var db = ReassessDatabase.CreateContext(t.Target);
            var held = await db.Set<PersonMatch>().SingleAsync(m => m.Method == MatchMethod.Probabilistic);
            Assert.Equal(MatchStatus.Pending, held.Status);
            Assert.Contains("held for review: the people it would join contradict one another", held.Evidence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unsure_decision_is_kept_but_decides_nothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var review = new MatchReview(db, Clock);
            // Confirmed first, then the reviewer changes their mind to unsure: the confirmation no longer holds.
            await review.DecideAsync(new("MPS", "P5"), new("GMP", "P91"), MatchVerdict.Confirm, "reviewer1", null);
            var unsure = await review.DecideAsync(new("MPS", "P5"), new("GMP", "P91"), MatchVerdict.Unsure, "reviewer1", "photo unclear");
            Assert.True(unsure.Unsure);
            Assert.Equal(MatchStatus.Pending, (await db.Set<PersonMatch>().SingleAsync(m => m.LeftPersonRef == "P91")).Status);
        }
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        var resolved = await ResolvedAsync(t.Target);
        Assert.NotEqual(resolved["MPS:P5"], resolved["GMP:P91"]);
        await using var check = ReassessDatabase.CreateContext(t.Target);
        Assert.Equal(MatchStatus.Pending, (await check.Set<PersonMatch>().SingleAsync(m => m.LeftPersonRef == "P91")).Status);
        Assert.Equal("photo unclear", (await check.Set<MatchDecision>().SingleAsync()).Reason);
    }

    [Fact]
    public async Task A_rejected_decision_is_never_bridged_by_other_links()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            await new MatchReview(db, Clock).DecideAsync(new("GMP", "P90"), new("GMP", "P91"), samePerson: false, "reviewer1", null);
        // P5 ~ P90 and P5 ~ P91 both automatic: P90 and P91 must still not end in one person.
        await Service(new FixedMatcher(("GMP:P90", "MPS:P5", 0.99), ("GMP:P91", "MPS:P5", 0.98))).RunAsync(t.Target, new LinkOptions(), null, default);
        var resolved = await ResolvedAsync(t.Target);
        Assert.NotEqual(resolved["GMP:P90"], resolved["GMP:P91"]);
        Assert.Equal(resolved["MPS:P5"], resolved["GMP:P90"]);
    }

    [Fact]
    public async Task Deciding_on_an_unknown_nominal_is_refused()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var review = new MatchReview(db, Clock);
        await Assert.ThrowsAsync<MatchReviewException>(() => review.DecideAsync(new("MPS", "P1"), new("GMP", "NOPE"), true, "r", null));
        await Assert.ThrowsAsync<MatchReviewException>(() => review.DecideAsync(new("MPS", "P1"), new("MPS", "P1"), true, "r", null));
    }

    [Fact]
    public async Task An_interrupted_run_continues_after_its_last_stage()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        var matcher = Matcher();
        matcher.FailWith = new OperationCanceledException("interrupted");
        await Assert.ThrowsAsync<OperationCanceledException>(() => Service(matcher).RunAsync(t.Target, new LinkOptions(), null, default));
        long firstRun;
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var run = await db.Set<LinkageRun>().SingleAsync();
            Assert.Equal(LinkageStage.Deterministic, run.CompletedStage);
            firstRun = run.Id;
            Assert.Equal(1, await db.Set<PersonMatch>().CountAsync(m => m.Method == MatchMethod.Pnc));
        }

        matcher.FailWith = null;
        var summary = await Service(matcher).RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.True(summary.Resumed);
        Assert.Equal(LinkageStage.Deterministic, summary.ResumedAfter);
        Assert.Equal(firstRun, summary.RunId);
        Assert.True(summary.Networks >= 1);

        // A completed run is not continued: the next link starts a new one.
        var again = await Service(matcher).RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.False(again.Resumed);
        Assert.NotEqual(firstRun, again.RunId);
    }

    [Fact]
    public async Task A_one_suspect_investigation_whose_suspect_is_in_a_group_gets_the_chain_of_evidence()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);

        await using var db = ReassessDatabase.CreateContext(t.Target);
        var inv1 = await db.Investigations.SingleAsync(i => i.InvestigationRef == "INV-1");
        var inv2 = await db.Investigations.SingleAsync(i => i.InvestigationRef == "INV-2");
        var missed = await db.Set<MissedGroupLink>().ToDictionaryAsync(m => m.InvestigationId);
        Assert.True(missed.ContainsKey(inv1.Id));
        Assert.False(missed.ContainsKey(inv2.Id));
        var evidence = missed[inv1.Id].Evidence;
        Assert.StartsWith("suspect MPS:P1 in MPS/INV-1; MPS:P1 = GMP:P77 (PNC 05/123456K); co-suspects GMP:P77 and GMP:P80 in GMP/INV-9; GMP:P80 suspect in GMP/INV-9 (child sexual offence); network NET-", evidence, StringComparison.Ordinal);
        Assert.Contains("forces GMP;MPS", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_reads_resolved_people_and_missed_groups_from_the_last_run()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var facts = new Reassess.Linkage.StoredLinkageFacts();
        var before = await facts.LoadAsync(db, default);
        Assert.Empty(before.ResolvedPersonOf);
        Assert.Empty(before.MissedGroupEvidence);

        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        var snapshot = await facts.LoadAsync(db, default);
        var p1 = await db.People.SingleAsync(p => p.Force == "MPS" && p.PersonRef == "P1");
        var p77 = await db.People.SingleAsync(p => p.Force == "GMP" && p.PersonRef == "P77");
        var p2 = await db.People.SingleAsync(p => p.Force == "MPS" && p.PersonRef == "P2");
        Assert.Equal(snapshot.Resolve(p1.Id), snapshot.Resolve(p77.Id));
        Assert.Equal(p2.Id, snapshot.Resolve(p2.Id));
        var inv1 = await db.Investigations.SingleAsync(i => i.InvestigationRef == "INV-1");
        Assert.Contains("MPS:P1 = GMP:P77", snapshot.MissedGroupEvidence[inv1.Id], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Networks_csv_has_one_row_per_nominal_in_a_stable_order()
    {
        await using var t = await TestDatabase.CreateAsync();
        await LinkageWorld.SeedAsync(t.Target);
        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);

        static async Task<string> CsvAsync(DatabaseTarget target)
        {
            await using var db = ReassessDatabase.CreateContext(target);
            var text = new StringWriter { NewLine = "\n" };
            await using (var csv = new CsvOutput(text, NetworkExport.Header)) await NetworkExport.WriteCsvAsync(db, csv);
            return text.ToString();
        }
        var first = await CsvAsync(t.Target);
        var lines = first.TrimEnd('\n').Split('\n');
        Assert.Equal("network_id,force,person_id,role_in_network,investigation_ids", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Count, rows.Select(r => (r[1], r[2])).Distinct().Count());
        var p1 = rows.Single(r => r[1] == "MPS" && r[2] == "P1");
        var p77 = rows.Single(r => r[1] == "GMP" && r[2] == "P77");
        Assert.Equal(p1[0], p77[0]); // one resolved person, two rows, the same network
        Assert.Equal(["suspect", "INV-1"], p1[3..]);
        Assert.Equal(["suspect", "INV-9"], p77[3..]);
        Assert.Equal("victim", rows.Single(r => r[2] == "V9")[3]);
        Assert.DoesNotContain(rows, r => r[2] == "P2");
        Assert.All(rows, r => Assert.Contains(r[3], new[] { "suspect", "victim", "other" }));
        Assert.Equal(rows.OrderBy(r => r[0], StringComparer.Ordinal).ThenBy(r => r[1], StringComparer.Ordinal).ThenBy(r => r[2], StringComparer.Ordinal).Select(r => string.Join(',', r)),
            rows.Select(r => string.Join(',', r)));

        await Service(Matcher()).RunAsync(t.Target, new LinkOptions(), null, default);
        Assert.Equal(first, await CsvAsync(t.Target));
    }
}
