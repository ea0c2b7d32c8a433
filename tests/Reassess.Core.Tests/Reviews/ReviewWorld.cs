using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Reviews;

/// <summary>
/// Two forces' worth of screened investigations and workbench users, in a fresh database, for the review tests.
/// Each service call gets its own context, as each web request does.
/// </summary>
internal sealed class ReviewWorld : IAsyncDisposable
{
    public static readonly Actor Reviewer = new("rev.one", Roles.Reviewer, "MPS");
    public static readonly Actor OtherReviewer = new("rev.two", Roles.Reviewer, "MPS");
    public static readonly Actor Supervisor = new("sup.one", Roles.Supervisor, "MPS");
    public static readonly Actor OtherSupervisor = new("sup.two", Roles.Supervisor, "MPS");
    public static readonly Actor ForceLead = new("lead.mps", Roles.ForceLead, "MPS");
    public static readonly Actor KentReviewer = new("rev.kent", Roles.Reviewer, "KNT");
    public static readonly Actor KentSupervisor = new("sup.kent", Roles.Supervisor, "KNT");
    public static readonly Actor National = new("nat.one", Roles.NationalOversight, null);
    public static readonly Actor Auditor = new("aud.one", Roles.Auditor, null);
    public static readonly Actor Admin = new("adm.one", Roles.Admin, null);
    public const string DisabledReviewer = "rev.gone";

    private readonly TestDatabase _database;
    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("reassess-review-key-").FullName;

    private ReviewWorld(TestDatabase database)
    {
        _database = database;
        Audit = new AuditTrail(database.Target, AuditKeyStore.AtFile(Path.Combine(_keyDirectory, "test.audit-key")), Clock);
    }

    public AuditTrail Audit { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public DatabaseTarget Target => _database.Target;

    /// <summary>Candidate ids by investigation reference.</summary>
    public Dictionary<string, long> Candidates { get; } = [];

    /// <summary>The first MPS candidate (MPS-0001): suspects <see cref="SuspectA"/> and <see cref="SuspectB"/>.</summary>
    public long Case => Candidates["MPS-0001"];

    public long KentCase => Candidates["KNT-0006"];

    public const long SuspectA = 11;
    public const long SuspectB = 12;
    public const long Victim = 13;

    public static async Task<ReviewWorld> CreateAsync()
    {
        var world = new ReviewWorld(await TestDatabase.CreateAsync());
        await world.SeedAsync();
        return world;
    }

    public ReassessDbContext Context() => ReassessDatabase.CreateContext(Target);

    /// <summary>Runs one service call on its own context; the case's leads are checked, from the world's caches, as the workbench checks them.</summary>
    public async Task<T> Run<T>(Func<ReviewService, Task<T>> call)
    {
        await using var db = Context();
        return await call(new ReviewService(db, Clock, Audit, Leads));
    }

    /// <summary>The one lead source of the process, as the workbench registers it.</summary>
    public CaseLeadFinder Leads => _leads ??= new CaseLeadFinder(Caches, Clock);

    private CaseLeadFinder? _leads;

    /// <summary>
    /// <paramref name="form"/> with every current lead of the candidate (<see cref="Case"/> by default) dismissed with a
    /// reason, so that a test about something else can submit it: a review is never submitted with a lead undecided.
    /// </summary>
    public async Task<ReviewForm> LeadsDismissedAsync(ReviewForm form, long? candidateId = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var db = Context();
        var leads = await Leads.ForCandidateAsync(db, candidateId ?? Case);
        foreach (var lead in leads.ForReview.Leads)
            Assert.Null(LeadDecisions.Dismiss(form, lead, "Checked; not relevant to this test."));
        return form;
    }

    public async Task<T> Query<T>(Func<ReviewQueries, Task<T>> call)
    {
        await using var db = Context();
        return await call(new ReviewQueries(db));
    }

    /// <summary>Runs one read of the case read model on its own context (the caches are the world's, as a process's are).</summary>
    public async Task<T> ReadCase<T>(Func<CaseQueries, Task<T>> call)
    {
        await using var db = Context();
        return await call(new CaseQueries(db, Clock, Caches));
    }

    /// <summary>What the case read model keeps between requests.</summary>
    public CaseCaches Caches { get; } = new();

    /// <summary>Assigns the case to <see cref="Reviewer"/> and returns the review's id and version.</summary>
    public async Task<Review> AssignedAsync(long? candidateId = null)
    {
        var result = await Run(s => s.AssignAsync(Supervisor, candidateId ?? Case, Reviewer.UserName));
        Assert.Equal(ReviewOutcome.Done, result.Outcome);
        return result.Review!;
    }

    /// <summary>A case assigned, filled in completely and submitted by <see cref="Reviewer"/>.</summary>
    public async Task<Review> SubmittedAsync(long? candidateId = null)
    {
        var review = await AssignedAsync(candidateId);
        var form = await LeadsDismissedAsync(CompleteForm(review.InvestigationId), review.CandidateId);
        var result = await Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Done, result.Outcome);
        return result.Review!;
    }

