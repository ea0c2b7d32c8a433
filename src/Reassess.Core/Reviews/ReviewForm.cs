using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reassess.Reviews;

// The review form of docs/review-form.md. The four questions come from the re-assessment's stated purpose: "potential missed or
// new investigative lines of enquiry or extant risks, including any safeguarding requirements or opportunities to bring
// offenders to justice". Every answer is optional while drafting; ReviewFormRules says what submission needs.

/// <summary>What kind of work a line of enquiry is (docs/review-form.md, part 1).</summary>
public enum EnquiryCategory { Forensic, Digital, Witness, Suspect, VictimAccount, CctvAnpr, Financial, Intelligence, Other }

/// <summary>
/// A line of enquiry followed as an action: <c>proposed</c> → <c>allocated</c> → <c>completed</c> → <c>resulted</c> →
/// <c>filed</c>. It only moves forward (it may skip a step).
/// </summary>
public enum EnquiryStatus { Proposed, Allocated, Completed, Resulted, Filed }

/// <summary>An extant risk's level (docs/review-form.md, part 2).</summary>
public enum RiskLevel { None, Low, Medium, High }

/// <summary>The agency a safeguarding referral went to (docs/review-form.md, part 3).</summary>
public enum ReferralAgency { ChildrenSocialCare, AdultSocialCare, Mash, Health, Education, Other }

/// <summary>An opportunity to bring a suspect to justice (docs/review-form.md, part 4).</summary>
public enum OpportunityKind { NewEvidence, CpsReview, ChargeFile, Disruption, None }

/// <summary>The victim's position on re-investigation (docs/review-form.md, part 5).</summary>
public enum VictimConsent { Consents, Declines, NotYetContacted, NotAppropriate }

/// <summary>What the reviewer decided about a lead.</summary>
public enum LeadVerdict { Accepted, Dismissed }

/// <summary>The content of a review: the seven parts of the form. Serialised as snake_case JSON with the spec's tokens.</summary>
public sealed class ReviewForm
{
    public List<LineOfEnquiry> LinesOfEnquiry { get; set; } = [];
    /// <summary>Required when the review records no line of enquiry: why there is none to follow.</summary>
    public string? NoLinesOfEnquiryReason { get; set; }
    public ExtantRisks ExtantRisks { get; set; } = new();
    public List<SafeguardingReferral> SafeguardingReferrals { get; set; } = [];
    /// <summary>
    /// Required when a <c>medium</c> or <c>high</c> risk to the victim or to other children is recorded without any
    /// safeguarding referral: why none was made.
    /// </summary>
    public string? NoSafeguardingReferralReason { get; set; }
    /// <summary>One entry per suspect of the investigation.</summary>
    public List<SuspectOpportunity> Opportunities { get; set; } = [];
    public VictimConsent? VictimConsent { get; set; }
    /// <summary>Required when re-investigation is recommended without the victim's consent.</summary>
    public string? ReasonToProceedWithoutConsent { get; set; }
    public List<DataGapClosure> DataGapsClosed { get; set; } = [];
    public Recommendation? Recommendation { get; set; }
    /// <summary>Always required.</summary>
    public string? Rationale { get; set; }
    /// <summary>
    /// Required when <c>no_further_action</c> is recommended although a risk is <c>high</c>: why no further action is right
    /// despite that risk (see <see cref="ReviewFormRules.HighRiskRationaleMinimumLength"/>). The supervisor acknowledges it
    /// explicitly at sign-off.
    /// </summary>
    public string? HighRiskRationale { get; set; }
    /// <summary>
    /// The reviewer's decision on each lead of the case (docs/leads.md): accepted into the form, dismissed with a reason, or not
    /// yet decided. Submission needs a decision on every current lead.
    /// </summary>
    public List<LeadDecision> LeadDecisions { get; set; } = [];

    /// <summary>snake_case names and enum tokens, as the spec writes them.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static string EmptyJson { get; } = new ReviewForm().ToJson();

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ReviewForm FromJson(string json) =>
        string.IsNullOrWhiteSpace(json) ? new ReviewForm() : JsonSerializer.Deserialize<ReviewForm>(json, JsonOptions) ?? new ReviewForm();

