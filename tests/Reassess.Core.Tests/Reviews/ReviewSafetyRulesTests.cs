using Reassess.Reviews;

namespace Reassess.Tests.Reviews;

/// <summary>
/// The form's safety rules (issue 20): an elevated risk to a child needs a safeguarding referral or a reason there is none;
/// no further action alongside a high risk needs a high-risk rationale; no line of enquiry needs a reason.
/// </summary>
public class ReviewSafetyRulesTests
{
    private static readonly SuspectRef[] Suspects = [new(11, "Gary Ashdown (MPS-P11)"), new(12, "Kevin Brill (MPS-P12)")];
    private static readonly DateOnly Today = new(2026, 3, 2);
    private const string GoodHighRiskRationale = "Suspect A died in 2024; the risk he posed can no longer be reduced by police action.";

    private static IReadOnlyList<ReviewProblem> Problems(ReviewForm form) => ReviewFormRules.ForSubmission(form, Suspects, Today);

    private static List<string> Paths(ReviewForm form) => [.. Problems(form).Select(p => p.Path)];

    public static TheoryData<RiskLevel, RiskLevel, int, string?, bool> ElevatedRiskCases => new()
    {
        // to the victim, to other children, referrals, reason for no referral, may be submitted
        { RiskLevel.None, RiskLevel.None, 0, null, true },
        { RiskLevel.Low, RiskLevel.Low, 0, null, true },
        { RiskLevel.Medium, RiskLevel.None, 0, null, false },
        { RiskLevel.None, RiskLevel.Medium, 0, null, false },
        { RiskLevel.High, RiskLevel.None, 0, null, false },
        { RiskLevel.None, RiskLevel.High, 0, "   ", false },
        { RiskLevel.High, RiskLevel.High, 0, null, false },
        { RiskLevel.High, RiskLevel.None, 1, null, true },
        { RiskLevel.Medium, RiskLevel.High, 2, null, true },
        { RiskLevel.High, RiskLevel.Medium, 0, "Children's social care already hold an open plan for the victim (ref CSC-4471).", true },
    };