    public async Task<Review> ApprovedAsync()
    {
        var review = await SubmittedAsync();
        var result = await Run(s => s.ApproveAsync(Supervisor, review.Id, review.Version));
        Assert.Equal(ReviewOutcome.Done, result.Outcome);
        return result.Review!;
    }

    /// <summary>
    /// A form that can be submitted for the investigation <paramref name="investigationId"/> (1 by default: <see cref="Case"/>,
    /// whose suspects are <see cref="SuspectA"/> and <see cref="SuspectB"/>).
    /// </summary>
    public static ReviewForm CompleteForm(long investigationId = 1) => new()
    {
        LinesOfEnquiry =
        [
            new() { Category = EnquiryCategory.Digital, Description = "Download the second suspect's phone seized in 2016." },
        ],
        ExtantRisks = new()
        {
            ToVictim = new() { Level = RiskLevel.Low, Narrative = "Victim now lives out of area." },
            ToOtherChildren = new() { Level = RiskLevel.None },
            FromSuspects =
            [
                new() { PersonId = investigationId * 10 + 1, Level = RiskLevel.High, Narrative = "Works as a taxi driver on school contracts." },
                new() { PersonId = investigationId * 10 + 2, Level = RiskLevel.None },
            ],
        },
        SafeguardingReferrals =
        [
            new() { Agency = ReferralAgency.ChildrenSocialCare, Reason = "Suspect A has access to children.", DateSent = new DateOnly(2026, 3, 1) },
        ],
        Opportunities =
        [
            new() { PersonId = investigationId * 10 + 1, Kind = OpportunityKind.NewEvidence, Narrative = "Phone download." },
            new() { PersonId = investigationId * 10 + 2, Kind = OpportunityKind.None, Narrative = "No evidence links him beyond the account." },
        ],
        VictimConsent = VictimConsent.Consents,
        Recommendation = Recommendation.ReinvestigateLocally,
        Rationale = "New digital line of enquiry with a supporting victim.",
    };

    private async Task SeedAsync()
    {
        await using var db = Context();
        var users = new (string Name, string Role, string? Force, bool Disabled)[]
        {
            (Reviewer.UserName, Roles.Reviewer, "MPS", false), (OtherReviewer.UserName, Roles.Reviewer, "MPS", false),
            (Supervisor.UserName, Roles.Supervisor, "MPS", false), (OtherSupervisor.UserName, Roles.Supervisor, "MPS", false),
            (ForceLead.UserName, Roles.ForceLead, "MPS", false), (KentReviewer.UserName, Roles.Reviewer, "KNT", false),
            (KentSupervisor.UserName, Roles.Supervisor, "KNT", false), (National.UserName, Roles.NationalOversight, null, false),
            (DisabledReviewer, Roles.Reviewer, "MPS", true),
        };
        foreach (var (name, role, force, disabled) in users)
            db.Users.Add(new ReassessUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Role = role, Force = force, Disabled = disabled });

