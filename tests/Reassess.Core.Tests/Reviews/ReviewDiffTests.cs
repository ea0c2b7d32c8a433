using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Reviews;

/// <summary>What a supervisor reads between two submitted versions (<see cref="ReviewDiff"/>).</summary>
public class ReviewDiffTests
{
    private static string Name(long id) => id switch { SuspectA => "Dorian Quill (MPS-S1)", SuspectB => "Owen Marsh (MPS-T1)", _ => $"person {id}" };

    private static List<(string Label, ReviewChangeKind Kind, string? Before, string? After)> Diff(ReviewForm before, ReviewForm after) =>
        [.. ReviewDiff.Between(before, after, Name).Select(c => (c.Label, c.Kind, c.Before, c.After))];

    /// <summary>The form as the service stores it: lines numbered from 1.</summary>
    private static ReviewForm Stored()
    {
        var form = CompleteForm();
        for (var i = 0; i < form.LinesOfEnquiry.Count; i++) form.LinesOfEnquiry[i].Number = i + 1;
        return form;
    }

    [Fact]
    public void Two_versions_that_answer_the_same_have_no_differences() => Assert.Empty(Diff(Stored(), Stored()));

    [Fact]
    public void Blank_and_missing_answers_are_the_same_answer()
    {
        var before = Stored();
        var after = Stored();
        before.NoLinesOfEnquiryReason = null;
        after.NoLinesOfEnquiryReason = "   ";
        after.Rationale = before.Rationale + "  ";
        Assert.Empty(Diff(before, after));
    }

    [Fact]
    public void A_line_added_and_one_changed_are_told_apart_by_their_number_in_plain_words()
    {
        var before = Stored();
        var after = Stored();
        after.LinesOfEnquiry[0].Status = EnquiryStatus.Allocated;
        after.LinesOfEnquiry.Add(new() { Number = 2, Category = EnquiryCategory.CctvAnpr, Description = "ANPR hits for the taxi in 2016." });
        Assert.Equal(
            [
                ("Line of enquiry 1: status", ReviewChangeKind.Changed, "proposed", "allocated"),
                ("Line of enquiry 2", ReviewChangeKind.Added, null, "cctv anpr, proposed: ANPR hits for the taxi in 2016."),
            ],
            Diff(before, after));
    }

    [Fact]
    public void A_line_removed_is_one_change_that_says_what_it_was()
    {
        var before = Stored();
        var after = Stored();
        after.LinesOfEnquiry.Clear();
        after.NoLinesOfEnquiryReason = "The phone was returned and wiped.";
        Assert.Equal(
            [
                ("Line of enquiry 1", ReviewChangeKind.Removed, "digital, proposed: Download the second suspect's phone seized in 2016.", null),
                ("Why there is no line of enquiry", ReviewChangeKind.Added, null, "The phone was returned and wiped."),
            ],
            Diff(before, after));
    }

    [Fact]
    public void Risks_and_opportunities_name_the_suspect_and_the_field()
    {
        var before = Stored();
        var after = Stored();
        after.ExtantRisks.FromSuspects[1].Level = RiskLevel.Medium;
        after.ExtantRisks.FromSuspects[1].Narrative = "Lives with a child of 9.";
        after.Opportunities[0].Kind = OpportunityKind.CpsReview;
        after.ExtantRisks.ToVictim.Level = RiskLevel.High;
        Assert.Equal(
            [
                ("Risk to the victim: level", ReviewChangeKind.Changed, "low", "high"),
                ("Risk from Owen Marsh (MPS-T1): level", ReviewChangeKind.Changed, "none", "medium"),
                ("Risk from Owen Marsh (MPS-T1): narrative", ReviewChangeKind.Added, null, "Lives with a child of 9."),
                ("Opportunity for Dorian Quill (MPS-S1)", ReviewChangeKind.Changed, "new evidence", "cps review"),
            ],
            Diff(before, after));
    }

    [Fact]
    public void Referrals_consent_recommendation_data_gaps_and_lead_decisions_are_compared()
    {
        var before = Stored();
        before.LeadDecisions = [new() { Key = "access_to_children|MPS-S1|", Evidence = "Taxi driver.", Decision = LeadVerdict.Dismissed, Reason = "Licence revoked." }];
        var after = Stored();
        after.SafeguardingReferrals[0].DateSent = new DateOnly(2026, 2, 27);
        after.SafeguardingReferrals.Add(new() { Agency = ReferralAgency.Mash, Reason = "Sibling at home.", DateSent = new DateOnly(2026, 3, 1) });
        after.VictimConsent = VictimConsent.NotYetContacted;
        after.Recommendation = Recommendation.ReferToCps;
        after.DataGapsClosed = [new() { PersonId = SuspectA, Nationality = "GBR" }];
        after.LeadDecisions = [new() { Key = "access_to_children|MPS-S1|", Evidence = "Taxi driver.", Decision = LeadVerdict.Accepted }];
        Assert.Equal(
            [
                ("Safeguarding referral 1: date sent", ReviewChangeKind.Changed, "1 Mar 2026", "27 Feb 2026"),
                ("Safeguarding referral 2", ReviewChangeKind.Added, null, "mash, sent 1 Mar 2026: Sibling at home."),
                ("Victim's position on re-investigation", ReviewChangeKind.Changed, "consents", "not yet contacted"),
                ("Dorian Quill (MPS-S1): nationality", ReviewChangeKind.Added, null, "GBR"),
                ("Recommendation", ReviewChangeKind.Changed, "reinvestigate locally", "refer to cps"),
                ("Lead: Taxi driver.", ReviewChangeKind.Changed, "dismissed: Licence revoked.", "accepted"),
            ],
            Diff(before, after));
        Assert.Equal(
            [ReviewDiff.Safeguarding, ReviewDiff.Safeguarding, ReviewDiff.VictimContact, ReviewDiff.DataGaps, ReviewDiff.Recommendation, ReviewDiff.Leads],
            ReviewDiff.Between(before, after, Name).Select(c => c.Part).ToList());
    }
}
