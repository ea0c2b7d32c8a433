namespace Reassess.Reviews;

/// <summary>
/// Where a review stands (docs/review-form.md, Lifecycle): <c>queued</c> → <c>assigned</c> → <c>in_review</c> → <c>submitted</c> →
/// <c>approved</c>, or <c>submitted</c> → <c>returned</c> → <c>in_review</c> again. A candidate with no review yet is queued.
/// </summary>
public enum ReviewStatus { Queued, Assigned, InReview, Submitted, Approved, Returned }

/// <summary>What the reviewer recommends for the investigation (docs/review-form.md, part 7).</summary>
public enum Recommendation { ReinvestigateLocally, ReferToNationalOperation, ReferToCps, NoFurtherAction, AlreadyAddressed }

/// <summary>
/// The re-assessment of one candidate: who holds it, where it stands, and the form's current content.
/// One per candidate. <see cref="Version"/> is the optimistic concurrency token: every save says which version it was
/// based on, and a save based on an older one is refused rather than overwriting someone else's work.
/// </summary>
public sealed class Review
{
    public long Id { get; set; }
    /// <summary>The screening candidate under review (unique).</summary>
    public long CandidateId { get; set; }
    /// <summary>The candidate's force, kept here so every query can be scoped without a join.</summary>
    public required string Force { get; set; }
    /// <summary>The investigation the candidate stands for.</summary>
    public long InvestigationId { get; set; }
    public ReviewStatus Status { get; set; }
    /// <summary>The reviewer the review is assigned to; only they edit it.</summary>
    public string? ReviewerUserName { get; set; }
    /// <summary>When it was assigned to the current reviewer.</summary>
    public DateTimeOffset? AssignedAt { get; set; }
    /// <summary>When it was last submitted for sign-off.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }
    /// <summary>When a supervisor last approved or returned it; cleared when it is reopened.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>The supervisor who last approved or returned it.</summary>
    public string? SupervisorUserName { get; set; }
    /// <summary>The form's recommendation, copied out of <see cref="FormJson"/> so reports can count it with SQL.</summary>
    public Recommendation? Recommendation { get; set; }
    /// <summary>Number of safeguarding referrals in the form, copied out for the same reason.</summary>
    public int ReferralCount { get; set; }
    /// <summary>The <see cref="ReviewForm"/> as JSON (<see cref="ReviewForm.ToJson"/>).</summary>
    public string FormJson { get; set; } = ReviewForm.EmptyJson;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency token, incremented by every change.</summary>
    public int Version { get; set; }

    /// <summary>The form, read from <see cref="FormJson"/>.</summary>
    public ReviewForm ReadForm() => ReviewForm.FromJson(FormJson);
}

/// <summary>
/// One move of a review from one status to another (or an assignment to another reviewer): who, when and why.
/// The case history is these rows in order.
/// </summary>
public sealed class ReviewTransition
{
    public long Id { get; set; }
    public long CandidateId { get; set; }
    public long ReviewId { get; set; }
    public ReviewStatus From { get; set; }
    public ReviewStatus To { get; set; }
    /// <summary>The user who made the move.</summary>
    public required string Actor { get; set; }
    /// <summary>Their role at the time.</summary>
    public required string ActorRole { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Why: the return comment, the reopening reason, or a note such as the reviewer assigned.</summary>
    public string? Comment { get; set; }
}

/// <summary>
/// The form as it was submitted, kept for good: a reopened review still shows what was approved, and a returned one what
/// was returned. The supervisor's decision is written onto the snapshot it was about.
/// </summary>
public sealed class ReviewVersion
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long CandidateId { get; set; }
    /// <summary>1 for the first submission, then 2, 3…</summary>
    public int Number { get; set; }
    public required string FormJson { get; set; }
    public Recommendation? Recommendation { get; set; }
    public required string ReviewerUserName { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary><see cref="ReviewStatus.Approved"/> or <see cref="ReviewStatus.Returned"/> once a supervisor decided.</summary>
    public ReviewStatus? Decision { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }
    /// <summary>
    /// The supervisor who, approving it, acknowledged the high-risk rationale of a form recommending no further action
    /// alongside a high risk (<see cref="ReviewFormRules.NeedsHighRiskAcknowledgement"/>); null otherwise.
    /// </summary>
    public string? HighRiskAcknowledgedBy { get; set; }
    public DateTimeOffset? HighRiskAcknowledgedAt { get; set; }
    /// <summary>The version's lead decisions as rows (loaded only when asked for).</summary>
    public List<ReviewLeadDecision> LeadDecisions { get; set; } = [];

    public ReviewForm ReadForm() => ReviewForm.FromJson(FormJson);
}

/// <summary>
/// One lead decision of a submitted <see cref="ReviewVersion"/>, copied out of its form so that reports can count the
/// leads accepted and dismissed by kind with SQL. The form's <see cref="ReviewForm.LeadDecisions"/> stays the record.
/// </summary>
public sealed class ReviewLeadDecision
{
    public long Id { get; set; }
    public long ReviewVersionId { get; set; }
    public long ReviewId { get; set; }
    public long CandidateId { get; set; }
    /// <summary>The case's force.</summary>
    public required string Force { get; set; }
    /// <summary>The lead's key (<see cref="ReviewLead.Key"/>).</summary>
    public required string LeadKey { get; set; }
    /// <summary>The lead's kind token (<c>unrecorded_identifier</c>…).</summary>
    public required string Kind { get; set; }
    public LeadVerdict Decision { get; set; }
    /// <summary>Why it was dismissed.</summary>
    public string? Reason { get; set; }
    /// <summary>The reviewer who submitted the version.</summary>
    public required string DecidedBy { get; set; }
    /// <summary>When the version was submitted.</summary>
    public DateTimeOffset DecidedAt { get; set; }
}
