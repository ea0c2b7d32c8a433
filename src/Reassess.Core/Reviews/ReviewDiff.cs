using System.Globalization;
using Reassess.Records;

namespace Reassess.Reviews;

/// <summary>How one answer of a review differs between two versions.</summary>
public enum ReviewChangeKind { Added, Removed, Changed }

/// <summary>
/// One difference between two versions of a review form, in the words of the form: <paramref name="Label"/> names the
/// answer ("Line of enquiry 2: status", "Risk from Dorian Quill (FA-S1): level"), <paramref name="Before"/> and
/// <paramref name="After"/> are its plain values (null when the answer or the item was not there).
/// </summary>
public sealed record ReviewChange(string Part, string Label, ReviewChangeKind Kind, string? Before, string? After);

/// <summary>
/// What changed between two submitted versions of a review, field by field, for the supervisor signing off a resubmitted
/// review (issue 21, item 3). Lines of enquiry are matched by their number, risks, opportunities and data gaps by the
/// suspect, lead decisions by the lead, referrals by their place in the list; an item present on one side only is one
/// <see cref="ReviewChangeKind.Added"/> or <see cref="ReviewChangeKind.Removed"/> change summarising it.
/// </summary>
public static class ReviewDiff
{
    public const string LinesOfEnquiry = "Lines of enquiry";
    public const string ExtantRisks = "Extant risks";
    public const string Safeguarding = "Safeguarding referrals";
    public const string Opportunities = "Opportunities to bring offenders to justice";
    public const string VictimContact = "Victim contact and consent";
    public const string DataGaps = "Data gaps closed";
    public const string Recommendation = "Recommendation";
    public const string Leads = "Leads from the records";

    /// <param name="before">The earlier version's form.</param>
    /// <param name="after">The later version's form.</param>
    /// <param name="suspectName">The suspect's name as the form shows it, by person id.</param>
    /// <returns>The changes in the order of the form's parts; none when the two forms answer the same.</returns>
    public static IReadOnlyList<ReviewChange> Between(ReviewForm before, ReviewForm after, Func<long, string> suspectName)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(suspectName);
        var changes = new List<ReviewChange>();

        // 1. Lines of enquiry, by number (the service numbers each new line when it is stored).
        var oldLines = before.LinesOfEnquiry.ToDictionary(l => l.Number);
        var newLines = after.LinesOfEnquiry.ToDictionary(l => l.Number);
        foreach (var number in oldLines.Keys.Union(newLines.Keys).Order())
        {
            var label = $"Line of enquiry {number}";
            oldLines.TryGetValue(number, out var o);
            newLines.TryGetValue(number, out var n);
            if (o is null) changes.Add(new(LinesOfEnquiry, label, ReviewChangeKind.Added, null, Summary(n!)));
            else if (n is null) changes.Add(new(LinesOfEnquiry, label, ReviewChangeKind.Removed, Summary(o), null));
            else
            {
                Field(LinesOfEnquiry, label + ": category", Words(o.Category), Words(n.Category));
                Field(LinesOfEnquiry, label + ": status", Words((EnquiryStatus?)o.Status), Words((EnquiryStatus?)n.Status));
                Field(LinesOfEnquiry, label + ": description", o.Description, n.Description);
            }
        }
        Field(LinesOfEnquiry, "Why there is no line of enquiry", before.NoLinesOfEnquiryReason, after.NoLinesOfEnquiryReason);

        // 2. Extant risks.
        Risk("Risk to the victim", before.ExtantRisks.ToVictim.Level, before.ExtantRisks.ToVictim.Narrative,
            after.ExtantRisks.ToVictim.Level, after.ExtantRisks.ToVictim.Narrative);
        Risk("Risk to other children", before.ExtantRisks.ToOtherChildren.Level, before.ExtantRisks.ToOtherChildren.Narrative,
            after.ExtantRisks.ToOtherChildren.Level, after.ExtantRisks.ToOtherChildren.Narrative);
        foreach (var id in PeopleIn(before.ExtantRisks.FromSuspects.Select(r => r.PersonId), after.ExtantRisks.FromSuspects.Select(r => r.PersonId)))
        {
            var o = before.ExtantRisks.FromSuspects.FirstOrDefault(r => r.PersonId == id);
            var n = after.ExtantRisks.FromSuspects.FirstOrDefault(r => r.PersonId == id);
            Risk("Risk from " + suspectName(id), o?.Level, o?.Narrative, n?.Level, n?.Narrative);
        }

