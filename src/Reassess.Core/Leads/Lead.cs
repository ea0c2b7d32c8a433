using Reassess.Records;
using Reassess.Reviews;

namespace Reassess.Leads;

/// <summary>
/// The kinds of lead (docs/leads.md, Kinds of lead). Written as the spec's snake_case tokens with <see cref="Token"/>
/// (<c>unrecorded_identifier</c>, <c>identifier_elsewhere</c>, …).
/// </summary>
public enum LeadKind
{
    /// <summary>A phone, vehicle or email written in the summary or an identifier's context, recorded nowhere in the investigation.</summary>
    UnrecordedIdentifier,
    /// <summary>An identifier of the investigation or its people is recorded in another investigation (any force).</summary>
    IdentifierElsewhere,
    /// <summary>A suspect (as a resolved person) is a suspect in an investigation recorded after this one's outcome date.</summary>
    LaterOffending,
    /// <summary>A suspect (as a resolved person) is a suspect in another investigation, any date, any force.</summary>
    LinkedSuspect,
    /// <summary>A victim is under 18 on the as-of date.</summary>
    VictimStillChild,
    /// <summary>A suspect's occupation matches the profile's access occupations.</summary>
    AccessToChildren,
    /// <summary>A suspect was never arrested or never interviewed.</summary>
    SuspectNotInterviewed,
    /// <summary>A suspect has a date of death.</summary>
    SuspectDeceased,
    /// <summary>A suspect's self-defined ethnicity or nationality is not recorded.</summary>
    DataGap,
}

/// <summary>The part of the review form (docs/review-form.md) a lead proposes to fill: the four questions, and the data gaps.</summary>
public enum ReviewQuestion
{
    /// <summary>Form part 1: a line of enquiry.</summary>
    LinesOfEnquiry,
    /// <summary>Form part 2: an extant risk.</summary>
    ExtantRisks,
    /// <summary>Form part 3: a safeguarding referral.</summary>
    Safeguarding,
    /// <summary>Form part 4: an opportunity to bring a suspect to justice.</summary>
    Opportunities,
    /// <summary>Form part 6: a data gap to close.</summary>
    DataGaps,
}

/// <summary>Whom an extant risk concerns (docs/review-form.md, part 2).</summary>
public enum RiskTarget
{
    /// <summary>Risk to the victim.</summary>
    Victim,
    /// <summary>Risk to other children.</summary>
    OtherChildren,
    /// <summary>Risk from a suspect (<see cref="LeadProposal.SuspectPersonId"/>).</summary>
    FromSuspect,
}

/// <summary>
/// One item a lead proposes for the review form, prefilled: the question it answers and, by question, the line of
/// enquiry's <see cref="Category"/>, the risk's <see cref="Risk"/> target, the referral's <see cref="Agency"/>, or the
/// <see cref="Opportunity"/> for the suspect <see cref="SuspectPersonId"/>. <see cref="Text"/> is the description or
/// narrative to prefill (the lead's evidence).
/// </summary>
public sealed record LeadProposal(
    ReviewQuestion Question,
    EnquiryCategory? Category = null,
    RiskTarget? Risk = null,
    ReferralAgency? Agency = null,
    OpportunityKind? Opportunity = null,
    long? SuspectPersonId = null,
    string Text = "");

/// <summary>
/// A lead (docs/leads.md): one fact derived from stored records that answers part of the re-assessment, with its evidence and
/// the form items it proposes. Leads are proposals; a review records a decision against <see cref="Key"/>, which stays
/// the same for the same fact however often the leads are found again.
/// </summary>
public sealed record Lead
{
    public required LeadKind Kind { get; init; }

    /// <summary>The candidate's force.</summary>
    public required string Force { get; init; }

    /// <summary>The candidate's crime reference.</summary>
    public required string InvestigationRef { get; init; }

    /// <summary>The stored investigation's surrogate key.</summary>
    public long InvestigationId { get; init; }

    /// <summary>The nominal the lead concerns (<c>Person.Id</c>); null when it concerns the investigation.</summary>
    public long? SubjectPersonId { get; init; }

    /// <summary>The nominal's <c>person_id</c> in the candidate's force; null when it concerns the investigation.</summary>
    public string? SubjectRef { get; init; }

    /// <summary>
    /// Identifier kinds: the normalised identifier; <c>later_offending</c> and <c>linked_suspect</c>: <c>FORCE/INVESTIGATION_ID</c>
    /// of the other investigation; otherwise empty.
    /// </summary>
    public string Value { get; init; } = "";

    /// <summary>For the identifier kinds, what kind of identifier <see cref="Value"/> is.</summary>
    public IdentifierKind? IdentifierKind { get; init; }

    /// <summary>For <c>later_offending</c> and <c>linked_suspect</c>, the other investigation.</summary>
    public LeadInvestigation? OtherInvestigation { get; init; }

    /// <summary>One line a reviewer reads: what was found, where. Names every force's references (for the CLI).</summary>
    public required string Evidence { get; init; }

    /// <summary>
    /// <see cref="Evidence"/> as the workbench shows it to the candidate's force: another force's investigation appears
    /// only as "an investigation (FORCE)".
    /// </summary>
    public required string EvidenceInForce { get; init; }

    /// <summary>What the lead proposes for the review form, in the order of the form.</summary>
    public required IReadOnlyList<LeadProposal> Proposals { get; init; }

    /// <summary>The lead's stable key within its candidate: <c>kind|subject|value</c>.</summary>
    public string Key => KeyOf(Kind, SubjectRef, Value);

    /// <summary>The kind's token, e.g. <c>unrecorded_identifier</c>.</summary>
    public string KindToken => Token.Of(Kind);

    /// <summary>
    /// <see cref="Value"/> as the workbench shows it to the candidate's force: another force's investigation as
    /// "an investigation (FORCE)".
    /// </summary>
    public string ValueInForce => OtherInvestigation is { } other && other.Force != Force ? $"an investigation ({other.Force})" : Value;

    /// <summary>The key of a lead: <c>kind|subject|value</c>, as <see cref="Key"/> writes it.</summary>
    public static string KeyOf(LeadKind kind, string? subjectRef, string? value) => Token.Of(kind) + "|" + (subjectRef ?? "") + "|" + (value ?? "");
}

/// <summary>Another investigation a lead names: its force and crime reference.</summary>
public sealed record LeadInvestigation(long Id, string Force, string InvestigationRef)
{
    /// <summary><c>FORCE/INVESTIGATION_ID</c>, the form of the <c>value</c> column.</summary>
    public string Label => Force + "/" + InvestigationRef;
}

/// <summary>Leads cannot be found as asked (no screening run under the profile, no such case); the message says why.</summary>
public sealed class LeadsException(string message) : ReassessException(message);
