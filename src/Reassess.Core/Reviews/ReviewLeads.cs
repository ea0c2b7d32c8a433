using Reassess.Leads;
using Reassess.Records;

namespace Reassess.Reviews;

/// <summary>
/// A lead (docs/leads.md) as the review shows it to the case's force: its stable <see cref="Key"/>, the evidence with another
/// force's investigation only as "an investigation (FORCE)", and the form items it proposes, prefilled.
/// </summary>
/// <param name="Key">
/// <c>kind|subject|value</c>, the lead's own key (<see cref="Lead.Key"/>), except that the value of a lead naming another
/// force's investigation is <c>FORCE#ID</c> (that investigation's stored id) instead of its crime reference, so the key can be
/// written into the workbench's page without naming another force's case.
/// </param>
/// <param name="Kind">The lead's kind.</param>
/// <param name="SubjectPersonId">The person the lead concerns (<c>Person.Id</c>), if any.</param>
/// <param name="SubjectRef">That person's <c>person_id</c> in the case's force.</param>
/// <param name="Evidence">The evidence as the case's force sees it (<see cref="Lead.EvidenceInForce"/>).</param>
/// <param name="Proposals">The form items the lead proposes, prefilled with the evidence.</param>
public sealed record ReviewLead(string Key, LeadKind Kind, long? SubjectPersonId, string? SubjectRef, string Evidence, IReadOnlyList<LeadProposal> Proposals)
{
    /// <summary>The kind's token, e.g. <c>later_offending</c>.</summary>
    public string KindToken => Token.Of(Kind);

    /// <summary>The part of the form the lead answers first: where the review proposes it.</summary>
    public ReviewQuestion Question => Proposals.Count > 0 ? Proposals[0].Question : ReviewQuestion.LinesOfEnquiry;

    /// <summary>The lead as the case's force may see it.</summary>
    public static ReviewLead From(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var value = lead.OtherInvestigation is { } other && !string.Equals(other.Force, lead.Force, StringComparison.OrdinalIgnoreCase)
            ? other.Force + "#" + other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : lead.Value;
        return new ReviewLead(Lead.KeyOf(lead.Kind, lead.SubjectRef, value), lead.Kind, lead.SubjectPersonId, lead.SubjectRef, lead.EvidenceInForce, lead.Proposals);
    }
}

/// <summary>The current leads of a case, or why they cannot be found (<see cref="Unavailable"/>).</summary>
public sealed record ReviewLeadSet(IReadOnlyList<ReviewLead> Leads, string? Unavailable)
{
    public static readonly ReviewLeadSet None = new([], null);

    public ReviewLead? Find(string? key) => Leads.FirstOrDefault(l => string.Equals(l.Key, key, StringComparison.Ordinal));
}

/// <summary>
/// What accepting or dismissing a lead does to the form (docs/leads.md, docs/review-form.md): accepting puts each item the lead proposes
/// into the form, prefilled and editable; dismissing needs a reason. Neither saves anything: the form is saved as a draft or
/// submitted as usual, and <see cref="ReviewService"/> checks and audits the decisions then.
/// </summary>
public static class LeadDecisions
{
    /// <summary>The level a risk a lead proposes is raised to (never lowered): high for later offending, medium otherwise.</summary>
    public static RiskLevel SuggestedLevel(LeadKind kind) => kind == LeadKind.LaterOffending ? RiskLevel.High : RiskLevel.Medium;

    /// <summary>
    /// The part of the form a decision's lead answers, from its kind (the first item the kind proposes, docs/leads.md): where the
    /// review shows it.
    /// </summary>
    public static ReviewQuestion QuestionOf(LeadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var kind = decision.Kind ?? decision.Key.Split('|')[0];
        return kind switch
        {
            "later_offending" or "access_to_children" => ReviewQuestion.ExtantRisks,
            "victim_still_child" => ReviewQuestion.Safeguarding,
            "suspect_deceased" => ReviewQuestion.Opportunities,
            "data_gap" => ReviewQuestion.DataGaps,
            _ => ReviewQuestion.LinesOfEnquiry,
        };
    }

