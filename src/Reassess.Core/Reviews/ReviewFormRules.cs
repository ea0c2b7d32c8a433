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
/// The rules of the review form (review.md): what a submission needs, and what even a draft may not do (move a line of
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
        return problems;
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
