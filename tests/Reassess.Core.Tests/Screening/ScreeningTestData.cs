using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Tests.Screening;

/// <summary>Builders for screening tests: one investigation that qualifies under met-2025 and beaconport-2025, to vary one fact at a time.</summary>
internal static class ScreeningTestData
{
    public static readonly DateOnly AsOf = new(2025, 10, 31);
    public static readonly DateOnly OffenceFrom = new(2019, 6, 1);

    public static CriteriaProfile Met => CriteriaProfileLoader.LoadShipped("met-2025");
    public static CriteriaProfile Beaconport => CriteriaProfileLoader.LoadShipped("beaconport-2025");

    /// <summary>Recorded 2020, codes 19C (contact, not child-specific), outcome 15, two adult family suspects, two victims aged 14.</summary>
    public static InvestigationFacts Qualifying(long id = 1) => new()
    {
        Id = id,
        Force = "MPS",
        InvestigationRef = $"MPS/20/{id:D7}",
        RecordedDate = new DateOnly(2020, 1, 1),
        OffenceFrom = OffenceFrom,
        OffenceCodes = "19C",
        OutcomeCode = "15",
        OutcomeDate = new DateOnly(2021, 1, 1),
        Participants =
        {
            Suspect(101, SuspectRelationship.Family, new DateOnly(1980, 1, 1)),
            Suspect(102, SuspectRelationship.Family, new DateOnly(1982, 1, 1)),
            Victim(201, new DateOnly(2005, 1, 1)),
            Victim(202, new DateOnly(2005, 2, 1)),
        },
    };

    public static Participant Suspect(long id, SuspectRelationship? relationship, DateOnly? dob, SuspectDisposal? disposal = null, DateOnly? died = null) =>
        new(id, InvolvementRole.Suspect, relationship, disposal, dob, died, $"P{id}");

    public static Participant Victim(long id, DateOnly? dob) => new(id, InvolvementRole.Victim, null, null, dob, null, $"P{id}");

    public static InvestigationFacts With(this InvestigationFacts f, Action<InvestigationFacts> change)
    {
        change(f);
        return f;
    }

    public static Assessment Assess(CriteriaProfile profile, InvestigationFacts facts, DateOnly? asOf = null, LinkageSnapshot? linkage = null) =>
        new ScreeningRules(profile).Assess(facts, asOf ?? AsOf, linkage ?? LinkageSnapshot.Empty);
}