        // 3. Safeguarding referrals, by place in the list.
        for (var i = 0; i < Math.Max(before.SafeguardingReferrals.Count, after.SafeguardingReferrals.Count); i++)
        {
            var label = $"Safeguarding referral {i + 1}";
            var o = i < before.SafeguardingReferrals.Count ? before.SafeguardingReferrals[i] : null;
            var n = i < after.SafeguardingReferrals.Count ? after.SafeguardingReferrals[i] : null;
            if (o is null) changes.Add(new(Safeguarding, label, ReviewChangeKind.Added, null, Summary(n!)));
            else if (n is null) changes.Add(new(Safeguarding, label, ReviewChangeKind.Removed, Summary(o), null));
            else
            {
                Field(Safeguarding, label + ": agency", Words(o.Agency), Words(n.Agency));
                Field(Safeguarding, label + ": reason", o.Reason, n.Reason);
                Field(Safeguarding, label + ": date sent", Date(o.DateSent), Date(n.DateSent));
            }
        }
        Field(Safeguarding, "Why no referral was made", before.NoSafeguardingReferralReason, after.NoSafeguardingReferralReason);

        // 4. Opportunities, by suspect.
        foreach (var id in PeopleIn(before.Opportunities.Select(o => o.PersonId), after.Opportunities.Select(o => o.PersonId)))
        {
            var o = before.Opportunities.FirstOrDefault(x => x.PersonId == id);
            var n = after.Opportunities.FirstOrDefault(x => x.PersonId == id);
            var label = "Opportunity for " + suspectName(id);
            Field(Opportunities, label, Words(o?.Kind), Words(n?.Kind));
            Field(Opportunities, label + ": narrative", o?.Narrative, n?.Narrative);
        }

        // 5. Victim contact and consent.
        Field(VictimContact, "Victim's position on re-investigation", Words(before.VictimConsent), Words(after.VictimConsent));
        Field(VictimContact, "Reason to re-investigate without consent", before.ReasonToProceedWithoutConsent, after.ReasonToProceedWithoutConsent);

        // 6. Data gaps closed, by suspect.
        foreach (var id in PeopleIn(before.DataGapsClosed.Select(g => g.PersonId), after.DataGapsClosed.Select(g => g.PersonId)))
        {
            var o = before.DataGapsClosed.FirstOrDefault(g => g.PersonId == id);
            var n = after.DataGapsClosed.FirstOrDefault(g => g.PersonId == id);
            Field(DataGaps, suspectName(id) + ": self-defined ethnicity", o?.SelfDefinedEthnicity, n?.SelfDefinedEthnicity);
            Field(DataGaps, suspectName(id) + ": nationality", o?.Nationality, n?.Nationality);
        }

        // 7. Recommendation.
        Field(Recommendation, "Recommendation", Words(before.Recommendation), Words(after.Recommendation));
        Field(Recommendation, "Rationale", before.Rationale, after.Rationale);
        Field(Recommendation, "High-risk rationale", before.HighRiskRationale, after.HighRiskRationale);

        // The reviewer's decisions on the leads the records proposed, by lead.
        foreach (var key in before.LeadDecisions.Select(d => d.Key).Union(after.LeadDecisions.Select(d => d.Key)))
        {
            var o = before.LeadDecisions.FirstOrDefault(d => d.Key == key);
            var n = after.LeadDecisions.FirstOrDefault(d => d.Key == key);
            var what = n?.Evidence ?? o?.Evidence ?? key;
            Field(Leads, "Lead: " + what, Verdict(o), Verdict(n));
        }
        return changes;

        void Field(string part, string label, string? was, string? now)
        {
            was = Clean(was);
            now = Clean(now);
            if (string.Equals(was, now, StringComparison.Ordinal)) return;
            var kind = was is null ? ReviewChangeKind.Added : now is null ? ReviewChangeKind.Removed : ReviewChangeKind.Changed;
            changes.Add(new(part, label, kind, was, now));
        }

        void Risk(string label, RiskLevel? oldLevel, string? oldNarrative, RiskLevel? newLevel, string? newNarrative)
        {
            Field(ExtantRisks, label + ": level", Words(oldLevel), Words(newLevel));
            Field(ExtantRisks, label + ": narrative", oldNarrative, newNarrative);
        }
    }

    private static IEnumerable<long> PeopleIn(IEnumerable<long> before, IEnumerable<long> after) => before.Union(after).Order();

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A form value as the page words it: <c>cctv anpr</c>, <c>not yet contacted</c>.</summary>
    private static string? Words<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Token.Of(v).Replace('_', ' ') : null;

    private static string? Date(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Summary(LineOfEnquiry line) =>
        $"{Words(line.Category) ?? "no category"}, {Words((EnquiryStatus?)line.Status)}: {Clean(line.Description) ?? "no description"}";

    private static string Summary(SafeguardingReferral referral) =>
        $"{Words(referral.Agency) ?? "no agency"}, sent {Date(referral.DateSent) ?? "(no date)"}: {Clean(referral.Reason) ?? "no reason"}";

    private static string? Verdict(LeadDecision? decision) => decision?.Decision switch
    {
        LeadVerdict.Accepted => "accepted",
        LeadVerdict.Dismissed => "dismissed: " + (Clean(decision.Reason) ?? "no reason"),
        _ => null,
    };
}
