using System.Globalization;
using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Reviews;

/// <summary>
/// Something the form lacks or gets wrong, in plain English, with the path of the field it is about (the form's
/// snake_case JSON names: <c>extant_risks.to_victim.narrative</c>, <c>lines_of_enquiry[0].category</c>,
/// <c>opportunities[person_id=12].kind</c>), so the workbench can show it next to the field.
/// </summary>
public sealed record ReviewProblem(string Path, string Message);

/// <summary>A suspect of the investigation under review, as the form names them.</summary>
public sealed record SuspectRef(long PersonId, string Name);

/// <summary>
/// The rules of the review form (docs/review-form.md): what a submission needs, and what even a draft may not do (move a line of
/// enquiry backwards).
/// </summary>
public static class ReviewFormRules
{
    /// <summary>
    /// Everything that stops <paramref name="form"/> being submitted, in the order of the form; empty when it can be.
    /// </summary>
    /// <param name="form">The form as the reviewer left it.</param>
    /// <param name="suspects">The investigation's suspects: each needs a risk and an opportunity.</param>
    /// <param name="today">Referral dates may not be later than this.</param>
    public static IReadOnlyList<ReviewProblem> ForSubmission(ReviewForm form, IReadOnlyList<SuspectRef> suspects, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(suspects);
        var problems = new List<ReviewProblem>();
        void Add(string path, string message) => problems.Add(new(path, message));
        var suspectIds = suspects.Select(s => s.PersonId).ToHashSet();

        // 1. Lines of enquiry: the list may be empty (the review found none), but each line must say what it is.
        for (var i = 0; i < form.LinesOfEnquiry.Count; i++)
        {
            var line = form.LinesOfEnquiry[i];
            var path = $"lines_of_enquiry[{i}]";
            if (line.Category is null) Add($"{path}.category", $"Line of enquiry {i + 1}: choose a category.");
            if (Blank(line.Description)) Add($"{path}.description", $"Line of enquiry {i + 1}: describe the line of enquiry.");
        }
        if (form.LinesOfEnquiry.Count == 0 && Blank(form.NoLinesOfEnquiryReason))
            Add("no_lines_of_enquiry_reason", "Lines of enquiry: the review records none; add a line of enquiry or say why there is none to follow.");

        // 2. Extant risks.
        CheckRisk(form.ExtantRisks.ToVictim, "extant_risks.to_victim", "the risk to the victim", Add);
        CheckRisk(form.ExtantRisks.ToOtherChildren, "extant_risks.to_other_children", "the risk to other children", Add);
        foreach (var suspect in suspects)
        {
            var path = $"extant_risks.from_suspects[person_id={suspect.PersonId}]";
            var risk = form.ExtantRisks.FromSuspects.FirstOrDefault(r => r.PersonId == suspect.PersonId);
            CheckRisk(new RiskAssessment { Level = risk?.Level, Narrative = risk?.Narrative }, path, $"the risk from {suspect.Name}", Add);
        }
        foreach (var risk in form.ExtantRisks.FromSuspects.Where(r => !suspectIds.Contains(r.PersonId)))
            Add($"extant_risks.from_suspects[person_id={risk.PersonId}]", $"Extant risks: person {risk.PersonId} is not a suspect in this investigation.");

        // 3. Safeguarding referrals: each one complete.
        for (var i = 0; i < form.SafeguardingReferrals.Count; i++)
        {
            var referral = form.SafeguardingReferrals[i];
            var path = $"safeguarding_referrals[{i}]";
            if (referral.Agency is null) Add($"{path}.agency", $"Safeguarding referral {i + 1}: choose the agency it went to.");
            if (Blank(referral.Reason)) Add($"{path}.reason", $"Safeguarding referral {i + 1}: give the reason for the referral.");
            if (referral.DateSent is null) Add($"{path}.date_sent", $"Safeguarding referral {i + 1}: give the date it was sent.");
            else if (referral.DateSent > today)
                Add($"{path}.date_sent", $"Safeguarding referral {i + 1}: the date sent ({referral.DateSent.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) is in the future.");
        }

        // A medium or high risk to the victim or to other children is a safeguarding matter: a referral, or why there is none.
        if (form.SafeguardingReferrals.Count == 0 && Blank(form.NoSafeguardingReferralReason))
        {
            foreach (var (risk, what) in new[] { (form.ExtantRisks.ToVictim, "the risk to the victim"), (form.ExtantRisks.ToOtherChildren, "the risk to other children") })
            {
                if (risk.Level is RiskLevel.Medium or RiskLevel.High)
                {
                    Add("no_safeguarding_referral_reason",
                        $"Safeguarding referrals: {what} is {Token.Of(risk.Level.Value)}; record a safeguarding referral, or the reason why none was made.");
                    break;
                }
            }
        }

        // 4. Opportunities to bring offenders to justice: one per suspect, always with a narrative.
        foreach (var suspect in suspects)
        {
            var path = $"opportunities[person_id={suspect.PersonId}]";
            var opportunity = form.Opportunities.FirstOrDefault(o => o.PersonId == suspect.PersonId);
            if (opportunity?.Kind is null)
                Add($"{path}.kind", $"Opportunities: choose the opportunity to bring {suspect.Name} to justice (or none).");
            if (Blank(opportunity?.Narrative))
                Add($"{path}.narrative", $"Opportunities: explain the opportunity for {suspect.Name}.");
        }
        foreach (var opportunity in form.Opportunities.Where(o => !suspectIds.Contains(o.PersonId)))
            Add($"opportunities[person_id={opportunity.PersonId}]", $"Opportunities: person {opportunity.PersonId} is not a suspect in this investigation.");

        // 5. Victim contact and consent.
        if (form.VictimConsent is null)
            Add("victim_consent", "Victim contact: record whether the victim consents to re-investigation, declines, has not yet been contacted, or contact is not appropriate.");
        else if (form.VictimConsent != VictimConsent.Consents && ReviewForm.IsReinvestigation(form.Recommendation) && Blank(form.ReasonToProceedWithoutConsent))
            Add("reason_to_proceed_without_consent", "Victim contact: re-investigation is recommended without the victim's consent; record why it should go ahead without it.");

        // 6. Data gaps closed: only suspects, only valid codes, and something found.
        for (var i = 0; i < form.DataGapsClosed.Count; i++)
        {
            var gap = form.DataGapsClosed[i];
            var path = $"data_gaps_closed[{i}]";
            if (!suspectIds.Contains(gap.PersonId))
                Add($"{path}.person_id", $"Data gap {i + 1}: choose one of the investigation's suspects.");
            if (Blank(gap.SelfDefinedEthnicity) && Blank(gap.Nationality))
                Add(path, $"Data gap {i + 1}: give the self-defined ethnicity or the nationality the review found.");
            if (!Blank(gap.SelfDefinedEthnicity) && SelfDefinedEthnicities.Find(gap.SelfDefinedEthnicity) is null)
                Add($"{path}.self_defined_ethnicity", $"Data gap {i + 1}: '{gap.SelfDefinedEthnicity!.Trim()}' is not a self-defined ethnicity code (18+1, or NS).");
            if (!Blank(gap.Nationality) && !IsCountryCode(gap.Nationality!))
                Add($"{path}.nationality", $"Data gap {i + 1}: nationality must be a three-letter ISO 3166-1 country code, such as GBR.");
        }
        foreach (var duplicate in form.DataGapsClosed.GroupBy(g => g.PersonId).Where(g => g.Count() > 1))
            Add("data_gaps_closed", $"Data gaps: person {duplicate.Key} appears more than once.");

        // 7. Recommendation and rationale.
        if (form.Recommendation is null) Add("recommendation", "Recommendation: choose a recommendation.");
        if (Blank(form.Rationale)) Add("rationale", "Recommendation: give the rationale for the recommendation.");
        if (form.Recommendation == Recommendation.NoFurtherAction && HighRisks(form, suspects) is { Count: > 0 } high)
        {
            var which = string.Join(", ", high);
            var text = form.HighRiskRationale?.Trim() ?? "";
            if (text.Length == 0)
                Add("high_risk_rationale", $"Recommendation: no further action is recommended although {which} is high; give a high-risk rationale saying why no further action is right despite that risk.");
            else if (text.Length < HighRiskRationaleMinimumLength)
                Add("high_risk_rationale", $"Recommendation: the high-risk rationale is too short to address {which} ({text.Length} characters; at least {HighRiskRationaleMinimumLength}).");
            else if (string.Equals(text, form.Rationale?.Trim(), StringComparison.OrdinalIgnoreCase))
                Add("high_risk_rationale", $"Recommendation: the high-risk rationale repeats the general rationale; say specifically why no further action is right despite {which}.");
        }
        return problems;
    }

