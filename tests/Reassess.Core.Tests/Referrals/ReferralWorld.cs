using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Records;
using Reassess.Referrals;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Referrals;

/// <summary>
/// Force instances and a national instance, each its own database with its own audit and referral keys, for the
/// referral tests. A force holds investigations whose reviews recommend referral; <see cref="ApproveReferralAsync"/>
/// takes one through assignment, submission and approval with the real review service.
/// </summary>
internal sealed class ReferralInstance : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _keys = Directory.CreateTempSubdirectory("reassess-referral-keys-").FullName;

    private ReferralInstance(TestDatabase database, FakeTimeProvider clock, string? force)
    {
        _database = database;
        Clock = clock;
        Force = force;
        Audit = new AuditTrail(database.Target, AuditKeyStore.AtFile(Path.Combine(_keys, "test.audit-key")), clock);
        Key = ReferralSigningKey.AtFile(Path.Combine(_keys, "force.referral-key"));
    }

    public string? Force { get; }
    public FakeTimeProvider Clock { get; }
    public AuditTrail Audit { get; }
    public ReferralSigningKey Key { get; }
    public DatabaseTarget Target => _database.Target;
    public Actor Lead => new("lead." + Force!.ToLowerInvariant(), Roles.ForceLead, Force);
    public Actor Reviewer => new("rev." + Force!.ToLowerInvariant(), Roles.Reviewer, Force);
    public Actor Supervisor => new("sup." + Force!.ToLowerInvariant(), Roles.Supervisor, Force);
    public static readonly Actor National = new("nat.one", Roles.NationalOversight, null);

    /// <summary>Candidate id by investigation reference.</summary>
    public Dictionary<string, long> Candidates { get; } = [];

    public ReassessDbContext Context() => ReassessDatabase.CreateContext(Target);

    public static async Task<ReferralInstance> NationalAsync(FakeTimeProvider clock) => new(await TestDatabase.CreateAsync(), clock, null);

    public static async Task<ReferralInstance> ForceAsync(string force, FakeTimeProvider clock)
    {
        var instance = new ReferralInstance(await TestDatabase.CreateAsync(), clock, force);
        await instance.SeedUsersAsync();
        return instance;
    }

    public async Task<T> Export<T>(Func<ReferralExporter, Task<T>> call)
    {
        await using var db = Context();
        return await call(new ReferralExporter(db, Clock, Audit, Key, ReferralExporter.LoadNationalProfile()));
    }

    public async Task<T> Intake<T>(Func<ReferralIntake, Task<T>> call)
    {
        await using var db = Context();
        return await call(new ReferralIntake(db, Clock, Audit));
    }

    public async Task<T> Network<T>(Func<ReferralNetworks, Task<T>> call)
    {
        await using var db = Context();
        return await call(new ReferralNetworks(db, Clock, Audit));
    }

    /// <summary>
    /// Adds an investigation with its suspects (name, date of birth, PNC id) and <paramref name="victims"/> victims
    /// (Carrow, Dane…), queued as a candidate. With two or more victims it meets beaconport-2025.
    /// </summary>
    public async Task AddCaseAsync(string reference, (string Forenames, string Surname, DateOnly Dob, string? Pnc)[] suspects, int victims = 2)
    {
        await using var db = Context();
        var run = await db.Set<ScreeningRun>().FirstOrDefaultAsync();
        if (run is null)
        {
            run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 3, 1), RunBy = "test", StartedAt = Clock.GetUtcNow(), CompletedAt = Clock.GetUtcNow() };
            db.Add(run);
            await db.SaveChangesAsync();
        }
        var recorded = new DateOnly(2016, 6, 1);
        // The importer assigns surrogate keys; so does this seed: investigation n, its people n01, n02…
        var id = (await db.Investigations.MaxAsync(i => (long?)i.Id) ?? 0) + 1;
        var investigation = new Investigation
        {
            Id = id,
            Force = Force!,
            InvestigationRef = reference,
            RecordedDate = recorded,
            OffenceFrom = recorded.AddMonths(-2),
            OffenceCodes = "19D",
            OutcomeCode = "15",
            OutcomeDate = recorded.AddMonths(8),
            Postcode = "ZZ9 9ZZ",
            Summary = "Synthetic case: the summary never leaves the force.",
        };
        db.Investigations.Add(investigation);
        await db.SaveChangesAsync();
        var people = new List<(Person Person, InvolvementRole Role)>();
        var n = 0;
        foreach (var s in suspects)
        {
            n++;
            people.Add((new Person
            {
                Id = id * 100 + n,
                Force = Force!,
                PersonRef = $"{reference}-S{n}",
                Surname = s.Surname,
                Forenames = s.Forenames,
                DateOfBirth = s.Dob,
                PncId = s.Pnc,
                Sex = Sex.M,
                Occupation = "taxi driver",
                Postcode = "ZZ1 1ZZ",
                Nationality = "GBR",
            }, InvolvementRole.Suspect));
        }
        string[] victimNames = ["Carrow", "Dane", "Ellery"];
        for (var v = 0; v < victims; v++)
        {
            people.Add((new Person
            {
                Id = id * 100 + 50 + v,
                Force = Force!,
                PersonRef = $"{reference}-V{v + 1}",
                Surname = victimNames[v],
                Forenames = "Amy",
                DateOfBirth = new(2002 + v, 1, 15),
                Sex = Sex.F,
                Postcode = "ZZ2 2ZZ",
            }, InvolvementRole.Victim));
        }
        db.People.AddRange(people.Select(p => p.Person));
        await db.SaveChangesAsync();
        foreach (var (person, role) in people)
        {
            db.Involvements.Add(new Involvement
            {
                Id = person.Id,
                Force = Force!,
                InvestigationId = investigation.Id,
                PersonId = person.Id,
                InvestigationRef = reference,
                PersonRef = person.PersonRef,
                Role = role,
                Relationship = role == InvolvementRole.Suspect ? SuspectRelationship.Acquaintance : null,
                SuspectDisposal = role == InvolvementRole.Suspect ? SuspectDisposal.Nfa : null,
            });
        }
        var candidate = new Candidate
        {
            Force = Force!,
            InvestigationRef = reference,
            InvestigationId = investigation.Id,
            Basis = CandidateBasis.Criteria,
            Typologies = "network",
            Priority = 10,
            PriorityFactors = "suspects=10",
            ProfileName = "met-2025",
            FirstRunId = run.Id,
            LatestRunId = run.Id,
            StillQualifies = true,
            RecordedYear = 2016,
        };
        db.Add(candidate);
        await db.SaveChangesAsync();
        Candidates[reference] = candidate.Id;
    }

    /// <summary>Assigns, submits (recommending referral to the national operation) and approves the case's review.</summary>
    public async Task<Review> ApproveReferralAsync(string reference, Action<ReviewForm>? edit = null)
    {
        long investigationId;
        List<(long Id, InvolvementRole Role)> people;
        await using (var db = Context())
        {
            investigationId = (await db.Investigations.SingleAsync(i => i.Force == Force && i.InvestigationRef == reference)).Id;
            people = [.. (await db.Involvements.Where(v => v.InvestigationId == investigationId).Select(v => new { v.PersonId, v.Role }).ToListAsync())
                .Select(v => (v.PersonId, v.Role))];
        }
        var suspects = people.Where(p => p.Role == InvolvementRole.Suspect).Select(p => p.Id).ToList();
        var form = new ReviewForm
        {
            LinesOfEnquiry = [new() { Category = EnquiryCategory.Digital, Description = "Download the phone seized in 2016; Amy Carrow named the owner." }],
            ExtantRisks = new()
            {
                ToVictim = new() { Level = RiskLevel.Low, Narrative = $"{reference}-V1 now lives out of area." },
                ToOtherChildren = new() { Level = RiskLevel.High, Narrative = "Suspects drive school contracts." },
                FromSuspects = [.. suspects.Select(id => new SuspectRisk { PersonId = id, Level = RiskLevel.High, Narrative = "Access to children." })],
            },
            SafeguardingReferrals = [new() { Agency = ReferralAgency.ChildrenSocialCare, Reason = "Access to children.", DateSent = new DateOnly(2026, 2, 1) }],
            Opportunities = [.. suspects.Select(id => new SuspectOpportunity { PersonId = id, Kind = OpportunityKind.NewEvidence, Narrative = "Phone download." })],
            VictimConsent = VictimConsent.Consents,
            Recommendation = Recommendation.ReferToNationalOperation,
            Rationale = "Suspects appear across force boundaries; the national operation should take it.",
        };
        edit?.Invoke(form);
        await using var context = Context();
        var service = new ReviewService(context, Clock, Audit, new CaseLeadFinder(Caches, Clock));
        await UndecidedLeads.DismissAsync(context, Clock, Candidates[reference], form);
        var assigned = await service.AssignAsync(Supervisor, Candidates[reference], Reviewer.UserName);
        Assert.Equal(ReviewOutcome.Done, assigned.Outcome);
        context.ChangeTracker.Clear();
        var submitted = await service.SubmitAsync(Reviewer, assigned.Review!.Id, assigned.Review.Version, form);
        Assert.True(submitted.Outcome == ReviewOutcome.Done, submitted.Message);
        context.ChangeTracker.Clear();
        Clock.Advance(TimeSpan.FromHours(2));
        var approved = await service.ApproveAsync(Supervisor, submitted.Review!.Id, submitted.Review.Version);
        Assert.Equal(ReviewOutcome.Done, approved.Outcome);
        Clock.Advance(TimeSpan.FromDays(1));
        return approved.Review!;
    }

    /// <summary>What the case read model keeps between requests, as a process's caches are.</summary>
    public CaseCaches Caches { get; } = new();

    private async Task SeedUsersAsync()
    {
        await using var db = Context();
        foreach (var (name, role) in new[] { (Reviewer.UserName, Roles.Reviewer), (Supervisor.UserName, Roles.Supervisor), (Lead.UserName, Roles.ForceLead) })
            db.Users.Add(new ReassessUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Role = role, Force = Force });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Caches.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }
}
