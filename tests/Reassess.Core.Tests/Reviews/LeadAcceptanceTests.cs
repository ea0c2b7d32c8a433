using Reassess.Leads;
using Reassess.Reviews;

namespace Reassess.Tests.Reviews;

/// <summary>Accepting a lead puts what it proposes (leads.md, "proposes") into the form, prefilled and editable.</summary>
public class LeadAcceptanceTests
{
    private const long SuspectA = 11;

    private static ReviewLead Lead(LeadKind kind, string? subject, params LeadProposal[] proposals) =>
        new(Reassess.Leads.Lead.KeyOf(kind, subject, ""), kind, subject is null ? null : SuspectA, subject, proposals.FirstOrDefault()?.Text ?? "", proposals);

    [Fact]
    public void An_unrecorded_vehicle_becomes_a_cctv_anpr_line_of_enquiry_described_by_its_evidence()
    {
        const string e = "vehicle AB12CDE is written in the summary (\"a silver car, AB12 CDE\") and recorded nowhere in the investigation";
        var lead = Lead(LeadKind.UnrecordedIdentifier, null, new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: EnquiryCategory.CctvAnpr, Text: e));
        var form = new ReviewForm();
        LeadDecisions.Accept(form, lead);
        var line = Assert.Single(form.LinesOfEnquiry);
        Assert.Equal((EnquiryCategory.CctvAnpr, e, EnquiryStatus.Proposed, 0), (line.Category, line.Description, line.Status, line.Number));
        var decision = Assert.Single(form.LeadDecisions);
        Assert.Equal((lead.Key, LeadVerdict.Accepted, "unrecorded_identifier", e), (decision.Key, decision.Decision!.Value, decision.Kind, decision.Evidence));