    /// <summary>
    /// Re-investigation (locally or by the national operation) needs the victim's consent or a recorded reason to
    /// proceed without it (docs/review-form.md, part 5).
    /// </summary>
    public static bool IsReinvestigation(Recommendation? recommendation) =>
        recommendation is Reviews.Recommendation.ReinvestigateLocally or Reviews.Recommendation.ReferToNationalOperation;
}

/// <summary>A potential missed or new line of enquiry, followed as an action.</summary>
public sealed class LineOfEnquiry
{
    /// <summary>
    /// The line's number within the review, given when it is first saved (0 for a new line). It is how a save is matched to
    /// the saved line, so that a status can only move forward.
    /// </summary>
    public int Number { get; set; }
    public EnquiryCategory? Category { get; set; }
    public string? Description { get; set; }
    public EnquiryStatus Status { get; set; } = EnquiryStatus.Proposed;
}

/// <summary>Extant risks: to the victim, to other children, and from each suspect.</summary>
public sealed class ExtantRisks
{
    public RiskAssessment ToVictim { get; set; } = new();
    public RiskAssessment ToOtherChildren { get; set; } = new();
    /// <summary>One entry per suspect of the investigation.</summary>
    public List<SuspectRisk> FromSuspects { get; set; } = [];
}

/// <summary>A risk's level, with a narrative whenever it is not <c>none</c>.</summary>
public sealed class RiskAssessment
{
    public RiskLevel? Level { get; set; }
    public string? Narrative { get; set; }
}

/// <summary>The risk one suspect poses.</summary>
public sealed class SuspectRisk
{
    /// <summary>The suspect's person record (<c>Person.Id</c>).</summary>
    public long PersonId { get; set; }
    public RiskLevel? Level { get; set; }
    public string? Narrative { get; set; }
}

/// <summary>A safeguarding referral made because of the review.</summary>
public sealed class SafeguardingReferral
{
    public ReferralAgency? Agency { get; set; }
    public string? Reason { get; set; }
    public DateOnly? DateSent { get; set; }
}

/// <summary>The opportunity to bring one suspect to justice, with a narrative.</summary>
public sealed class SuspectOpportunity
{
    /// <summary>The suspect's person record (<c>Person.Id</c>).</summary>
    public long PersonId { get; set; }
    public OpportunityKind? Kind { get; set; }
    public string? Narrative { get; set; }
}

/// <summary>
/// A data gap the review closed for a suspect: the self-defined ethnicity (18+1 code) and/or nationality (ISO 3166-1
/// alpha-3) it found. On submission these update the person record, with the earlier value kept in its history.
/// </summary>
public sealed class DataGapClosure
{
    /// <summary>The suspect's person record (<c>Person.Id</c>).</summary>
    public long PersonId { get; set; }
    public string? SelfDefinedEthnicity { get; set; }
    public string? Nationality { get; set; }
}

/// <summary>
/// The reviewer's decision on one lead. <see cref="Key"/> names the lead stably (<see cref="ReviewLead.Key"/>); the kind,
/// subject and evidence are copied from the lead by <see cref="ReviewService"/> when the form is saved, so a version shows
/// what was decided even after the records change.
/// </summary>
public sealed class LeadDecision
{
    /// <summary>The lead's key within the case: <c>kind|subject|value</c> (<see cref="ReviewLead.Key"/>).</summary>
    public string Key { get; set; } = "";
    /// <summary>Null while the lead is undecided.</summary>
    public LeadVerdict? Decision { get; set; }
    /// <summary>Required when the lead is dismissed.</summary>
    public string? Reason { get; set; }
    /// <summary>The lead's kind token (<c>later_offending</c>…), set by the service.</summary>
    public string? Kind { get; set; }
    /// <summary>The person the lead concerns (<c>person_id</c> in the case's force), set by the service.</summary>
    public string? Subject { get; set; }
    /// <summary>The lead's evidence as the case's force sees it, set by the service.</summary>
    public string? Evidence { get; set; }
}