    /// <summary>The fewest characters a high-risk rationale may have: a sentence that addresses the risk, not a word.</summary>
    public const int HighRiskRationaleMinimumLength = 50;

    /// <summary>
    /// The risks the form rates <c>high</c>, as a sentence names them ("the risk to the victim", "the risk from NAME"), in the
    /// order of the form.
    /// </summary>
    /// <param name="form">The form.</param>
    /// <param name="suspects">Names the suspects; a suspect not among them is named by person id.</param>
    public static IReadOnlyList<string> HighRisks(ReviewForm form, IReadOnlyList<SuspectRef>? suspects = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var high = new List<string>();
        if (form.ExtantRisks.ToVictim.Level == RiskLevel.High) high.Add("the risk to the victim");
        if (form.ExtantRisks.ToOtherChildren.Level == RiskLevel.High) high.Add("the risk to other children");
        foreach (var risk in form.ExtantRisks.FromSuspects.Where(r => r.Level == RiskLevel.High))
        {
            var name = suspects?.FirstOrDefault(s => s.PersonId == risk.PersonId)?.Name
                ?? "person " + risk.PersonId.ToString(CultureInfo.InvariantCulture);
            high.Add("the risk from " + name);
        }
        return high;
    }

    /// <summary>
    /// Whether a supervisor must explicitly acknowledge the high-risk rationale to approve the form: it recommends
    /// <c>no_further_action</c> alongside a <c>high</c> risk.
    /// </summary>
    public static bool NeedsHighRiskAcknowledgement(ReviewForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form.Recommendation == Recommendation.NoFurtherAction && HighRisks(form).Count > 0;
    }

