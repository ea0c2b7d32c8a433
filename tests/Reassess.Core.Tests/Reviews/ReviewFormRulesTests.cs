using Reassess.Reviews;

namespace Reassess.Tests.Reviews;

public class ReviewFormRulesTests
{
    private static readonly SuspectRef[] Suspects = [new(11, "Gary Ashdown (MPS-P11)"), new(12, "Kevin Brill (MPS-P12)")];
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static List<string> Paths(ReviewForm form) => [.. ReviewFormRules.ForSubmission(form, Suspects, Today).Select(p => p.Path)];

    [Fact]
    public void A_complete_form_can_be_submitted() => Assert.Empty(Paths(ReviewWorld.CompleteForm()));

    [Theory]
    [InlineData(RiskLevel.None, null, true)]
    [InlineData(RiskLevel.Low, null, false)]
    [InlineData(RiskLevel.Low, "  ", false)]
    [InlineData(RiskLevel.High, "Lives with a child.", true)]
    public void A_risk_other_than_none_needs_a_narrative(RiskLevel level, string? narrative, bool ok)
    {
        var form = ReviewWorld.CompleteForm();
        form.ExtantRisks.ToOtherChildren = new() { Level = level, Narrative = narrative };
        Assert.Equal(ok ? [] : ["extant_risks.to_other_children.narrative"], Paths(form));
    }

    [Fact]
    public void Every_suspect_needs_a_risk_and_an_opportunity_and_strangers_are_refused()
    {
        var form = ReviewWorld.CompleteForm();
        form.ExtantRisks.FromSuspects.RemoveAll(r => r.PersonId == 12);
        form.ExtantRisks.FromSuspects.Add(new() { PersonId = 99, Level = RiskLevel.None });
        form.Opportunities[0].Narrative = "";
        Assert.Equal(
            ["extant_risks.from_suspects[person_id=12].level", "extant_risks.from_suspects[person_id=99]", "opportunities[person_id=11].narrative"],
            Paths(form));
    }

    [Theory]
    [InlineData(Recommendation.ReinvestigateLocally, VictimConsent.Consents, null, true)]
    [InlineData(Recommendation.ReinvestigateLocally, VictimConsent.Declines, null, false)]
    [InlineData(Recommendation.ReinvestigateLocally, VictimConsent.Declines, "Suspect is a risk to other children.", true)]
    [InlineData(Recommendation.ReferToNationalOperation, VictimConsent.NotYetContacted, null, false)]
    [InlineData(Recommendation.ReferToNationalOperation, VictimConsent.NotAppropriate, "Victim has died.", true)]
    [InlineData(Recommendation.ReferToCps, VictimConsent.Declines, null, true)]
    [InlineData(Recommendation.NoFurtherAction, VictimConsent.NotYetContacted, null, true)]
    public void Re_investigation_needs_consent_or_a_recorded_reason_to_proceed_without_it(Recommendation recommendation, VictimConsent consent, string? reason, bool ok)
    {
        var form = ReviewWorld.CompleteForm();
        form.Recommendation = recommendation;
        form.VictimConsent = consent;
        form.ReasonToProceedWithoutConsent = reason;
        // The form rates suspect A's risk high: no further action needs its own rationale (ReviewSafetyRulesTests).
        form.HighRiskRationale = "Suspect A has since died; no police action can reduce the risk he posed.";
        Assert.Equal(ok ? [] : ["reason_to_proceed_without_consent"], Paths(form));
    }

    [Fact]
    public void A_referral_needs_agency_reason_and_a_date_that_is_not_in_the_future()
    {
        var form = ReviewWorld.CompleteForm();
        form.SafeguardingReferrals.Add(new() { Reason = "x", DateSent = Today.AddDays(1) });
        form.SafeguardingReferrals.Add(new() { Agency = ReferralAgency.Mash, DateSent = Today });
        Assert.Equal(["safeguarding_referrals[1].agency", "safeguarding_referrals[1].date_sent", "safeguarding_referrals[2].reason"], Paths(form));
    }

    [Fact]
    public void A_line_of_enquiry_needs_a_category_and_a_description()
    {
        var form = ReviewWorld.CompleteForm();
        form.LinesOfEnquiry.Add(new() { Description = "Trace the van." });
        form.LinesOfEnquiry.Add(new() { Category = EnquiryCategory.CctvAnpr });
        Assert.Equal(["lines_of_enquiry[1].category", "lines_of_enquiry[2].description"], Paths(form));
    }

