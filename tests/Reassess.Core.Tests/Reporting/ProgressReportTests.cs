using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Records;
using Reassess.Reporting;
using Reassess.Reporting.Progress;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Reporting;

/// <summary>
/// Progress, national and public figures through a scripted review lifecycle, driven by the review service itself on a
/// fake clock: four MPS candidates and one Kent candidate screened on 5 January 2026, then assigned, started, submitted,
/// returned, resubmitted and approved on known dates.
/// </summary>
[Trait("Category", "Database")]
public sealed class ProgressReportTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 15);
    private static readonly Actor Reviewer = new("rev.one", Roles.Reviewer, "MPS");
    private static readonly Actor Supervisor = new("sup.one", Roles.Supervisor, "MPS");

    private sealed class World : IAsyncDisposable
    {
        private readonly string _keyDirectory = Directory.CreateTempSubdirectory("reassess-report-keys-").FullName;

        public World(TestDatabase database)
        {
            Database = database;
            Audit = new AuditTrail(database.Target, AuditKeyStore.AtFile(Path.Combine(_keyDirectory, "test.audit-key")), Clock);
        }

        public TestDatabase Database { get; }
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        public AuditTrail Audit { get; }
        public CaseCaches Caches { get; } = new();
        public CaseLeadFinder Leads => _leads ??= new CaseLeadFinder(Caches, Clock);
        private CaseLeadFinder? _leads;
        public Dictionary<string, long> Candidates { get; } = [];
        public Dictionary<long, long[]> Suspects { get; } = [];

        public async Task<Review> Run(Func<ReviewService, Task<ReviewResult>> call)
        {
            await using var db = ReassessDatabase.CreateContext(Database.Target);
            var result = await call(new ReviewService(db, Clock, Audit, Leads));
            Assert.True(result.Outcome == ReviewOutcome.Done, $"{result.Outcome}: {result.Message}");
            return result.Review!;
        }

        public void On(int month, int day) => Clock.SetUtcNow(new DateTimeOffset(2026, month, day, 10, 0, 0, TimeSpan.Zero));

        public async ValueTask DisposeAsync()
        {
            Caches.Dispose();
            await Database.DisposeAsync();
            try { Directory.Delete(_keyDirectory, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }

    private static async Task<World> ScriptAsync()
    {
        var world = new World(await TestDatabase.CreateAsync());
        await using (var db = ReassessDatabase.CreateContext(world.Database.Target))
        {
            foreach (var (name, role, force) in new[] { (Reviewer.UserName, Roles.Reviewer, "MPS"), (Supervisor.UserName, Roles.Supervisor, "MPS") })
                db.Users.Add(new ReassessUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Role = role, Force = force });
            var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 1, 5), RunBy = "test", StartedAt = world.Clock.GetUtcNow(), CompletedAt = world.Clock.GetUtcNow() };
            db.Add(run);
            await db.SaveChangesAsync();
            var refs = new[] { "MPS-1", "MPS-2", "MPS-3", "MPS-4", "KNT-1" };
            for (var n = 1; n <= refs.Length; n++)
            {
                var force = refs[n - 1][..3];
                db.Investigations.Add(new Investigation { Id = n, Force = force, InvestigationRef = refs[n - 1], RecordedDate = new(2015, 6, 1), OffenceFrom = new(2015, 5, 1), OffenceCodes = "19D", OutcomeCode = "15", OutcomeDate = new(2016, 1, 1) });
                for (var k = 1; k <= 3; k++)
                {
                    long id = (n * 10) + k;
                    db.People.Add(new Person { Id = id, Force = force, PersonRef = $"{force}-P{id}", Surname = "Fictional", DateOfBirth = k == 3 ? new(2003, 1, 1) : new(1970, 1, 1) });
                    db.Involvements.Add(new Involvement
                    {
                        Id = id,
                        Force = force,
                        InvestigationId = n,
                        PersonId = id,
                        InvestigationRef = refs[n - 1],
                        PersonRef = $"{force}-P{id}",
                        Role = k == 3 ? InvolvementRole.Victim : InvolvementRole.Suspect,
                        Relationship = k == 3 ? null : SuspectRelationship.Acquaintance,
                    });
                }
                var candidate = new Candidate
                {
                    Force = force,
                    InvestigationRef = refs[n - 1],
                    InvestigationId = n,
                    Basis = CandidateBasis.Criteria,
                    Typologies = "network",
                    PriorityFactors = "",
                    ProfileName = "met-2025",
                    FirstRunId = run.Id,
                    LatestRunId = run.Id,
                    StillQualifies = true,
                    RecordedYear = 2015,
                };
                db.Add(candidate);
                await db.SaveChangesAsync();
                world.Candidates[refs[n - 1]] = candidate.Id;
                world.Suspects[candidate.Id] = [(n * 10) + 1, (n * 10) + 2];
            }
        }

        world.On(1, 10);
        var c1 = await world.Run(s => s.AssignAsync(Supervisor, world.Candidates["MPS-1"], Reviewer.UserName));
        var c2 = await world.Run(s => s.AssignAsync(Supervisor, world.Candidates["MPS-2"], Reviewer.UserName));
        var c3 = await world.Run(s => s.AssignAsync(Supervisor, world.Candidates["MPS-3"], Reviewer.UserName));

        world.On(1, 20);
        c1 = await world.Run(async s => await s.SubmitAsync(Reviewer, c1.Id, c1.Version, await FormAsync(world, s, c1, Recommendation.ReinvestigateLocally, referrals: 1)));
        world.On(1, 25);
        await world.Run(s => s.ApproveAsync(Supervisor, c1.Id, c1.Version));

        world.On(2, 1);
        await world.Run(s => s.StartAsync(Reviewer, c3.Id, c3.Version));
        world.On(2, 3);
        c2 = await world.Run(async s => await s.SubmitAsync(Reviewer, c2.Id, c2.Version, await FormAsync(world, s, c2, Recommendation.ReferToNationalOperation, referrals: 2)));
        world.On(2, 5);
        c2 = await world.Run(s => s.ReturnAsync(Supervisor, c2.Id, c2.Version, "Say which agency."));
        world.On(2, 10);
        c2 = await world.Run(async s => await s.SubmitAsync(Reviewer, c2.Id, c2.Version, await FormAsync(world, s, c2, Recommendation.ReferToNationalOperation, referrals: 2)));
        world.On(3, 1);
        await world.Run(s => s.ApproveAsync(Supervisor, c2.Id, c2.Version));
        world.On(4, 2); // after the as-of date: must not count
        return world;
    }

    /// <summary>A complete form for <paramref name="review"/>, every lead of the case dismissed (the report counts reviews, not leads).</summary>
    private static async Task<ReviewForm> FormAsync(World world, ReviewService service, Review review, Recommendation recommendation, int referrals)
    {
        var suspects = world.Suspects[review.CandidateId];
        var today = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime);
        var form = new ReviewForm
        {
            ExtantRisks = new()
            {
                ToVictim = new() { Level = RiskLevel.Low, Narrative = "Victim is now an adult living out of area." },
                ToOtherChildren = new() { Level = RiskLevel.None },
                FromSuspects = [.. suspects.Select(id => new SuspectRisk { PersonId = id, Level = RiskLevel.None })],
            },
            SafeguardingReferrals = [.. Enumerable.Range(0, referrals).Select(_ => new SafeguardingReferral { Agency = ReferralAgency.ChildrenSocialCare, Reason = "Access to children.", DateSent = today })],
            Opportunities = [.. suspects.Select(id => new SuspectOpportunity { PersonId = id, Kind = OpportunityKind.CpsReview, Narrative = "Refer the file to CPS for review." })],
            VictimConsent = VictimConsent.Consents,
            Recommendation = recommendation,
            Rationale = "Scripted for the progress report test.",
            NoLinesOfEnquiryReason = "Scripted: the progress report counts reviews, not their lines.",
        };
        foreach (var lead in (await service.CurrentLeadsAsync(review)).Leads)
            Assert.Null(LeadDecisions.Dismiss(form, lead, "Scripted: not relevant to the progress report."));
        return form;
    }

    [Fact]
    public async Task Counts_each_month_by_force_through_the_lifecycle()
    {
        await using var world = await ScriptAsync();
        await using var db = ReassessDatabase.CreateContext(world.Database.Target);
        var candidates = await ReviewHistory.LoadAsync(db);

        Assert.Equal(
            [
                new ProgressMonth("KNT", "2026-01", 1, 1, 0, 0, 0, 0, 0, 0, 0),
                new ProgressMonth("KNT", "2026-02", 0, 1, 0, 0, 0, 0, 0, 0, 0),
                new ProgressMonth("KNT", "2026-03", 0, 1, 0, 0, 0, 0, 0, 0, 0),
                new ProgressMonth("MPS", "2026-01", 4, 1, 2, 0, 0, 1, 0, 1, 1),
                new ProgressMonth("MPS", "2026-02", 0, 1, 0, 1, 1, 1, 0, 0, 0),
                new ProgressMonth("MPS", "2026-03", 0, 1, 0, 1, 0, 2, 0, 1, 2),
            ],
            ProgressReport.Months(candidates, AsOf));

        // In mid-February the returned review is visible as returned.
        var feb7 = ProgressReport.Months(candidates, new DateOnly(2026, 2, 7)).Single(m => m.Force == "MPS" && m.Month == "2026-02");
        Assert.Equal(1, feb7.Returned);
        Assert.Equal(0, feb7.Submitted);
    }

    [Fact]
    public async Task Pace_turnaround_and_projection_follow_the_plan()
    {
        await using var world = await ScriptAsync();
        await using var db = ReassessDatabase.CreateContext(world.Database.Target);
        var candidates = await ReviewHistory.LoadAsync(db);

        var pace = Assert.Single(ProgressReport.Pace(candidates, AsOf, _ => 600));
        Assert.Equal(("met-2025", 5, 2, 3, 2), (pace.ProfileName, pace.Candidates, pace.Approved, pace.Remaining, pace.ApprovedLast90Days));
        // Two approvals in the 70 days since screening: 3 remaining take 105 days.
        Assert.Equal(new DateOnly(2026, 6, 28), pace.ProjectedCompletion);
        Assert.Equal(50.0, pace.PlannedPerMonth);
        Assert.Equal(new DateOnly(2026, 3, 17), pace.PlannedCompletion);

        var turnaround = ProgressReport.Turnarounds(candidates, AsOf);
        Assert.Equal([new Turnaround("MPS", 2, 32.5, 50.0)], turnaround);

        var mps = await ReviewHistory.LoadAsync(db, "mps");
        Assert.All(mps, c => Assert.Equal("MPS", c.Force));
        Assert.Equal(4, mps.Count);
    }

    [Fact]
    public async Task National_and_public_reports_count_the_same_lifecycle()
    {
        await using var world = await ScriptAsync();
        await using var db = ReassessDatabase.CreateContext(world.Database.Target);
        var candidates = await ReviewHistory.LoadAsync(db);

        var national = NationalReport.Build(candidates, await NationalReport.InvestigationsPerForceAsync(db), await NationalReport.CrossForceNetworksAsync(db), AsOf);
        Assert.Equal(
            [
                ["KNT", "1", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0"],
                ["MPS", "4", "4", "1", "0", "1", "0", "2", "0", "1", "1", "3"],
            ],
            national.Csv.Rows);

        var published = PublicSummary.Build(candidates, AsOf);
        var csv = published.Csv.Rows.Select(r => string.Join(',', r)).ToList();
        // Two forces, one recorded year (2015): every cell is 1 to 4 (or 0), so nothing but zeros and totals is published.
        Assert.Contains("candidates,KNT,2015,[c]", csv);
        Assert.Contains("candidates,MPS,2015,[c]", csv);
        Assert.Contains("candidates,Total,2015,5", csv);
        Assert.Contains("reviews_completed,Total,2015,2", csv);
        Assert.Contains("recommendation_refer_to_cps,MPS,2015,0", csv);
        Assert.Contains("safeguarding_referrals,Total,2015,3", csv);
        Assert.DoesNotContain(csv, line => line.Split(',')[1] != "Total" && line.Split(',')[3] is "1" or "2" or "3" or "4");
    }

    [Fact]
    public async Task The_same_data_and_as_of_give_the_same_progress_report()
    {
        await using var world = await ScriptAsync();
        static string Render(ReportDocument d)
        {
            var w = new StringWriter();
            HtmlReportWriter.Write(d, w);
            CsvReportWriter.Write(d, w);
            return w.ToString();
        }

        await using var a = ReassessDatabase.CreateContext(world.Database.Target);
        var first = Render(ProgressReport.Build(await ReviewHistory.LoadAsync(a), AsOf, _ => 600));
        await using var b = ReassessDatabase.CreateContext(world.Database.Target);
        var second = Render(ProgressReport.Build(await ReviewHistory.LoadAsync(b), AsOf, _ => 600));
        Assert.Equal(first, second);
        Assert.Contains("Burn-up", first, StringComparison.Ordinal);
        Assert.Contains("stroke-dasharray", first, StringComparison.Ordinal); // the plan line
    }
}