        // Accepting again adds nothing more.
        LeadDecisions.Accept(form, lead);
        Assert.Single(form.LinesOfEnquiry);
    }

    [Fact]
    public void Later_offending_raises_the_suspect_s_risk_to_high_and_proposes_new_evidence()
    {
        const string e = "suspect MPS-P11 is a suspect in an investigation (KNT) recorded 2019-03-01, after this one's outcome";
        var lead = Lead(LeadKind.LaterOffending, "MPS-P11",
            new LeadProposal(ReviewQuestion.ExtantRisks, Risk: RiskTarget.FromSuspect, SuspectPersonId: SuspectA, Text: e),
            new LeadProposal(ReviewQuestion.Opportunities, Opportunity: OpportunityKind.NewEvidence, SuspectPersonId: SuspectA, Text: e));
        var form = new ReviewForm();
        form.ExtantRisks.FromSuspects.Add(new SuspectRisk { PersonId = SuspectA, Level = RiskLevel.Low, Narrative = "Lives alone." });
        LeadDecisions.Accept(form, lead);
        var risk = Assert.Single(form.ExtantRisks.FromSuspects);
        Assert.Equal((RiskLevel.High, "Lives alone.\n" + e), (risk.Level, risk.Narrative));
        var opportunity = Assert.Single(form.Opportunities);
        Assert.Equal((SuspectA, OpportunityKind.NewEvidence, e), (opportunity.PersonId, opportunity.Kind, opportunity.Narrative));
    }

    public static TheoryData<LeadKind, RiskTarget, RiskLevel?, RiskLevel> RiskCases => new()
    {
        // kind, target, level before, level after: raised to the suggestion, never lowered
        { LeadKind.AccessToChildren, RiskTarget.OtherChildren, null, RiskLevel.Medium },
        { LeadKind.AccessToChildren, RiskTarget.OtherChildren, RiskLevel.None, RiskLevel.Medium },
        { LeadKind.AccessToChildren, RiskTarget.OtherChildren, RiskLevel.High, RiskLevel.High },
        { LeadKind.VictimStillChild, RiskTarget.Victim, RiskLevel.Low, RiskLevel.Medium },
        { LeadKind.LaterOffending, RiskTarget.FromSuspect, RiskLevel.Medium, RiskLevel.High },
    };

    [Theory]
    [MemberData(nameof(RiskCases))]
    public void A_proposed_risk_is_raised_to_the_suggested_level_never_lowered(LeadKind kind, RiskTarget target, RiskLevel? before, RiskLevel after)
    {
        var form = new ReviewForm();
        form.ExtantRisks.ToVictim.Level = target == RiskTarget.Victim ? before : null;
        form.ExtantRisks.ToOtherChildren.Level = target == RiskTarget.OtherChildren ? before : null;
        if (target == RiskTarget.FromSuspect) form.ExtantRisks.FromSuspects.Add(new SuspectRisk { PersonId = SuspectA, Level = before });
        LeadDecisions.Accept(form, Lead(kind, "MPS-P11", new LeadProposal(ReviewQuestion.ExtantRisks, Risk: target, SuspectPersonId: SuspectA, Text: "evidence")));
        var risk = target switch
        {
            RiskTarget.Victim => form.ExtantRisks.ToVictim.Level,
            RiskTarget.OtherChildren => form.ExtantRisks.ToOtherChildren.Level,
            _ => form.ExtantRisks.FromSuspects[0].Level,
        };
        Assert.Equal(after, risk);
    }

    [Fact]
    public void A_victim_still_a_child_proposes_a_referral_to_children_s_social_care_and_a_risk_to_the_victim()
    {
        const string e = "victim MPS-P13 is 15 on 2026-03-01";
        var lead = Lead(LeadKind.VictimStillChild, "MPS-P13",
            new LeadProposal(ReviewQuestion.Safeguarding, Agency: ReferralAgency.ChildrenSocialCare, Text: e),
            new LeadProposal(ReviewQuestion.ExtantRisks, Risk: RiskTarget.Victim, Text: e));
        var form = new ReviewForm();
        LeadDecisions.Accept(form, lead);
        var referral = Assert.Single(form.SafeguardingReferrals);
        Assert.Equal((ReferralAgency.ChildrenSocialCare, e, (DateOnly?)null), (referral.Agency, referral.Reason, referral.DateSent));
        Assert.Equal((RiskLevel.Medium, e), (form.ExtantRisks.ToVictim.Level, form.ExtantRisks.ToVictim.Narrative));
    }

    [Fact]
    public void A_deceased_suspect_gets_opportunity_none_and_a_data_gap_gets_a_row_to_close()
    {
        var form = new ReviewForm();
        LeadDecisions.Accept(form, Lead(LeadKind.SuspectDeceased, "MPS-P11",
            new LeadProposal(ReviewQuestion.Opportunities, Opportunity: OpportunityKind.None, SuspectPersonId: SuspectA, Text: "suspect MPS-P11 died on 2024-05-01")));
        LeadDecisions.Accept(form, Lead(LeadKind.DataGap, "MPS-P11",
            new LeadProposal(ReviewQuestion.DataGaps, SuspectPersonId: SuspectA, Text: "suspect MPS-P11: nationality not recorded")));
        Assert.Equal((SuspectA, OpportunityKind.None, "suspect MPS-P11 died on 2024-05-01"), (form.Opportunities[0].PersonId, form.Opportunities[0].Kind, form.Opportunities[0].Narrative));
        Assert.Equal(SuspectA, Assert.Single(form.DataGapsClosed).PersonId);
        Assert.Equal(2, form.LeadDecisions.Count(d => d.Decision == LeadVerdict.Accepted));
    }

    [Fact]
    public void A_lead_naming_another_force_s_investigation_is_keyed_without_its_reference()
    {
        var other = new LeadInvestigation(6, "KNT", "KNT-0006");
        var lead = new Lead
        {
            Kind = LeadKind.LinkedSuspect,
            Force = "MPS",
            InvestigationRef = "MPS-0001",
            SubjectPersonId = SuspectA,
            SubjectRef = "MPS-P11",
            Value = other.Label,
            OtherInvestigation = other,
            Evidence = "suspect MPS-P11 is a suspect in KNT/KNT-0006",
            EvidenceInForce = "suspect MPS-P11 is a suspect in an investigation (KNT)",
            Proposals = [new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: EnquiryCategory.Intelligence, SuspectPersonId: SuspectA, Text: "suspect MPS-P11 is a suspect in an investigation (KNT)")],
        };
        var shown = ReviewLead.From(lead);
        Assert.Equal("linked_suspect|MPS-P11|KNT#6", shown.Key);
        Assert.Equal("suspect MPS-P11 is a suspect in an investigation (KNT)", shown.Evidence);
        Assert.DoesNotContain("KNT-0006", shown.Key + shown.Evidence + string.Concat(shown.Proposals.Select(p => p.Text)), StringComparison.Ordinal);

        // The force's own investigation keeps its reference: the key is the lead's own.
        var own = lead with { Value = "MPS/MPS-0002", OtherInvestigation = new LeadInvestigation(2, "MPS", "MPS-0002") };
        Assert.Equal(own.Key, ReviewLead.From(own).Key);
    }
}