    /// <summary>
    /// What even a draft may not do, compared with the saved form: move a line of enquiry's status backwards, or drop a
    /// line that has gone beyond <c>proposed</c> (it is an action someone may be working on).
    /// </summary>
    public static IReadOnlyList<ReviewProblem> ForDraft(ReviewForm saved, ReviewForm form)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<ReviewProblem>();
        var incoming = form.LinesOfEnquiry.Where(l => l.Number > 0).GroupBy(l => l.Number).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (number, lines) in incoming.Where(kv => kv.Value.Count > 1))
            problems.Add(new($"lines_of_enquiry[{form.LinesOfEnquiry.IndexOf(lines[1])}]", $"Line of enquiry {number} appears more than once."));
        foreach (var old in saved.LinesOfEnquiry)
        {
            if (!incoming.TryGetValue(old.Number, out var lines))
            {
                if (old.Status != EnquiryStatus.Proposed)
                    problems.Add(new("lines_of_enquiry", $"Line of enquiry {old.Number} is {Token.Of(old.Status)} and cannot be removed; file it instead."));
                continue;
            }
            var line = lines[0];
            if (line.Status < old.Status)
                problems.Add(new($"lines_of_enquiry[{form.LinesOfEnquiry.IndexOf(line)}].status",
                    $"Line of enquiry {old.Number} is already {Token.Of(old.Status)}; its status can only move forward, not back to {Token.Of(line.Status)}."));
        }
        var known = saved.LinesOfEnquiry.Select(l => l.Number).ToHashSet();
        for (var i = 0; i < form.LinesOfEnquiry.Count; i++)
        {
            var line = form.LinesOfEnquiry[i];
            if (line.Number > 0 && !known.Contains(line.Number))
                problems.Add(new($"lines_of_enquiry[{i}]", $"Line of enquiry {line.Number} is not part of this review; add it as a new line."));
        }
        return problems;
    }

    /// <summary>
    /// What even a draft may not do with lead decisions: dismiss a lead without a reason, decide one lead twice, or decide a
    /// lead the case does not have (a key that is neither a current lead nor already decided in the saved form).
    /// </summary>
    public static IReadOnlyList<ReviewProblem> ForLeadDecisions(ReviewForm saved, ReviewForm form, ReviewLeadSet leads)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(leads);
        var problems = new List<ReviewProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < form.LeadDecisions.Count; i++)
        {
            var decision = form.LeadDecisions[i];
            var path = $"lead_decisions[{i}]";
            var lead = leads.Find(decision.Key);
            var known = lead is not null || saved.LeadDecisions.Any(d => d.Key == decision.Key && d.Decision is not null);
            if (!known)
            {
                problems.Add(new($"{path}.key", $"Leads: this case has no lead '{decision.Key}' (the leads may have changed since the page was opened)."));
                continue;
            }
            if (!seen.Add(decision.Key))
                problems.Add(new($"{path}.key", $"Leads: the lead \"{lead?.Evidence ?? decision.Evidence ?? decision.Key}\" is decided more than once."));
            if (decision.Decision == LeadVerdict.Dismissed && Blank(decision.Reason))
                problems.Add(new($"{path}.reason", $"Leads: give the reason for dismissing the lead \"{lead?.Evidence ?? decision.Evidence ?? decision.Key}\"."));
        }
        return problems;
    }

    /// <summary>
    /// The current leads the form neither accepts nor dismisses, each a problem in the part of the form the lead answers:
    /// a review cannot be submitted while any is undecided.
    /// </summary>
    public static IReadOnlyList<ReviewProblem> ForUndecidedLeads(ReviewForm form, ReviewLeadSet leads)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(leads);
        var decided = form.LeadDecisions.Where(d => d.Decision is not null).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        return [.. leads.Leads.Where(l => !decided.Contains(l.Key)).Select(l => new ReviewProblem($"lead_decisions[key={l.Key}]",
            $"{PartName(l.Question)}: accept the lead \"{l.Evidence}\" into the form, or dismiss it with a reason."))];
    }

    /// <summary>The form part a lead answers, as the messages name it.</summary>
    public static string PartName(Leads.ReviewQuestion question) => question switch
    {
        Leads.ReviewQuestion.LinesOfEnquiry => "Lines of enquiry",
        Leads.ReviewQuestion.ExtantRisks => "Extant risks",
        Leads.ReviewQuestion.Safeguarding => "Safeguarding referrals",
        Leads.ReviewQuestion.Opportunities => "Opportunities",
        _ => "Data gaps",
    };

    /// <summary>Gives each new line of enquiry (number 0) the next free number, after the saved form's.</summary>
    public static void NumberNewLines(ReviewForm saved, ReviewForm form)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(form);
        var next = saved.LinesOfEnquiry.Concat(form.LinesOfEnquiry).Select(l => l.Number).DefaultIfEmpty(0).Max() + 1;
        foreach (var line in form.LinesOfEnquiry.Where(l => l.Number <= 0)) line.Number = next++;
    }

    private static void CheckRisk(RiskAssessment risk, string path, string what, Action<string, string> add)
    {
        if (risk.Level is null) add($"{path}.level", $"Extant risks: choose the level of {what} (none, low, medium or high).");
        else if (risk.Level != RiskLevel.None && Blank(risk.Narrative))
            add($"{path}.narrative", $"Extant risks: describe {what}; a narrative is needed when the risk is not none.");
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static bool IsCountryCode(string text)
    {
        var t = text.Trim();
        return t.Length == 3 && t.All(char.IsAsciiLetter);
    }
}
