using Reassess.Records;
using Reassess.Screening;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Screening;

public class TypologyTests
{
    private static readonly DateOnly Adult = new(1980, 1, 1);
    private static readonly DateOnly Fifteen = new(2004, 1, 1);        // 15 at offence_from 2019-06-01
    private static readonly DateOnly EighteenToday = new(2001, 6, 1);  // 18th birthday on offence_from
    private static readonly DateOnly SeventeenTomorrow = new(2001, 6, 2);

    public static TheoryData<string, SuspectRelationship?, DateOnly?, SuspectRelationship?, DateOnly?> Cases => new()
    {
        { "intrafamilial", SuspectRelationship.Family, Adult, SuspectRelationship.Stranger, Adult },
        { "intrafamilial", SuspectRelationship.Household, Adult, null, Adult },
        { "institutional", SuspectRelationship.Carer, Adult, SuspectRelationship.Acquaintance, Adult },
        { "institutional", SuspectRelationship.PositionOfTrust, Adult, SuspectRelationship.Unknown, Adult },
        { "network;online", SuspectRelationship.OnlineContact, Adult, SuspectRelationship.Stranger, Adult },
        { "network", SuspectRelationship.Acquaintance, Adult, SuspectRelationship.Stranger, Adult },
        { "network", SuspectRelationship.IntimatePartner, Adult, null, null },
        { "network", null, null, null, null },
        { "peer", SuspectRelationship.Peer, Fifteen, SuspectRelationship.Peer, SeventeenTomorrow },
        { "peer", SuspectRelationship.Acquaintance, Fifteen, null, Fifteen },      // peer is from ages, not the relationship
        { "network", SuspectRelationship.Peer, Fifteen, SuspectRelationship.Peer, EighteenToday }, // 18 on offence_from is not under 18
        { "network", SuspectRelationship.Peer, Fifteen, SuspectRelationship.Peer, null },          // every age must be known
        { "network", SuspectRelationship.Peer, Fifteen, SuspectRelationship.Peer, Adult },
        { "institutional;intrafamilial", SuspectRelationship.Family, Adult, SuspectRelationship.Carer, Adult },
        { "intrafamilial;online", SuspectRelationship.Household, Adult, SuspectRelationship.OnlineContact, Adult },
        { "institutional;online", SuspectRelationship.PositionOfTrust, Adult, SuspectRelationship.OnlineContact, Adult },
        { "online;peer", SuspectRelationship.OnlineContact, Fifteen, SuspectRelationship.Peer, Fifteen },
        { "intrafamilial;peer", SuspectRelationship.Family, Fifteen, SuspectRelationship.Peer, Fifteen },
        { "institutional;peer", SuspectRelationship.Carer, Fifteen, SuspectRelationship.Peer, Fifteen },
        { "institutional;intrafamilial;online;peer", SuspectRelationship.Carer, Fifteen, SuspectRelationship.Household, Fifteen },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Typologies_follow_the_suspects_relationships_and_ages(string expected, SuspectRelationship? r1, DateOnly? dob1, SuspectRelationship? r2, DateOnly? dob2)
    {
        var f = Qualifying();
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Suspect);
        f.Participants.Add(Suspect(101, r1, dob1));
        f.Participants.Add(Suspect(102, r2, dob2));
        var a = Assess(Met, f);
        Assert.True(a.IsCandidate);
        var labels = TypologyLabels.Join(a.Typologies);
        if (expected == "institutional;intrafamilial;online;peer")
        {
            // Two suspects cannot carry three relationships: add the online contact as a third, also aged 15.
            f.Participants.Add(Suspect(103, SuspectRelationship.OnlineContact, Fifteen));
            labels = TypologyLabels.Join(Assess(Met, f).Typologies);
        }
        Assert.Equal(expected, labels);
    }

    [Fact]
    public void Every_candidate_has_at_least_one_typology_and_labels_are_sorted()
    {
        foreach (SuspectRelationship r in Enum.GetValues<SuspectRelationship>())
        {
            var f = Qualifying();
            f.Participants[0] = f.Participants[0] with { Relationship = r };
            var labels = Assess(Met, f).Typologies;
            Assert.NotEmpty(labels);
            Assert.Equal(labels.Order(StringComparer.Ordinal), labels);
        }
    }

    [Fact]
    public void Non_candidates_get_no_typologies() =>
        Assert.Empty(Assess(Met, Qualifying().With(f => f.OutcomeCode = "1")).Typologies);
}