    [Theory]
    [InlineData("A2", "GBR", true)]
    [InlineData("ns", null, true)]
    [InlineData(null, "pol", true)]
    [InlineData("X1", null, false)]
    [InlineData(null, "UK", false)]
    [InlineData(null, "G8R", false)]
    [InlineData(null, null, false)]
    public void A_data_gap_closes_with_a_known_ethnicity_code_or_a_three_letter_country(string? ethnicity, string? nationality, bool ok)
    {
        var form = ReviewWorld.CompleteForm();
        form.DataGapsClosed.Add(new() { PersonId = 11, SelfDefinedEthnicity = ethnicity, Nationality = nationality });
        Assert.Equal(ok, Paths(form).Count == 0);
    }

    [Fact]
    public void The_rationale_is_always_required()
    {
        var form = ReviewWorld.CompleteForm();
        form.Recommendation = Recommendation.AlreadyAddressed;
        form.Rationale = " ";
        var problem = Assert.Single(ReviewFormRules.ForSubmission(form, Suspects, Today));
        Assert.Equal(new ReviewProblem("rationale", "Recommendation: give the rationale for the recommendation."), problem);
    }

    [Theory]
    [InlineData(EnquiryStatus.Proposed, EnquiryStatus.Filed, true)]        // skipping forward is fine
    [InlineData(EnquiryStatus.Allocated, EnquiryStatus.Allocated, true)]
    [InlineData(EnquiryStatus.Resulted, EnquiryStatus.Completed, false)]
    [InlineData(EnquiryStatus.Allocated, EnquiryStatus.Proposed, false)]
    public void A_line_of_enquiry_status_moves_only_forward(EnquiryStatus saved, EnquiryStatus next, bool ok)
    {
        var before = new ReviewForm { LinesOfEnquiry = [new() { Number = 1, Status = saved }] };
        var after = new ReviewForm { LinesOfEnquiry = [new() { Number = 1, Status = next }] };
        Assert.Equal(ok, ReviewFormRules.ForDraft(before, after).Count == 0);
    }

    [Fact]
    public void Only_a_proposed_line_of_enquiry_can_be_removed_and_new_lines_get_the_next_numbers()
    {
        var saved = new ReviewForm { LinesOfEnquiry = [new() { Number = 1 }, new() { Number = 2, Status = EnquiryStatus.Allocated }] };
        Assert.Empty(ReviewFormRules.ForDraft(saved, new ReviewForm { LinesOfEnquiry = [new() { Number = 2, Status = EnquiryStatus.Allocated }] }));
        Assert.Single(ReviewFormRules.ForDraft(saved, new ReviewForm { LinesOfEnquiry = [new() { Number = 1 }] }));
        Assert.Single(ReviewFormRules.ForDraft(saved, new ReviewForm { LinesOfEnquiry = [.. saved.LinesOfEnquiry, new() { Number = 7 }] }));

        var next = new ReviewForm { LinesOfEnquiry = [new() { Number = 2, Status = EnquiryStatus.Allocated }, new(), new()] };
        ReviewFormRules.NumberNewLines(saved, next);
        Assert.Equal([2, 3, 4], next.LinesOfEnquiry.Select(l => l.Number).ToList());
    }

    [Fact]
    public void The_form_is_stored_as_snake_case_json_with_the_spec_tokens_and_reads_back_the_same()
    {
        var form = ReviewWorld.CompleteForm();
        form.LinesOfEnquiry[0].Category = EnquiryCategory.CctvAnpr;
        var json = form.ToJson();
        Assert.Contains("\"category\":\"cctv_anpr\"", json, StringComparison.Ordinal);
        Assert.Contains("\"agency\":\"children_social_care\"", json, StringComparison.Ordinal);
        Assert.Contains("\"recommendation\":\"reinvestigate_locally\"", json, StringComparison.Ordinal);
        Assert.Contains("\"date_sent\":\"2026-03-01\"", json, StringComparison.Ordinal);
        Assert.Equal(json, ReviewForm.FromJson(json).ToJson());
    }
}