    /// <summary>The decision entry of <paramref name="lead"/> in <paramref name="form"/>, added (undecided) if missing.</summary>
    public static LeadDecision EntryFor(ReviewForm form, ReviewLead lead)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(lead);
        var entry = form.LeadDecisions.FirstOrDefault(d => d.Key == lead.Key);
        if (entry is null)
        {
            entry = new LeadDecision { Key = lead.Key };
            form.LeadDecisions.Add(entry);
        }
        entry.Kind = lead.KindToken;
        entry.Subject = lead.SubjectRef;
        entry.Evidence = lead.Evidence;
        return entry;
    }

    /// <summary>Adds an undecided entry for every lead the form does not mention yet, in the leads' order.</summary>
    public static void Complete(ReviewForm form, IReadOnlyList<ReviewLead> leads)
    {
        ArgumentNullException.ThrowIfNull(leads);
        foreach (var lead in leads) EntryFor(form, lead);
    }

    /// <summary>
    /// Accepts <paramref name="lead"/>: each item it proposes goes into the form, prefilled with its evidence — a line of
    /// enquiry (category, description), a risk (level raised to <see cref="SuggestedLevel"/>, evidence added to the
    /// narrative), a safeguarding referral (agency, reason; the date is the reviewer's to give), an opportunity for the
    /// suspect (kind, evidence added to the narrative), or a data-gap row for the suspect. Accepting twice adds nothing more.
    /// </summary>
    public static void Accept(ReviewForm form, ReviewLead lead)
    {
        var entry = EntryFor(form, lead);
        if (entry.Decision == LeadVerdict.Accepted) return;
        entry.Decision = LeadVerdict.Accepted;
        entry.Reason = null;
        foreach (var p in lead.Proposals)
        {
            switch (p.Question)
            {
                case ReviewQuestion.LinesOfEnquiry:
                    form.LinesOfEnquiry.Add(new LineOfEnquiry { Category = p.Category ?? EnquiryCategory.Other, Description = p.Text });
                    break;
                case ReviewQuestion.ExtantRisks:
                    var level = SuggestedLevel(lead.Kind);
                    switch (p.Risk)
                    {
                        case RiskTarget.Victim: Raise(form.ExtantRisks.ToVictim, level, p.Text); break;
                        case RiskTarget.OtherChildren: Raise(form.ExtantRisks.ToOtherChildren, level, p.Text); break;
                        default:
                            var id = p.SuspectPersonId ?? lead.SubjectPersonId ?? 0;
                            var risk = form.ExtantRisks.FromSuspects.FirstOrDefault(r => r.PersonId == id);
                            if (risk is null) form.ExtantRisks.FromSuspects.Add(risk = new SuspectRisk { PersonId = id });
                            var assessment = new RiskAssessment { Level = risk.Level, Narrative = risk.Narrative };
                            Raise(assessment, level, p.Text);
                            (risk.Level, risk.Narrative) = (assessment.Level, assessment.Narrative);
                            break;
                    }
                    break;
                case ReviewQuestion.Safeguarding:
                    form.SafeguardingReferrals.Add(new SafeguardingReferral { Agency = p.Agency, Reason = p.Text });
                    break;
                case ReviewQuestion.Opportunities:
                    {
                        var id = p.SuspectPersonId ?? lead.SubjectPersonId ?? 0;
                        var opportunity = form.Opportunities.FirstOrDefault(o => o.PersonId == id);
                        if (opportunity is null) form.Opportunities.Add(opportunity = new SuspectOpportunity { PersonId = id });
                        opportunity.Kind = p.Opportunity;
                        opportunity.Narrative = Append(opportunity.Narrative, p.Text);
                        break;
                    }
                case ReviewQuestion.DataGaps:
                    {
                        var id = p.SuspectPersonId ?? lead.SubjectPersonId ?? 0;
                        if (!form.DataGapsClosed.Any(g => g.PersonId == id)) form.DataGapsClosed.Add(new DataGapClosure { PersonId = id });
                        break;
                    }
            }
        }
    }

    /// <summary>
    /// Dismisses <paramref name="lead"/> with <paramref name="reason"/>; refused (nothing changes) without a reason.
    /// </summary>
    /// <returns>The problem when refused; null when dismissed.</returns>
    public static ReviewProblem? Dismiss(ReviewForm form, ReviewLead lead, string? reason)
    {
        var entry = EntryFor(form, lead);
        if (string.IsNullOrWhiteSpace(reason))
            return new ReviewProblem($"lead_decisions[{form.LeadDecisions.IndexOf(entry)}].reason",
                $"Leads: give the reason for dismissing the lead \"{lead.Evidence}\".");
        entry.Decision = LeadVerdict.Dismissed;
        entry.Reason = reason.Trim();
        return null;
    }

    private static void Raise(RiskAssessment risk, RiskLevel level, string text)
    {
        if (risk.Level is null || risk.Level < level) risk.Level = level;
        risk.Narrative = Append(risk.Narrative, text);
    }

    private static string Append(string? narrative, string text) =>
        string.IsNullOrWhiteSpace(narrative) ? text
        : narrative.Contains(text, StringComparison.Ordinal) ? narrative
        : narrative.TrimEnd() + "\n" + text;
}
