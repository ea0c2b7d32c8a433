using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Screening;

[Trait("Category", "Database")]
public class ScreeningServiceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 10, 31, 9, 0, 0, TimeSpan.Zero));

    private static ScreeningService Service(ILinkageFacts? linkage = null) => new(Clock, linkage ?? new NoLinkageFacts());

    /// <summary>Stores investigations given as facts (participants' ids are person ids; people are created once).</summary>
    private static async Task SeedAsync(DatabaseTarget target, params InvestigationFacts[] investigations)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var people = new Dictionary<long, Person>();
        long involvementId = 1;
        foreach (var f in investigations)
        {
            db.Investigations.Add(new Investigation
            {
                Id = f.Id,
                Force = f.Force,
                InvestigationRef = f.InvestigationRef,
                RecordedDate = f.RecordedDate,
                OffenceFrom = f.OffenceFrom,
                OffenceCodes = f.OffenceCodes,
                OutcomeCode = f.OutcomeCode,
                OutcomeDate = f.OutcomeDate,
                CpsDecision = f.CpsDecision,
                IndependentlyReviewed = f.IndependentlyReviewed,
            });
            foreach (var p in f.Participants)
            {
                if (!people.ContainsKey(p.PersonId))
                {
                    var person = new Person
                    {
                        Id = p.PersonId,
                        Force = f.Force,
                        PersonRef = $"P{p.PersonId}",
                        Surname = "TESTER",
                        DateOfBirth = p.DateOfBirth,
                        DateOfDeath = p.DateOfDeath,
                        Occupation = p.PersonId == 102 ? "Private hire driver" : null,
                    };
                    people[p.PersonId] = person;
                    db.People.Add(person);
                }
                db.Involvements.Add(new Involvement
                {
                    Id = involvementId++,
                    Force = f.Force,
                    InvestigationId = f.Id,
                    PersonId = p.PersonId,
                    InvestigationRef = f.InvestigationRef,
                    PersonRef = people[p.PersonId].PersonRef,
                    Role = p.Role,
                    Relationship = p.Relationship,
                    SuspectDisposal = p.Disposal,
                });
            }
            // A witness never counts.
        }
        await db.SaveChangesAsync();
    }

    private static InvestigationFacts Inv(long id, string force, string reference, Action<InvestigationFacts>? change = null)
    {
        var f = Qualifying(id);
        f.Force = force;
        f.InvestigationRef = reference;
        change?.Invoke(f);
        return f;
    }

    private static async Task<string> CsvAsync(ScreeningOutcome outcome)
    {
        await using var w = new StringWriter();
        ScreeningCsv.Write(w, outcome);
        return w.ToString();
    }

    [Fact]
    public async Task Screening_streams_the_stored_investigations_and_orders_candidates_by_force_then_reference()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target,
            Inv(1, "MPS", "a9"),
            Inv(2, "MPS", "a10"),
            Inv(3, "MPS", "B1"),
            Inv(4, "GMP", "z1"),
            Inv(5, "MPS", "no", f => f.OutcomeCode = "1"),
            Inv(6, "MPS", "old", f => f.RecordedDate = new DateOnly(2009, 1, 1)));
        var outcome = await Service().ScreenAsync(t.Target, Met, AsOf, runBy: null);
        Assert.Equal(["GMP z1", "MPS B1", "MPS a10", "MPS a9"], outcome.Candidates.Select(c => c.Facts.Force + " " + c.Facts.InvestigationRef));
        Assert.Equal(6, outcome.Summary.Considered);
        Assert.Equal(1, outcome.Summary.FailedByCriterion["nfa"]);
        Assert.Equal(1, outcome.Summary.FailedByCriterion["period"]);
        Assert.Equal(0, outcome.Summary.FailedByCriterion["suspects"]);
        Assert.Equal(4, outcome.Summary.ByTypology["intrafamilial"]);
        Assert.Equal(4, outcome.Summary.ByYear[2020]);
        var csv = await CsvAsync(outcome);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("force,investigation_id,typologies,basis,priority,priority_factors,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("GMP,z1,intrafamilial,criteria,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_data_profile_and_as_of_date_give_the_same_rows()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, Inv(3, "MPS", "c"), Inv(1, "MPS", "b"), Inv(2, "MPS", "a"));
        var first = await CsvAsync(await Service().ScreenAsync(t.Target, Met, AsOf, null));
        var second = await CsvAsync(await Service().ScreenAsync(t.Target, Met, AsOf, null));
        Assert.Equal(first, second);
        Assert.Equal(4, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_streamed_pass_agrees_with_the_rules_on_every_boundary()
    {
        await using var t = await TestDatabase.CreateAsync();
        var cases = new List<(InvestigationFacts Facts, bool Met, bool Beaconport)>
        {
            (Inv(1, "MPS", "ok"), true, true),
            (Inv(2, "MPS", "recorded-on-limit", f => f.RecordedDate = new DateOnly(2010, 10, 31)), true, true),
            (Inv(3, "MPS", "recorded-before-limit", f => f.RecordedDate = new DateOnly(2010, 10, 30)), false, true),
            (Inv(4, "MPS", "outcome-date-after", f => f.OutcomeDate = new DateOnly(2025, 4, 1)), true, false),
            (Inv(5, "MPS", "reviewed", f => f.IndependentlyReviewed = true), true, false),
            (Inv(6, "MPS", "cps", f => { f.OutcomeCode = "1"; f.CpsDecision = CpsDecision.NfaPublicInterest; }), true, true),
            (Inv(7, "MPS", "grooming", f => f.OffenceCodes = "88A"), true, false),
        };
        var deceased = Inv(8, "MPS", "deceased");
        deceased.Participants[0] = deceased.Participants[0] with { PersonId = 108, DateOfDeath = new DateOnly(2021, 1, 1) };
        cases.Add((deceased, true, false));
        var disposal = Inv(9, "MPS", "suspect-nfa", f => f.OutcomeCode = "1");
        disposal.Participants[1] = disposal.Participants[1] with { PersonId = 109, Disposal = SuspectDisposal.Nfa };
        cases.Add((disposal, true, true));
        await SeedAsync(t.Target, [.. cases.Select(c => c.Facts)]);

        var met = await Service().ScreenAsync(t.Target, Met, AsOf, null);
        var beaconport = await Service().ScreenAsync(t.Target, Beaconport, AsOf, null);
        foreach (var (facts, inMet, inBeaconport) in cases)
        {
            Assert.True(inMet == met.Candidates.Any(c => c.Facts.Id == facts.Id), $"met-2025 {facts.InvestigationRef}");
            Assert.True(inBeaconport == beaconport.Candidates.Any(c => c.Facts.Id == facts.Id), $"beaconport-2025 {facts.InvestigationRef}");
        }
    }

    [Fact]
    public async Task Rerunning_updates_the_queue_without_duplicates_and_marks_candidates_that_no_longer_qualify()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, Inv(1, "MPS", "a"), Inv(2, "MPS", "b"));
        var first = await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        Assert.Equal(2, first.Run!.NewCandidates);
        var second = await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        Assert.Equal(0, second.Run!.NewCandidates);

        // A corrected extract: investigation b was in fact charged.
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var b = await db.Investigations.SingleAsync(i => i.Id == 2);
            b.OutcomeCode = "1";
            await db.SaveChangesAsync();
        }
        var third = await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        Assert.Equal(1, third.Run!.NoLongerQualifying);

        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var queue = await db.Set<Candidate>().OrderBy(c => c.InvestigationId).ToListAsync();
            Assert.Equal(2, queue.Count);
            Assert.True(queue[0].StillQualifies);
            Assert.False(queue[1].StillQualifies);
            Assert.All(queue, c => Assert.Equal(first.Run.Id, c.FirstRunId));
            Assert.All(queue, c => Assert.Equal(third.Run.Id, c.LatestRunId));
            Assert.Equal(CandidateBasis.Criteria, queue[0].Basis);
            Assert.Equal("intrafamilial", queue[0].Typologies);
            Assert.Equal(2020, queue[0].RecordedYear);
            var runs = await db.Set<ScreeningRun>().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(3, runs.Count);
            Assert.All(runs, r => Assert.Equal(("met-2025", "2025.1", "analyst", AsOf), (r.ProfileName, r.ProfileVersion, r.RunBy, r.AsOf)));
            Assert.All(runs, r => Assert.Equal(Clock.GetUtcNow(), r.CompletedAt));
        }

        // Qualifying again restores it.
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            await db.Investigations.Where(i => i.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(i => i.OutcomeCode, "16"));
        }
        await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            Assert.True(await db.Set<Candidate>().AllAsync(c => c.StillQualifies));

        // A corrected outcome that changes the priority is written to the queued candidate; the other is left as it was.
        await using (var db = ReassessDatabase.CreateContext(t.Target))
            await db.Investigations.Where(i => i.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(i => i.OutcomeCode, "15"));
        var fifth = await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        var expected = fifth.Candidates.Single(c => c.Facts.Id == 1);
        Assert.Contains("outcome_15=15", expected.PriorityFactors, StringComparison.Ordinal);
        await using (var db = ReassessDatabase.CreateContext(t.Target))
        {
            var a = await db.Set<Candidate>().SingleAsync(c => c.InvestigationId == 1);
            Assert.Equal(expected.Priority, a.Priority);
            Assert.Equal(expected.PriorityFactors, a.PriorityFactors);
            Assert.All(await db.Set<Candidate>().ToListAsync(), c => Assert.Equal(fifth.Run!.Id, c.LatestRunId));
        }
    }

    [Fact]
    public async Task Profiles_keep_separate_queues()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, Inv(1, "MPS", "a"));
        await Service().ScreenAsync(t.Target, Met, AsOf, "analyst");
        await Service().ScreenAsync(t.Target, Beaconport, AsOf, "analyst");
        await using var db = ReassessDatabase.CreateContext(t.Target);
        Assert.Equal(["beaconport-2025", "met-2025"], await db.Set<Candidate>().OrderBy(c => c.ProfileName).Select(c => c.ProfileName).ToListAsync());
    }

    private sealed class FixedLinkage(LinkageSnapshot snapshot) : ILinkageFacts
    {
        public Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken) => Task.FromResult(snapshot);
    }

    [Fact]
    public async Task A_missed_group_fails_only_the_suspect_count_and_becomes_a_linked_candidate()
    {
        await using var t = await TestDatabase.CreateAsync();
        var lone = Inv(1, "MPS", "lone");
        lone.Participants.RemoveAt(1); // one suspect
        var loneAndCharged = Inv(2, "MPS", "lone-charged", f => f.OutcomeCode = "1");
        loneAndCharged.Participants.RemoveAt(1);
        loneAndCharged.Participants[0] = loneAndCharged.Participants[0] with { PersonId = 111 };
        await SeedAsync(t.Target, lone, loneAndCharged);
        var linkage = new FixedLinkage(new LinkageSnapshot
        {
            ResolvedPersonOf = new Dictionary<long, long>(),
            MissedGroupEvidence = new Dictionary<long, string> { [1] = "P101 shares phone +447700900123 with P555 (suspect in GMP 9)", [2] = "irrelevant" },
        });
        var outcome = await Service(linkage).ScreenAsync(t.Target, Met, AsOf, "analyst");
        var c = Assert.Single(outcome.Candidates);
        Assert.Equal((1L, CandidateBasis.Linked, "intrafamilial"), (c.Facts.Id, c.Basis, c.Typologies));
        Assert.Equal(1, outcome.Summary.LinkedCandidates);
        Assert.Contains("MPS,lone,intrafamilial,linked,", await CsvAsync(outcome), StringComparison.Ordinal);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var stored = await db.Set<Candidate>().SingleAsync();
        Assert.Equal(CandidateBasis.Linked, stored.Basis);
        Assert.StartsWith("P101 shares phone", stored.LinkedEvidence, StringComparison.Ordinal);

        var explained = await Service(linkage).ExplainAsync(t.Target, Met, "mps", "lone", AsOf);
        Assert.Equal(CandidateBasis.Linked, explained!.Assessment.Basis);
        Assert.StartsWith("P101", explained.Assessment.LinkedEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Priority_counts_suspects_other_investigations_and_victims_through_resolved_people()
    {
        await using var t = await TestDatabase.CreateAsync();
        var main = Inv(1, "MPS", "main");
        // Suspect 101 is also suspect in 2 (same nominal); nominal 501 in 3 is resolved to the same person as 102.
        var second = Inv(2, "MPS", "second", f => f.OutcomeCode = "1");
        second.Participants.Clear();
        second.Participants.Add(Suspect(101, SuspectRelationship.Family, new DateOnly(1980, 1, 1)));
        second.Participants.Add(Victim(601, new DateOnly(2010, 1, 1)));
        var third = Inv(3, "GMP", "third", f => f.OutcomeCode = "1");
        third.Participants.Clear();
        third.Participants.Add(Suspect(501, SuspectRelationship.Stranger, new DateOnly(1982, 1, 1)));
        third.Participants.Add(Victim(602, new DateOnly(2011, 1, 1)));
        third.Participants.Add(Victim(201, new DateOnly(2005, 1, 1))); // a victim of main too: not another victim
        await SeedAsync(t.Target, main, second, third);

        var unlinked = (await Service().ScreenAsync(t.Target, Met, AsOf, null)).Candidates.Single();
        Assert.Equal(1, unlinked.Factors.Single(f => f.Name == "linked_investigations").Quantity);
        Assert.Equal(1, unlinked.Factors.Single(f => f.Name == "linked_victims").Quantity);

        var linkage = new FixedLinkage(new LinkageSnapshot
        {
            ResolvedPersonOf = new Dictionary<long, long> { [501] = 102 },
            MissedGroupEvidence = new Dictionary<long, string>(),
        });
        var linked = (await Service(linkage).ScreenAsync(t.Target, Met, AsOf, null)).Candidates.Single();
        var factors = linked.Factors.ToDictionary(f => f.Name);
        Assert.Equal(2, factors["linked_investigations"].Quantity);
        Assert.Equal(2, factors["linked_victims"].Quantity);
        Assert.Equal(2 * 6, factors["linked_investigations"].Contribution);
        Assert.Equal(1, factors["access_occupation"].Quantity); // "Private hire driver" contains "private hire"
        Assert.Equal(1, factors["outcome_15"].Quantity);
        Assert.Equal(1, factors["contact_offence"].Quantity);
        Assert.Equal(0, factors["victim_under_18"].Quantity); // born 2005: 20 on the as-of date
        Assert.Equal(linked.Priority, factors.Values.Sum(f => f.Contribution), 3);
        Assert.Equal(
            "victim_under_18=0;linked_investigations=12;linked_victims=8;access_occupation=20;outcome_15=15;contact_offence=10;suspects=4;victims=6;recency=6.11;later_offending=0;unrecorded_identifier=0",
            linked.PriorityFactors);
    }

    [Fact]
    public async Task Explain_gives_every_criterion_with_the_facts_it_used()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, Inv(1, "MPS", "MPS/20/0000001", f => f.OffenceCodes = "8N;19C"));
        var e = await Service().ExplainAsync(t.Target, Met, "MPS", "MPS/20/0000001", AsOf);
        Assert.NotNull(e);
        Assert.Equal(["period", "child_sexual_offence", "suspects", "nfa"], e.Criteria.Select(c => c.Name));
        Assert.All(e.Criteria, c => Assert.True(c.Passed));
        var csa = e.Criteria.Single(c => c.Name == "child_sexual_offence").Facts;
        Assert.Contains("codes 8N;19C", csa, StringComparison.Ordinal);
        Assert.Contains("P201 aged 14", csa, StringComparison.Ordinal);
        Assert.Contains("2 suspect(s) (minimum 2): P101;P102", e.Criteria.Single(c => c.Name == "suspects").Facts, StringComparison.Ordinal);
        Assert.Contains("outcome 15 (in the NFA set)", e.Criteria.Single(c => c.Name == "nfa").Facts, StringComparison.Ordinal);
        Assert.Equal(PriorityFactorNames.All.Count, e.Factors.Count);
        Assert.Null(await Service().ExplainAsync(t.Target, Met, "MPS", "nope", AsOf));
    }

    [Fact]
    public async Task The_default_as_of_date_is_today_by_the_injected_clock()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, Inv(1, "MPS", "a", f => f.RecordedDate = new DateOnly(2010, 10, 31)));
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 10, 31, 23, 0, 0, TimeSpan.Zero));
        Assert.Single((await new ScreeningService(clock, new NoLinkageFacts()).ScreenAsync(t.Target, Met, null, null)).Candidates);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty((await new ScreeningService(clock, new NoLinkageFacts()).ScreenAsync(t.Target, Met, null, null)).Candidates);
    }
}
