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
    public static async Task<Dictionary<string, long>> SeedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var now = DateTimeOffset.UtcNow;
        var run = new ScreeningRun { ProfileName = "test-profile", ProfileVersion = "1", AsOf = new(2026, 1, 1), RunBy = "test", StartedAt = now, CompletedAt = now };
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
        return candidates;
    }
}
