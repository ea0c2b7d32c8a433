using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Web.Tests.Support;

/// <summary>
/// Screened cases of two forces (FA, FB) for the workbench tests. Synthetic: fictional names, an Ofcom drama-range phone.
/// FA-0001 has two suspects and a victim, and shares a phone with FA-0002 (a linked investigation).
/// </summary>
public static class CaseData
{
    /// <summary>The shipped profile the cases were "screened" with, so the case page can explain them.</summary>
    public const string Profile = "met-2025";

    /// <summary>The cross-force offender network seeded by linkage: FA-0001's and FB-0001's first suspects are one person.</summary>
    public const string CrossForceNetwork = "NET-000001";

    public static async Task<Dictionary<string, long>> SeedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var now = DateTimeOffset.UtcNow;
        var profile = CriteriaProfileLoader.LoadShipped(Profile);
        var run = new ScreeningRun { ProfileName = profile.Name, ProfileVersion = profile.Version, AsOf = new(2026, 1, 1), RunBy = "test", StartedAt = now, CompletedAt = now };
        db.Add(run);
        await db.SaveChangesAsync();

        var candidates = new Dictionary<string, long>();
        var cases = new (string Ref, double Priority, string Typologies, int Year)[]
        {
            ("FA-0001", 12.5, "intrafamilial", 2016), ("FA-0002", 8, "network;online", 2018), ("FA-0003", 3, "peer", 2019), ("FB-0001", 20, "network", 2017),
        };
        var n = 0;
        foreach (var c in cases)
        {
            n++;
            var force = c.Ref[..2];
            var recorded = new DateOnly(c.Year, 5, 1);
            var investigation = new Investigation
            {
                Id = n,
                Force = force,
                InvestigationRef = c.Ref,
                RecordedDate = recorded,
                OffenceFrom = recorded.AddMonths(-3),
                OffenceCodes = "20A;19C",
                OutcomeCode = "15",
                OutcomeDate = recorded.AddMonths(6),
                Summary = "Synthetic case for tests.",
            };
            db.Investigations.Add(investigation);
            var suspect = new Person { Id = n * 10 + 1, Force = force, PersonRef = $"{force}-S{n}", Surname = "Quill", Forenames = "Dorian", DateOfBirth = new(1975, 3, 9), Occupation = "taxi driver" };
            var suspect2 = new Person { Id = n * 10 + 2, Force = force, PersonRef = $"{force}-T{n}", Surname = "Marsh", Forenames = "Owen", SelfDefinedEthnicity = "W1" };
            var victim = new Person { Id = n * 10 + 3, Force = force, PersonRef = $"{force}-V{n}", Surname = "Penrose", Forenames = "Lily", DateOfBirth = new(c.Year - 13, 8, 20) };
            db.People.AddRange(suspect, suspect2, victim);
            await db.SaveChangesAsync();
            foreach (var (person, role) in new[] { (suspect, InvolvementRole.Suspect), (suspect2, InvolvementRole.Suspect), (victim, InvolvementRole.Victim) })
                db.Involvements.Add(new Involvement { Id = person.Id, Force = force, InvestigationId = investigation.Id, PersonId = person.Id, InvestigationRef = c.Ref, PersonRef = person.PersonRef, Role = role });
            if (c.Ref is "FA-0001" or "FA-0002")
                db.Identifiers.Add(new Identifier { Id = n, Force = force, Kind = IdentifierKind.Phone, RawValue = "07700 900123", Value = "+447700900123", InvestigationId = investigation.Id, InvestigationRef = c.Ref, PersonId = suspect.Id, PersonRef = suspect.PersonRef });
            var candidate = new Candidate
            {
                Force = force,
                InvestigationRef = c.Ref,
                InvestigationId = investigation.Id,
                Basis = CandidateBasis.Criteria,
                Typologies = c.Typologies,
                Priority = c.Priority,
                PriorityFactors = $"victim_under_18_today={c.Priority - 2};contact_offence=2",
                ProfileName = run.ProfileName,
                FirstRunId = run.Id,
                LatestRunId = run.Id,
                StillQualifies = true,
                RecordedYear = c.Year,
            };
            db.Add(candidate);
            await db.SaveChangesAsync();
            candidates[c.Ref] = candidate.Id;
        }
        await SeedLinkageAsync(db);
        return candidates;
    }

    /// <summary>
    /// What <c>reassess link</c> would store if it found that the first suspect of FA-0001 (person 11) and of FB-0001
    /// (person 41) are one person: a resolved person and a cross-force offender network binding them by a shared phone.
    /// </summary>
    private static async Task SeedLinkageAsync(ReassessDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var run = new LinkageRun { StartedAt = now, CompletedAt = now, CompletedStage = LinkageStage.Networks, InputFingerprint = "test", Seed = 1 };
        db.Add(run);
        await db.SaveChangesAsync();
        db.AddRange(new ResolvedPerson { PersonId = 11, ResolvedId = 11 }, new ResolvedPerson { PersonId = 41, ResolvedId = 11 });
        db.Add(new OffenderNetwork
        {
            Id = 1,
            Label = CrossForceNetwork,
            LinkageRunId = run.Id,
            Suspects = 3,
            Victims = 2,
            People = 5,
            Nominals = 6,
            Forces = "FA;FB",
            Investigations = "FA/FA-0001;FB/FB-0001",
        });
        db.AddRange(
            new NetworkMember { Id = 1, NetworkId = 1, PersonId = 11, ResolvedId = 11, Force = "FA", PersonRef = "FA-S1", Role = "suspect", InvestigationRefs = "FA-0001" },
            new NetworkMember { Id = 2, NetworkId = 1, PersonId = 41, ResolvedId = 11, Force = "FB", PersonRef = "FB-S4", Role = "suspect", InvestigationRefs = "FB-0001" },
            new NetworkMember { Id = 3, NetworkId = 1, PersonId = 42, ResolvedId = 42, Force = "FB", PersonRef = "FB-T4", Role = "suspect", InvestigationRefs = "FB-0001" });
        db.Add(new NetworkLink { Id = 1, NetworkId = 1, FromResolvedId = 11, ToResolvedId = 42, Kinds = "co_suspect", Weight = 1, Evidence = "co-suspects FB:FB-S4, FB:FB-T4 in FB/FB-0001" });
        await db.SaveChangesAsync();
    }
}
