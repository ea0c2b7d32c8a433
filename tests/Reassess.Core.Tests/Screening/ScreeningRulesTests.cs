using Reassess.Records;
using Reassess.Screening;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Screening;

public class ScreeningRulesTests
{
    [Fact]
    public void The_base_investigation_qualifies_under_both_profiles()
    {
        Assert.Equal(CandidateBasis.Criteria, Assess(Met, Qualifying()).Basis);
        Assert.Equal(CandidateBasis.Criteria, Assess(Beaconport, Qualifying()).Basis);
    }

    [Theory]
    [InlineData("2010-10-30", false)] // the day before as-of minus 15 years
    [InlineData("2010-10-31", true)]  // on the limit (inclusive)
    [InlineData("2010-11-01", true)]
    [InlineData("2025-10-30", true)]
    [InlineData("2025-10-31", true)]  // on the as-of date
    [InlineData("2025-11-01", false)] // after the as-of date
    public void Met_period_is_the_15_years_up_to_the_as_of_date_inclusive(string recorded, bool passes)
    {
        var a = Assess(Met, Qualifying().With(f => f.RecordedDate = DateOnly.Parse(recorded)));
        Assert.Equal(passes, a.Passed(Criterion.Period));
        Assert.Equal(passes, a.IsCandidate);
    }

    [Fact]
    public void Met_period_follows_the_as_of_date()
    {
        var f = Qualifying().With(f => f.RecordedDate = new DateOnly(2010, 6, 1));
        Assert.False(Assess(Met, f, new DateOnly(2025, 10, 31)).IsCandidate);
        Assert.True(Assess(Met, f, new DateOnly(2025, 6, 1)).IsCandidate);
    }

    [Theory]
    [InlineData("2009-12-31", false)]
    [InlineData("2010-01-01", true)]
    [InlineData("2010-01-02", true)]
    [InlineData("2025-03-30", true)]
    [InlineData("2025-03-31", true)]
    [InlineData("2025-04-01", false)]
    [InlineData(null, false)]
    public void Beaconport_period_is_the_outcome_date_from_2010_to_31_March_2025_inclusive(string? outcomeDate, bool passes)
    {
        var a = Assess(Beaconport, Qualifying().With(f => f.OutcomeDate = outcomeDate is null ? null : DateOnly.Parse(outcomeDate)));
        Assert.Equal(passes, a.Passed(Criterion.Period));
        Assert.Equal(passes, a.IsCandidate);
    }

    [Fact]
    public void Beaconport_period_does_not_depend_on_the_as_of_date() =>
        Assert.True(Assess(Beaconport, Qualifying(), new DateOnly(2040, 1, 1)).IsCandidate);

