using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Tests.Screening;

public class ChildSexualOffenceTests
{
    [Theory]
    [InlineData("2008-03-10", "2026-03-09", 17)] // the day before the 18th birthday
    [InlineData("2008-03-10", "2026-03-10", 18)] // a birthday on the offence date counts
    [InlineData("2008-03-10", "2026-03-11", 18)]
    [InlineData("2008-02-29", "2026-02-28", 17)] // leap-day birthday falls on 1 March in a common year
    [InlineData("2008-02-29", "2026-03-01", 18)]
    [InlineData("2010-12-31", "2011-01-01", 0)]
    public void Age_at_offence_is_whole_years_with_the_birthday_counting(string dob, string on, int expected) =>
        Assert.Equal(expected, AgeAtOffence.Years(DateOnly.Parse(dob), DateOnly.Parse(on)));

    [Fact]
    public void Age_at_offence_is_unknown_without_a_date_of_birth() =>
        Assert.Null(AgeAtOffence.Years(null, new DateOnly(2020, 1, 1)));

    [Theory]
    [InlineData("19D", null, true)]                 // child-specific code: no victim age needed
    [InlineData("19d", null, true)]                 // lower-case input
    [InlineData("8N;71/17", null, true)]            // a child-specific code after a non-sexual one
    [InlineData("19C", "2002-06-01", true)]         // sexual, victim 17 at offence
    [InlineData("19C", "2002-05-31", false)]        // sexual, victim 18 (birthday on the offence date)
    [InlineData("19C", "2002-06-02", true)]         // sexual, victim turns 18 the day after
    [InlineData("19C", null, false)]                // sexual, victim's date of birth unknown
    [InlineData("8N", "2015-01-01", false)]         // child victim but no sexual offence
    [InlineData("8N;105A", "2015-01-01", false)]
    [InlineData("8N;20A", "2015-01-01", true)]      // non-sexual alongside a sexual code
    [InlineData("", "2015-01-01", false)]
    public void Child_sexual_offence_needs_a_child_specific_code_or_a_sexual_code_and_a_child_victim(string codes, string? victimDob, bool expected)
    {
        var offenceFrom = new DateOnly(2020, 5, 31);
        DateOnly?[] victims = victimDob is null ? [null] : [DateOnly.Parse(victimDob)];
        Assert.Equal(expected, ChildSexualOffence.Holds(codes, offenceFrom, victims));
    }

    [Fact]
    public void Child_sexual_offence_with_a_sexual_code_and_no_victims_does_not_hold() =>
        Assert.False(ChildSexualOffence.Holds("19C", new DateOnly(2020, 1, 1), []));

    [Theory]
    [InlineData("15", null, null, true)]
    [InlineData("21", null, null, true)]
    [InlineData("1", null, null, false)]
    [InlineData("5", null, null, false)]
    [InlineData(null, null, null, false)]
    [InlineData("1", CpsDecision.NfaEvidential, null, true)]
    [InlineData("1", CpsDecision.NfaPublicInterest, null, true)]
    [InlineData("1", CpsDecision.Charge, null, false)]
    [InlineData("1", null, SuspectDisposal.Nfa, true)]
    [InlineData("1", null, SuspectDisposal.Charged, false)]
    public void No_further_action_comes_from_the_outcome_the_cps_or_a_suspect(string? outcome, CpsDecision? cps, SuspectDisposal? disposal, bool expected) =>
        Assert.Equal(expected, NoFurtherAction.Holds(outcome, cps, [disposal, SuspectDisposal.Charged]));
}