        var older = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2025, 1, 1), RunBy = "import", StartedAt = Clock.GetUtcNow().AddDays(-60), CompletedAt = Clock.GetUtcNow().AddDays(-60) };
        var latest = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 3, 1), RunBy = "import", StartedAt = Clock.GetUtcNow().AddDays(-1), CompletedAt = Clock.GetUtcNow().AddDays(-1) };
        db.AddRange(older, latest);
        await db.SaveChangesAsync();

        // ref, priority, typologies, basis, year, latest run?, still qualifies
        var cases = new (string Ref, double Priority, string Typologies, CandidateBasis Basis, int Year, bool Latest, bool Qualifies)[]
        {
            ("MPS-0001", 5, "network", CandidateBasis.Criteria, 2015, true, true),
            ("MPS-0002", 9, "intrafamilial", CandidateBasis.Criteria, 2018, true, true),
            ("MPS-0003", 5, "intrafamilial;online", CandidateBasis.Linked, 2020, true, true),
            ("MPS-0004", 30, "network", CandidateBasis.Criteria, 2016, false, true),
            ("MPS-0005", 25, "network", CandidateBasis.Criteria, 2017, true, false),
            ("KNT-0006", 20, "peer", CandidateBasis.Criteria, 2019, true, true),
        };
        for (var n = 1; n <= cases.Length; n++)
        {
            var c = cases[n - 1];
            var force = c.Ref[..3];
            var recorded = new DateOnly(c.Year, 6, 1);
            db.Investigations.Add(new Investigation
            {
                Id = n,
                Force = force,
                InvestigationRef = c.Ref,
                RecordedDate = recorded,
                OffenceFrom = recorded.AddMonths(-2),
                OffenceCodes = "19D",
                OutcomeCode = "15",
                OutcomeDate = recorded.AddMonths(8),
                Summary = "Synthetic case.",
            });
            // Two suspects and a victim per investigation: ids n1, n2 (suspects), n3 (victim).
            var people = new[]
            {
                new Person { Id = n * 10 + 1, Force = force, PersonRef = $"{force}-P{n}1", Surname = "Ashdown", Forenames = "Gary", DateOfBirth = new(1970, 4, 2), Occupation = "taxi driver" },
                new Person { Id = n * 10 + 2, Force = force, PersonRef = $"{force}-P{n}2", Surname = "Brill", Forenames = "Kevin", SelfDefinedEthnicity = "W1" },
                new Person { Id = n * 10 + 3, Force = force, PersonRef = $"{force}-P{n}3", Surname = "Carrow", Forenames = "Amy", DateOfBirth = new(c.Year - 14, 1, 15), SelfDefinedEthnicity = "NS" },
            };
            db.People.AddRange(people);
            for (var k = 0; k < people.Length; k++)
            {
                db.Involvements.Add(new Involvement
                {
                    Id = n * 10 + k + 1,
                    Force = force,
                    InvestigationId = n,
                    PersonId = people[k].Id,
                    InvestigationRef = c.Ref,
                    PersonRef = people[k].PersonRef,
                    Role = k < 2 ? InvolvementRole.Suspect : InvolvementRole.Victim,
                    Relationship = k < 2 ? SuspectRelationship.Acquaintance : null,
                });
            }
            var candidate = new Candidate
            {
                Force = force,
                InvestigationRef = c.Ref,
                InvestigationId = n,
                Basis = c.Basis,
                Typologies = c.Typologies,
                Priority = c.Priority,
                PriorityFactors = $"suspect_count={c.Priority}",
                ProfileName = "met-2025",
                FirstRunId = older.Id,
                LatestRunId = c.Latest ? latest.Id : older.Id,
                StillQualifies = c.Qualifies,
                RecordedYear = c.Year,
            };
            db.Add(candidate);
            await db.SaveChangesAsync();
            Candidates[c.Ref] = candidate.Id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Caches.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_keyDirectory, recursive: true);
    }
}