    [Theory]
    [MemberData(nameof(ElevatedRiskCases))]
    public void A_medium_or_high_risk_to_a_child_needs_a_referral_or_a_reason_why_none(RiskLevel toVictim, RiskLevel toOthers, int referrals, string? reason, bool ok)
    {
        var form = ReviewWorld.CompleteForm();
        form.ExtantRisks.ToVictim = new() { Level = toVictim, Narrative = "Narrative." };
        form.ExtantRisks.ToOtherChildren = new() { Level = toOthers, Narrative = "Narrative." };
        form.SafeguardingReferrals = [.. Enumerable.Range(0, referrals).Select(_ => new SafeguardingReferral { Agency = ReferralAgency.Mash, Reason = "Risk.", DateSent = Today })];
        form.NoSafeguardingReferralReason = reason;
        var problems = Problems(form);
        Assert.Equal(ok ? [] : ["no_safeguarding_referral_reason"], problems.Select(p => p.Path));
        if (!ok)
        {
            var message = Assert.Single(problems).Message;
            Assert.StartsWith("Safeguarding referrals:", message, StringComparison.Ordinal);
            var which = toVictim is RiskLevel.Medium or RiskLevel.High ? "the risk to the victim" : "the risk to other children";
            var level = toVictim is RiskLevel.Medium or RiskLevel.High ? toVictim : toOthers;
            Assert.Contains($"{which} is {Reassess.Records.Token.Of(level)}", message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<Recommendation, string, string?, string?> NoFurtherActionCases => new()
    {
        // recommendation, where the risk is high (victim, others, suspect, none), high-risk rationale, the problem's path (null: none)
        { Recommendation.NoFurtherAction, "none", null, null },
        { Recommendation.NoFurtherAction, "suspect", null, "high_risk_rationale" },
        { Recommendation.NoFurtherAction, "victim", "", "high_risk_rationale" },
        { Recommendation.NoFurtherAction, "others", "Risk managed.", "high_risk_rationale" },
        { Recommendation.NoFurtherAction, "suspect", ReviewWorld.CompleteForm().Rationale, "high_risk_rationale" },
        { Recommendation.NoFurtherAction, "suspect", GoodHighRiskRationale, null },
        { Recommendation.NoFurtherAction, "victim", GoodHighRiskRationale, null },
        { Recommendation.ReinvestigateLocally, "suspect", null, null },
        { Recommendation.ReferToCps, "victim", null, null },
        { Recommendation.AlreadyAddressed, "others", null, null },
    };

    [Theory]
    [MemberData(nameof(NoFurtherActionCases))]
    public void No_further_action_alongside_a_high_risk_needs_a_high_risk_rationale(Recommendation recommendation, string high, string? highRiskRationale, string? path)
    {
        var form = ReviewWorld.CompleteForm();
        form.Recommendation = recommendation;
        // Referrals are kept so that only the rule under test speaks.
        form.ExtantRisks.ToVictim.Level = high == "victim" ? RiskLevel.High : RiskLevel.Low;
        form.ExtantRisks.ToOtherChildren = new() { Level = high == "others" ? RiskLevel.High : RiskLevel.None, Narrative = "Narrative." };
        form.ExtantRisks.FromSuspects[0].Level = high == "suspect" ? RiskLevel.High : RiskLevel.Low;
        form.HighRiskRationale = highRiskRationale;
        var problems = Problems(form);
        Assert.Equal(path is null ? [] : [path], problems.Select(p => p.Path));
        if (path is not null)
        {
            var message = problems[0].Message;
            Assert.StartsWith("Recommendation:", message, StringComparison.Ordinal);
            var which = high switch { "victim" => "the risk to the victim", "others" => "the risk to other children", _ => "the risk from Gary Ashdown (MPS-P11)" };
            Assert.Contains(which, message, StringComparison.Ordinal);
        }
        Assert.Equal(recommendation == Recommendation.NoFurtherAction && high != "none", ReviewFormRules.NeedsHighRiskAcknowledgement(form));
    }

    public static TheoryData<int, string?, bool> NoLinesCases => new()
    {
        { 1, null, true },
        { 2, null, true },
        { 0, null, false },
        { 0, "  ", false },
        { 0, "The original investigation exhausted every line; the suspect has since died.", true },
    };

    [Theory]
    [MemberData(nameof(NoLinesCases))]
    public void Zero_lines_of_enquiry_needs_a_reason(int lines, string? reason, bool ok)
    {
        var form = ReviewWorld.CompleteForm();
        var line = form.LinesOfEnquiry[0];
        form.LinesOfEnquiry = [.. Enumerable.Range(0, lines).Select(_ => new LineOfEnquiry { Category = line.Category, Description = line.Description })];
        form.NoLinesOfEnquiryReason = reason;
        var problems = Problems(form);
        Assert.Equal(ok ? [] : ["no_lines_of_enquiry_reason"], problems.Select(p => p.Path));
        if (!ok) Assert.StartsWith("Lines of enquiry:", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_new_fields_round_trip_through_the_stored_json_with_snake_case_names()
    {
        var form = ReviewWorld.CompleteForm();
        form.NoLinesOfEnquiryReason = "a";
        form.NoSafeguardingReferralReason = "b";
        form.HighRiskRationale = "c";
        form.LeadDecisions.Add(new LeadDecision { Key = "data_gap|MPS-P11|", Decision = LeadVerdict.Dismissed, Reason = "d" });
        var json = form.ToJson();
        Assert.Contains("\"no_lines_of_enquiry_reason\":\"a\"", json, StringComparison.Ordinal);
        Assert.Contains("\"no_safeguarding_referral_reason\":\"b\"", json, StringComparison.Ordinal);
        Assert.Contains("\"high_risk_rationale\":\"c\"", json, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"dismissed\"", json, StringComparison.Ordinal);
        var back = ReviewForm.FromJson(json);
        Assert.Equal(("a", "b", "c"), (back.NoLinesOfEnquiryReason, back.NoSafeguardingReferralReason, back.HighRiskRationale));
        Assert.Equal(LeadVerdict.Dismissed, Assert.Single(back.LeadDecisions).Decision);
    }
}
