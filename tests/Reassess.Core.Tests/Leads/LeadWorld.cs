using Microsoft.Extensions.Time.Testing;
using Reassess.Linkage;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Leads;

/// <summary>
/// Stored, screened cases for the tests of what is built on the leads (the case page's leads, the priority factors, the
/// leads report). Synthetic: made-up references and marks.
/// <list type="bullet">
/// <item>MPS/20/0000001 (outcome 2021-01-01): suspects P101 and P102, victims P201 and P202 (aged 14). Its summary names
/// vehicle AB12 CDE, recorded nowhere. P101 is a suspect again in MPS/22/0000002 (recorded 2022-03-01); P102 is, by
/// linkage, GMP's P501, a suspect in GMP/22/0000003 (recorded 2022-06-01, charged).</item>
/// <item>MPS/20/0000004: suspects P103 and P104, nothing written, nobody seen again.</item>
/// <item>GMP/20/0000005: a GMP candidate, suspects P502 and P503, its summary naming vehicle GH12 JKL.</item>
/// </list>
/// Screened with met-2025 as of 2025-10-31 (MPS/22/0000002 and GMP/22/0000003 have no outcome: not candidates).
/// </summary>
internal sealed class LeadWorld : IAsyncDisposable
{
    public static readonly DateOnly AsOf = new(2025, 10, 31);

    public const string Case1 = "MPS/20/0000001", Case4 = "MPS/20/0000004", GmpCase = "GMP/20/0000005", GmpLater = "GMP/22/0000003";

    private readonly TestDatabase _db;

    private LeadWorld(TestDatabase db) => _db = db;

    public DatabaseTarget Target => _db.Target;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 10, 31, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The world, linked (P501 resolved to P102 by a completed link run) or not, and screened under <paramref name="profileName"/>.</summary>
    public static async Task<LeadWorld> CreateAsync(bool linked = true, string profileName = "met-2025")
    {
        var world = new LeadWorld(await TestDatabase.CreateAsync());
        await world.SeedAsync(linked);
        await new ScreeningService(world.Clock, new StoredLinkageFacts()).ScreenAsync(world.Target, CriteriaProfileLoader.LoadShipped(profileName), AsOf, "test");
        return world;
    }

    public ReassessDbContext Context() => ReassessDatabase.CreateContext(Target);

    private async Task SeedAsync(bool linked)
    {
        await using var db = Context();
        Investigation Inv(long id, string reference, DateOnly recorded, DateOnly? outcome, string? summary, CpsDecision? cps = null) => new()
        {
            Id = id,
            Force = reference[..3],
            InvestigationRef = reference,
            RecordedDate = recorded,
            OffenceFrom = new DateOnly(2019, 6, 1),
            OffenceCodes = "19C",
            OutcomeCode = outcome is null ? null : "15",
            OutcomeDate = outcome,
            Summary = summary,
            CpsDecision = cps,
        };
        db.Investigations.AddRange(
            Inv(1, Case1, new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1), "The victim saw a car, ab12 cde, outside the school."),
            Inv(2, "MPS/22/0000002", new DateOnly(2022, 3, 1), null, null),
            Inv(3, GmpLater, new DateOnly(2022, 6, 1), null, null, CpsDecision.Charge),
            Inv(4, Case4, new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1), "Nothing further was written."),
            Inv(5, GmpCase, new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1), "A van, GH12 JKL, was seen."));
        var people = new Dictionary<long, Person>();
        long involvement = 0;
        void Involve(long investigation, string reference, long person, InvolvementRole role)
        {
            var force = reference[..3];
            if (!people.TryGetValue(person, out var p))
            {
                people[person] = p = new Person
                {
                    Id = person,
                    Force = force,
                    PersonRef = $"P{person}",
                    Surname = "TESTER",
                    DateOfBirth = role == InvolvementRole.Victim ? new DateOnly(2005, 1, 1) : new DateOnly(1980, 1, 1),
                    SelfDefinedEthnicity = "W1",
                    Nationality = "GBR",
                };
                db.People.Add(p);
            }
            db.Involvements.Add(new Involvement
            {
                Id = ++involvement,
                Force = force,
                InvestigationId = investigation,
                InvestigationRef = reference,
                PersonId = person,
                PersonRef = p.PersonRef,
                Role = role,
                Relationship = role == InvolvementRole.Suspect ? SuspectRelationship.Family : null,
            });
        }
        foreach (var (id, reference, suspects, victims) in new (long, string, long[], long[])[]
                 {
                     (1, Case1, [101, 102], [201, 202]), (2, "MPS/22/0000002", [101], []), (3, GmpLater, [501], []),
                     (4, Case4, [103, 104], [203, 204]), (5, GmpCase, [502, 503], [601, 602]),
                 })
        {
            foreach (var s in suspects) Involve(id, reference, s, InvolvementRole.Suspect);
            foreach (var v in victims) Involve(id, reference, v, InvolvementRole.Victim);
        }
        if (linked)
        {
            var now = Clock.GetUtcNow();
            db.Add(new LinkageRun { StartedAt = now, CompletedAt = now, CompletedStage = LinkageStage.Networks, InputFingerprint = "test", Seed = 1 });
            db.AddRange(new ResolvedPerson { PersonId = 102, ResolvedId = 102 }, new ResolvedPerson { PersonId = 501, ResolvedId = 102 });
        }
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