    [Theory]
    [InlineData("2001-06-02", true)]  // 17 at offence: turns 18 the day after offence_from
    [InlineData("2001-06-01", false)] // 18th birthday on offence_from counts: 18
    [InlineData("2001-05-31", false)] // 18
    [InlineData(null, false)]         // unknown date of birth
    public void A_sexual_code_needs_a_victim_under_18_at_offence_from(string? victimDob, bool passes)
    {
        var f = Qualifying();
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Victim);
        f.Participants.Add(Victim(201, victimDob is null ? null : DateOnly.Parse(victimDob)));
        f.Participants.Add(Victim(202, new DateOnly(1990, 1, 1)));
        Assert.Equal(passes, Assess(Met, f).Passed(Criterion.ChildSexualOffence));
        Assert.Equal(passes, Assess(Met, f).IsCandidate);
    }

    [Theory]
    [InlineData("19D", true)]       // child-specific
    [InlineData("19d", true)]       // lower-case input
    [InlineData("8N;19D", true)]    // non-sexual primary code alongside a child-specific one
    [InlineData("19C", false)]      // sexual, adult victims only
    [InlineData("8N", false)]       // not sexual
    [InlineData("8N;105A", false)]
    public void Child_specific_codes_need_no_child_victim(string codes, bool passes)
    {
        var f = Qualifying().With(f => f.OffenceCodes = codes);
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Victim);
        f.Participants.Add(Victim(201, new DateOnly(1990, 1, 1)));
        f.Participants.Add(Victim(202, null));
        Assert.Equal(passes, Assess(Met, f).Passed(Criterion.ChildSexualOffence));
    }

    [Theory]
    [InlineData("8N;19C", true)] // non-sexual alongside a sexual code, child victim
    [InlineData("8N", false)]    // child victim but nothing sexual
    public void Non_sexual_codes_alongside_sexual_ones(string codes, bool passes) =>
        Assert.Equal(passes, Assess(Met, Qualifying().With(f => f.OffenceCodes = codes)).IsCandidate);

    [Theory]
    [InlineData("9", true)]
    [InlineData("10", true)]
    [InlineData("11", true)]
    [InlineData("12", true)]
    [InlineData("13", true)]
    [InlineData("14", true)]
    [InlineData("15", true)]
    [InlineData("16", true)]
    [InlineData("17", true)]
    [InlineData("18", true)]
    [InlineData("21", true)]
    [InlineData("1", false)]
    [InlineData("1A", false)]
    [InlineData("1a", false)]
    [InlineData("2", false)]
    [InlineData("3", false)]
    [InlineData("4", false)]
    [InlineData("5", false)]
    [InlineData("6", false)]
    [InlineData("7", false)]
    [InlineData("8", false)]
    [InlineData("19", false)]
    [InlineData("20", false)]
    [InlineData("22", false)]
    [InlineData(null, false)]
    public void Outcome_codes_in_and_out_of_the_nfa_set(string? outcome, bool nfa)
    {
        foreach (var profile in new[] { Met, Beaconport })
        {
            var a = Assess(profile, Qualifying().With(f => f.OutcomeCode = outcome));
            Assert.Equal(nfa, a.Passed(Criterion.Nfa));
            Assert.Equal(nfa, a.IsCandidate);
        }
    }

    [Theory]
    [InlineData(CpsDecision.NfaEvidential, true)]
    [InlineData(CpsDecision.NfaPublicInterest, true)]
    [InlineData(CpsDecision.Charge, false)]
    [InlineData(CpsDecision.OutOfCourt, false)]
    [InlineData(CpsDecision.NotReferred, false)]
    public void Cps_no_further_action_makes_it_nfa_whatever_the_outcome(CpsDecision cps, bool nfa) =>
        Assert.Equal(nfa, Assess(Met, Qualifying().With(f => { f.OutcomeCode = "1"; f.CpsDecision = cps; })).Passed(Criterion.Nfa));

    [Theory]
    [InlineData(SuspectDisposal.Nfa, true)]
    [InlineData(SuspectDisposal.Charged, false)]
    [InlineData(SuspectDisposal.Cautioned, false)]
    [InlineData(SuspectDisposal.ReleasedUnderInvestigation, false)]
    [InlineData(SuspectDisposal.NotArrested, false)]
    [InlineData(SuspectDisposal.Other, false)]
    public void One_suspect_with_nfa_disposal_makes_it_nfa(SuspectDisposal disposal, bool nfa)
    {
        var f = Qualifying().With(f => f.OutcomeCode = "1");
        f.Participants[0] = f.Participants[0] with { Disposal = disposal };
        f.Participants[1] = f.Participants[1] with { Disposal = SuspectDisposal.Charged };
        Assert.Equal(nfa, Assess(Met, f).Passed(Criterion.Nfa));
        Assert.Equal(nfa, Assess(Beaconport, f).Passed(Criterion.Nfa));
    }

    [Fact]
    public void A_deceased_suspect_with_nfa_disposal_still_makes_it_nfa()
    {
        var f = Qualifying().With(f => f.OutcomeCode = "1");
        f.Participants[0] = f.Participants[0] with { Disposal = SuspectDisposal.Nfa, DateOfDeath = new DateOnly(2022, 1, 1) };
        Assert.True(Assess(Met, f).IsCandidate);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Met_needs_two_or_more_suspects(int suspects, bool passes)
    {
        var f = Qualifying();
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Suspect);
        for (var i = 0; i < suspects; i++) f.Participants.Add(Suspect(300 + i, SuspectRelationship.Acquaintance, new DateOnly(1980, 1, 1)));
        Assert.Equal(passes, Assess(Met, f).Passed(Criterion.Suspects));
    }

    [Fact]
    public void Suspects_and_victims_are_distinct_people()
    {
        var f = Qualifying();
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Suspect);
        f.Participants.Add(Suspect(300, SuspectRelationship.Family, new DateOnly(1980, 1, 1)));
        f.Participants.Add(Suspect(300, SuspectRelationship.Family, new DateOnly(1980, 1, 1)));
        f.Participants.Add(Victim(201, new DateOnly(2005, 1, 1)));
        var a = Assess(Met, f);
        Assert.Equal(1, a.Suspects);
        Assert.Equal(2, a.Victims);
        Assert.False(a.IsCandidate);
    }

    [Fact]
    public void A_person_who_is_both_victim_and_suspect_counts_in_both_roles()
    {
        var f = Qualifying();
        f.Participants.Add(Suspect(201, SuspectRelationship.Peer, new DateOnly(2005, 1, 1)));
        var a = Assess(Met, f);
        Assert.Equal(3, a.Suspects);
        Assert.Equal(2, a.Victims);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    public void Deceased_suspects_count_for_met_but_not_as_living_suspects_for_beaconport(int deceased, bool beaconport)
    {
        var f = Qualifying();
        for (var i = 0; i < deceased; i++) f.Participants[i] = f.Participants[i] with { DateOfDeath = new DateOnly(2021, 1, 1) };
        Assert.True(Assess(Met, f).IsCandidate);
        Assert.Equal(beaconport, Assess(Beaconport, f).Passed(Criterion.LivingSuspects));
        Assert.Equal(beaconport, Assess(Beaconport, f).IsCandidate);
    }

    [Fact]
    public void Beaconport_counts_living_suspects_not_all_suspects()
    {
        var f = Qualifying();
        f.Participants.Add(Suspect(103, SuspectRelationship.Family, new DateOnly(1970, 1, 1), died: new DateOnly(2020, 1, 1)));
        f.Participants[0] = f.Participants[0] with { DateOfDeath = new DateOnly(2021, 1, 1) };
        var a = Assess(Beaconport, f);
        Assert.Equal(3, a.Suspects);
        Assert.Equal(1, a.LivingSuspects);
        Assert.False(a.IsCandidate);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Beaconport_needs_two_or_more_victims_and_met_does_not(int victims, bool beaconport)
    {
        var f = Qualifying();
        f.Participants.RemoveAll(p => p.Role == InvolvementRole.Victim);
        for (var i = 0; i < victims; i++) f.Participants.Add(Victim(400 + i, new DateOnly(2006, 1, 1)));
        Assert.True(Assess(Met, f).IsCandidate);
        Assert.Equal(beaconport, Assess(Beaconport, f).IsCandidate);
    }

    [Fact]
    public void Independently_reviewed_excludes_from_beaconport_only()
    {
        var f = Qualifying().With(f => f.IndependentlyReviewed = true);
        Assert.True(Assess(Met, f).IsCandidate);
        var a = Assess(Beaconport, f);
        Assert.False(a.Passed(Criterion.NotIndependentlyReviewed));
        Assert.False(a.IsCandidate);
    }

    [Theory]
    [InlineData("19D", true)]          // child-specific and contact
    [InlineData("71/17", false)]       // child-specific, not contact
    [InlineData("88A", false)]         // grooming: not contact
    [InlineData("71/17;88A", false)]
    [InlineData("71/17;17A", true)]    // child-specific plus a contact code
    [InlineData("88E", false)]         // sexual, child victim, not contact
    [InlineData("88E;20A", true)]
    [InlineData("8N;19C", true)]
    [InlineData("8N", false)]          // codes not in the table never count as contact
    public void Beaconport_needs_a_contact_code(string codes, bool passes)
    {
        var a = Assess(Beaconport, Qualifying().With(f => f.OffenceCodes = codes));
        Assert.Equal(passes, a.IsCandidate);
        Assert.True(Assess(Met, Qualifying().With(f => f.OffenceCodes = codes)).IsCandidate || codes == "8N");
    }

    [Fact]
    public void Every_failed_criterion_is_reported_not_just_the_first()
    {
        var f = Qualifying().With(f => { f.OffenceCodes = "8N"; f.OutcomeCode = "1"; f.RecordedDate = new DateOnly(2000, 1, 1); });
        var failed = Assess(Met, f).Results.Where(r => !r.Passed).Select(r => r.Criterion).ToList();
        Assert.Equal([Criterion.Period, Criterion.ChildSexualOffence, Criterion.Nfa], failed);
    }
}
