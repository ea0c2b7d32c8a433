using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Import;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reviews;

/// <summary>
/// The review lifecycle of docs/review-form.md, shared by the workbench and the CLI: assign, take from the queue, start, save a
/// draft, submit, approve, return, reopen. Every transition records who, when and why. Every change is based on a
/// <see cref="Review.Version"/> and is refused with <see cref="ReviewOutcome.ConcurrencyConflict"/> when someone changed
/// the review in between, so no one's work is silently overwritten. An actor of another force gets
/// <see cref="ReviewOutcome.NotFound"/>, exactly as for a case that does not exist.
/// Every change writes an alteration to the audit trail in the same transaction (DPA 2018 s.62), under the
/// investigation's id so that <c>audit show --case</c> finds it; refusals by authorization are logged as denied.
/// The case's current leads (<see cref="CaseLeadFinder"/>, the set the case page shows) are always checked: each decision on
/// a lead is audited, a dismissal needs a reason, and a review is not submitted while any lead is undecided.
/// </summary>
public sealed class ReviewService(ReassessDbContext db, TimeProvider clock, IAuditTrail audit, CaseLeadFinder leads)
{
    /// <summary>The audit operations this service writes.</summary>
    public static class Operations
    {
        public const string Assign = "review.assign";
        public const string Take = "review.take";
        public const string Start = "review.start";
        public const string SaveDraft = "review.save_draft";
        public const string Submit = "review.submit";
        public const string Approve = "review.approve";
        public const string Return = "review.return";
        public const string Reopen = "review.reopen";
        /// <summary>The reviewer accepted a lead into the form (saved as a draft or submitted).</summary>
        public const string LeadAccepted = "review.lead_accepted";
        /// <summary>The reviewer dismissed a lead, with a reason (saved as a draft or submitted).</summary>
        public const string LeadDismissed = "review.lead_dismissed";
        /// <summary>A supervisor acknowledged, at approval, the high-risk rationale of a no-further-action review.</summary>
        public const string AcknowledgeHighRisk = "review.acknowledge_high_risk";
        /// <summary>A suspect's person record updated from a review's data gaps (subject: the people).</summary>
        public const string DataGapClosed = "person.data_gap_closed";
    }

    private DbSet<Review> Reviews => db.Set<Review>();

    /// <summary>
    /// A supervisor assigns a candidate to a reviewer (or a supervisor) of the same force; also reassigns a review that is
    /// not yet submitted, which sends it back to <c>assigned</c>. An actor naming themselves takes the case (see
    /// <see cref="TakeAsync(Actor, long, CancellationToken)"/>).
    /// </summary>
    public async Task<ReviewResult> AssignAsync(Actor actor, long candidateId, string reviewerUserName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidate = await FindCandidateAsync(actor, candidateId, Operations.Assign, cancellationToken);
        if (candidate is null) return ReviewResult.NotFound();
        var review = await Reviews.FirstOrDefaultAsync(r => r.CandidateId == candidateId, cancellationToken);
        if (actor.Is(reviewerUserName) && actor.Role != Roles.Supervisor) return await TakeAsync(actor, candidate, review, cancellationToken);
        if (actor.Role != Roles.Supervisor)
            return await DeniedAsync(actor, Operations.Assign, candidate.InvestigationId,
                ReviewResult.Forbidden(review, "Only a supervisor assigns cases to others; use \"assign to me\" to take a case from the queue."), cancellationToken);
        var (assignee, problem) = await FindAssigneeAsync(candidate.Force, reviewerUserName, cancellationToken);
        if (assignee is null) return ReviewResult.Invalid(review, [problem!], problem!.Message);
        return await AssignAsync(actor, candidate, review, assignee, cancellationToken);
    }

    /// <summary>"Assign to me": a reviewer (or supervisor) takes a queued case of their force.</summary>
    public async Task<ReviewResult> TakeAsync(Actor actor, long candidateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidate = await FindCandidateAsync(actor, candidateId, Operations.Take, cancellationToken);
        if (candidate is null) return ReviewResult.NotFound();
        var review = await Reviews.FirstOrDefaultAsync(r => r.CandidateId == candidateId, cancellationToken);
        return await TakeAsync(actor, candidate, review, cancellationToken);
    }

    /// <summary>A supervisor assigns several candidates to one reviewer; each candidate succeeds or fails on its own.</summary>
    public async Task<BulkAssignResult> BulkAssignAsync(Actor actor, IReadOnlyList<long> candidateIds, string reviewerUserName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidateIds);
        var results = new List<(long, ReviewResult)>(candidateIds.Count);
        foreach (var id in candidateIds.Distinct())
        {
            results.Add((id, await AssignAsync(actor, id, reviewerUserName, cancellationToken)));
            db.ChangeTracker.Clear();
        }
        return new BulkAssignResult(results);
    }

    /// <summary>The assigned reviewer starts work: <c>assigned</c> or <c>returned</c> → <c>in_review</c>.</summary>
    public async Task<ReviewResult> StartAsync(Actor actor, long reviewId, int basedOnVersion, CancellationToken cancellationToken = default)
    {
        var (review, refusal) = await LoadForReviewerAsync(actor, reviewId, basedOnVersion, Operations.Start, cancellationToken);
        if (refusal is not null) return refusal;
        if (review!.Status == ReviewStatus.InReview) return ReviewResult.Done(review);
        if (review.Status is not (ReviewStatus.Assigned or ReviewStatus.Returned))
            return ReviewResult.WrongStatus(review, $"A review that is {Describe(review.Status)} cannot be started.");
        Record(review, review.Status, ReviewStatus.InReview, actor, null);
        review.Status = ReviewStatus.InReview;
        return await CommitAsync(review, basedOnVersion, actor, Operations.Start, "Review started.", cancellationToken);
    }

    /// <summary>
    /// The assigned reviewer saves the form as a draft (starting the review if it was not yet). Incomplete answers are fine;
    /// a line of enquiry moving backwards is not. New lines of enquiry are numbered in <paramref name="form"/>.
    /// </summary>
    public async Task<ReviewResult> SaveDraftAsync(Actor actor, long reviewId, int basedOnVersion, ReviewForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (review, refusal) = await LoadForEditAsync(actor, reviewId, basedOnVersion, Operations.SaveDraft, cancellationToken);
        if (refusal is not null) return refusal;
        var saved = review!.ReadForm();
        var current = await CurrentLeadsAsync(review, cancellationToken);
        var problems = ReviewFormRules.ForDraft(saved, form).Concat(ReviewFormRules.ForLeadDecisions(saved, form, current)).ToList();
        if (problems.Count > 0) return ReviewResult.Invalid(review, problems, "The draft was not saved: " + problems[0].Message);
        StartIfNeeded(review, actor);
        var decided = KeepLeadDecisions(saved, form, current, actor, review.InvestigationId);
        Store(review, form);
        return await CommitAsync(review, basedOnVersion, actor, Operations.SaveDraft, "Draft saved.", cancellationToken, decided);
    }

    /// <summary>
    /// The assigned reviewer submits the form for sign-off. Refused, with nothing saved, when a required part is missing:
    /// <see cref="ReviewResult.Problems"/> lists each one. On success the submitted form is kept as a
    /// <see cref="ReviewVersion"/>, and the data gaps it closed update the suspects' person records, with history.
    /// Also the way a returned review is resubmitted.
    /// </summary>
    public async Task<ReviewResult> SubmitAsync(Actor actor, long reviewId, int basedOnVersion, ReviewForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (review, refusal) = await LoadForEditAsync(actor, reviewId, basedOnVersion, Operations.Submit, cancellationToken);
        if (refusal is not null) return refusal;
        var suspects = await SuspectsAsync(review!.InvestigationId, cancellationToken);
        var now = clock.GetUtcNow();
        var saved = review.ReadForm();
        var current = await CurrentLeadsAsync(review, cancellationToken);
        var problems = ReviewFormRules.ForDraft(saved, form)
            .Concat(ReviewFormRules.ForLeadDecisions(saved, form, current))
            .Concat(ReviewFormRules.ForSubmission(form, suspects, DateOnly.FromDateTime(now.UtcDateTime)))
            .Concat(ReviewFormRules.ForUndecidedLeads(form, current))
            .ToList();
        if (problems.Count > 0)
        {
            var what = problems.Count == 1 ? "1 thing needs" : $"{problems.Count} things need";
            return ReviewResult.Invalid(review, problems, $"The review was not submitted: {what} attention.");
        }

        StartIfNeeded(review, actor);
        var decided = KeepLeadDecisions(saved, form, current, actor, review.InvestigationId);
        Store(review, form);
        var number = await db.Set<ReviewVersion>().Where(v => v.ReviewId == review.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0;
        var version = new ReviewVersion
        {
            ReviewId = review.Id,
            CandidateId = review.CandidateId,
            Number = number + 1,
            FormJson = review.FormJson,
            Recommendation = review.Recommendation,
            ReviewerUserName = review.ReviewerUserName!,
            SubmittedAt = now,
        };
        foreach (var d in form.LeadDecisions.Where(d => d.Decision is not null))
        {
            version.LeadDecisions.Add(new ReviewLeadDecision
            {
                ReviewId = review.Id,
                CandidateId = review.CandidateId,
                Force = review.Force,
                LeadKey = d.Key,
                Kind = d.Kind ?? d.Key.Split('|')[0],
                Decision = d.Decision!.Value,
                Reason = d.Reason,
                DecidedBy = review.ReviewerUserName!,
                DecidedAt = now,
            });
        }
        db.Set<ReviewVersion>().Add(version);
        var updated = await CloseDataGapsAsync(review, form, actor, now, cancellationToken);
        Record(review, ReviewStatus.InReview, ReviewStatus.Submitted, actor, null);
        review.Status = ReviewStatus.Submitted;
        review.SubmittedAt = now;
        AuditEvent[] people = updated.Count == 0 ? [] :
            [new(AuditActor.User(actor.UserName), AuditCategory.Alteration, Operations.DataGapClosed, AuditSubjects.Person,
                [.. updated.Select(id => id.ToString(CultureInfo.InvariantCulture))])];
        return await CommitAsync(review, basedOnVersion, actor, Operations.Submit, "Submitted for sign-off.", cancellationToken, [.. decided, .. people]);
    }

    /// <summary>
    /// A supervisor of the case's force, who is not its reviewer, approves a submitted review. When the submitted form
    /// recommends no further action alongside a high risk (<see cref="ReviewFormRules.NeedsHighRiskAcknowledgement"/>), the
    /// supervisor must acknowledge its high-risk rationale (<paramref name="acknowledgeHighRisk"/>): without it the approval
    /// is refused; with it the acknowledgement is kept on the version and audited (<see cref="Operations.AcknowledgeHighRisk"/>).
    /// </summary>
    public async Task<ReviewResult> ApproveAsync(Actor actor, long reviewId, int basedOnVersion, string? comment = null, bool acknowledgeHighRisk = false,
        CancellationToken cancellationToken = default)
    {
        var (review, refusal) = await LoadForSignOffAsync(actor, reviewId, basedOnVersion, Operations.Approve, cancellationToken);
        if (refusal is not null) return refusal;
        if (review!.Status != ReviewStatus.Submitted)
            return ReviewResult.WrongStatus(review, $"Only a submitted review can be approved; this one is {Describe(review.Status)}.");
        var acknowledged = false;
        if (ReviewFormRules.NeedsHighRiskAcknowledgement(review.ReadForm()))
        {
            if (!acknowledgeHighRisk)
                return ReviewResult.Invalid(review, [new("acknowledge_high_risk",
                    "Sign-off: the review recommends no further action although a risk is high; acknowledge its high-risk rationale to approve it.")],
                    "The review was not approved: the high-risk rationale must be acknowledged.");
            acknowledged = true;
        }
        var snapshot = await DecideAsync(review, ReviewStatus.Approved, actor, Trimmed(comment), cancellationToken);
        AuditEvent[] also = [];
        if (acknowledged && snapshot is not null)
        {
            snapshot.HighRiskAcknowledgedBy = actor.UserName;
            snapshot.HighRiskAcknowledgedAt = clock.GetUtcNow();
            also = [Altered(actor, Operations.AcknowledgeHighRisk, review.InvestigationId)];
        }
        return await CommitAsync(review, basedOnVersion, actor, Operations.Approve, "Review approved.", cancellationToken, also);
    }

    /// <summary>A supervisor of the case's force, who is not its reviewer, returns a submitted review with a comment.</summary>
    public async Task<ReviewResult> ReturnAsync(Actor actor, long reviewId, int basedOnVersion, string? comment, CancellationToken cancellationToken = default)
    {
        var (review, refusal) = await LoadForSignOffAsync(actor, reviewId, basedOnVersion, Operations.Return, cancellationToken);
        if (refusal is not null) return refusal;
        if (review!.Status != ReviewStatus.Submitted)
            return ReviewResult.WrongStatus(review, $"Only a submitted review can be returned; this one is {Describe(review.Status)}.");
        if (Trimmed(comment) is not { } text)
            return ReviewResult.Invalid(review, [new("comment", "Say what needs to change: a review is only returned with a comment.")],
                "The review was not returned: a comment is required.");
        await DecideAsync(review, ReviewStatus.Returned, actor, text, cancellationToken);
        return await CommitAsync(review, basedOnVersion, actor, Operations.Return, "Review returned to the reviewer.", cancellationToken);
    }

    /// <summary>
    /// A supervisor of the case's force reopens an approved review, with a reason: it goes back to its reviewer
    /// (<c>in_review</c>); the approved version stays readable in <see cref="ReviewVersion"/>.
    /// </summary>
    public async Task<ReviewResult> ReopenAsync(Actor actor, long reviewId, int basedOnVersion, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (review, refusal) = await LoadAsync(actor, reviewId, basedOnVersion, Operations.Reopen, cancellationToken);
        if (review is null) return refusal!;
        if (actor.Role != Roles.Supervisor)
            return await DeniedAsync(actor, Operations.Reopen, review.InvestigationId, ReviewResult.Forbidden(review, "Only a supervisor reopens an approved review."), cancellationToken);
        if (refusal is not null) return refusal;
        if (review.Status != ReviewStatus.Approved)
            return ReviewResult.WrongStatus(review, $"Only an approved review can be reopened; this one is {Describe(review.Status)}.");
        if (Trimmed(reason) is not { } text)
            return ReviewResult.Invalid(review, [new("reason", "Give the reason for reopening the approved review.")],
                "The review was not reopened: a reason is required.");
        Record(review, ReviewStatus.Approved, ReviewStatus.InReview, actor, text);
        review.Status = ReviewStatus.InReview;
        review.DecidedAt = null;
        return await CommitAsync(review, basedOnVersion, actor, Operations.Reopen, "Review reopened.", cancellationToken);
    }

    /// <summary>The investigation's suspects, as the form names them (each needs a risk and an opportunity).</summary>
    public async Task<IReadOnlyList<SuspectRef>> SuspectsAsync(long investigationId, CancellationToken cancellationToken = default)
    {
        var rows = await (
            from i in db.Involvements
            where i.InvestigationId == investigationId && i.Role == InvolvementRole.Suspect
            join p in db.People on i.PersonId equals p.Id
            select new { p.Id, p.Forenames, p.Surname, p.PersonRef }).ToListAsync(cancellationToken);
        return [.. rows.DistinctBy(r => r.Id).OrderBy(r => r.Id)
            .Select(r => new SuspectRef(r.Id, $"{(string.IsNullOrWhiteSpace(r.Forenames) ? "" : r.Forenames + " ")}{r.Surname} ({r.PersonRef})"))];
    }

    private async Task<ReviewResult> TakeAsync(Actor actor, Candidate candidate, Review? review, CancellationToken cancellationToken)
    {
        if (actor.Role is not (Roles.Reviewer or Roles.Supervisor))
            return await DeniedAsync(actor, Operations.Take, candidate.InvestigationId,
                ReviewResult.Forbidden(review, "Only reviewers and supervisors take cases from the queue."), cancellationToken);
        if (review is not null && review.Status != ReviewStatus.Queued)
        {
            return actor.Is(review.ReviewerUserName)
                ? ReviewResult.Done(review)
                : ReviewResult.WrongStatus(review, $"This case is already assigned to {review.ReviewerUserName}.");
        }
        var (assignee, problem) = await FindAssigneeAsync(candidate.Force, actor.UserName, cancellationToken);
        if (assignee is null) return ReviewResult.Invalid(review, [problem!], problem!.Message);
        return await AssignAsync(actor, candidate, review, assignee, cancellationToken);
    }

    private async Task<ReviewResult> AssignAsync(Actor actor, Candidate candidate, Review? review, string assignee, CancellationToken cancellationToken)
    {
        var operation = actor.Is(assignee) ? Operations.Take : Operations.Assign;
        var now = clock.GetUtcNow();
        if (review is null)
        {
            review = new Review
            {
                CandidateId = candidate.Id,
                Force = candidate.Force,
                InvestigationId = candidate.InvestigationId,
                Status = ReviewStatus.Assigned,
                ReviewerUserName = assignee,
                AssignedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
            // The review's id is needed by its first transition, so the two are saved in one transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                Reviews.Add(review);
                await db.SaveChangesAsync(cancellationToken);
                Record(review, ReviewStatus.Queued, ReviewStatus.Assigned, actor, $"Assigned to {assignee}.");
                await db.SaveChangesAsync(cancellationToken);
                await audit.RecordAsync(db, Altered(actor, operation, review.InvestigationId), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Someone else assigned the same candidate at the same moment: the unique candidate index refused ours.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return ReviewResult.Conflict(await Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.CandidateId == candidate.Id, cancellationToken));
            }
            return ReviewResult.Done(review, $"Assigned to {assignee}.");
        }

        if (review.Status is not (ReviewStatus.Queued or ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned))
            return ReviewResult.WrongStatus(review, $"A review that is {Describe(review.Status)} cannot be reassigned.");
        if (review.Status != ReviewStatus.Queued && string.Equals(review.ReviewerUserName, assignee, StringComparison.OrdinalIgnoreCase))
            return ReviewResult.Done(review, $"Already assigned to {assignee}.");
        var note = review.ReviewerUserName is null ? $"Assigned to {assignee}." : $"Assigned to {assignee} (was {review.ReviewerUserName}).";
        Record(review, review.Status, ReviewStatus.Assigned, actor, note);
        review.Status = ReviewStatus.Assigned;
        review.ReviewerUserName = assignee;
        review.AssignedAt = now;
        return await CommitAsync(review, review.Version, actor, operation, note, cancellationToken);
    }

    /// <summary>The stored user name of an active reviewer or supervisor of <paramref name="force"/>, or why not.</summary>
    private async Task<(string? UserName, ReviewProblem? Problem)> FindAssigneeAsync(string force, string userName, CancellationToken cancellationToken)
    {
        var normalised = userName.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalised, cancellationToken);
        if (user is null || user.Disabled || user.Role is not (Roles.Reviewer or Roles.Supervisor) || user.Force is null
            || !string.Equals(user.Force, force, StringComparison.OrdinalIgnoreCase))
            return (null, new ReviewProblem("reviewer", $"'{userName.Trim()}' is not an active reviewer or supervisor of {force}."));
        return (user.UserName, null);
    }

    private async Task<Candidate?> FindCandidateAsync(Actor actor, long candidateId, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var candidate = await db.Set<Candidate>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == candidateId, cancellationToken);
        if (candidate is null) return null;
        if (CaseRules.MaySeeCasesOf(actor, candidate.Force)) return candidate;
        await DeniedAsync(actor, operation, candidate.InvestigationId, ReviewResult.NotFound(), cancellationToken);
        return null;
    }

    /// <summary>Loads a review the actor may see, refusing a change based on an older version.</summary>
    private async Task<(Review?, ReviewResult?)> LoadAsync(Actor actor, long reviewId, int basedOnVersion, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var review = await Reviews.FirstOrDefaultAsync(r => r.Id == reviewId, cancellationToken);
        if (review is null) return (null, ReviewResult.NotFound());
        if (!CaseRules.MaySeeCasesOf(actor, review.Force))
        {
            // Told "not found", like a case that does not exist; the trail still records the attempt.
            await DeniedAsync(actor, operation, review.InvestigationId, ReviewResult.NotFound(), cancellationToken);
            return (null, ReviewResult.NotFound());
        }
        if (review.Version != basedOnVersion) return (review, ReviewResult.Conflict(review));
        return (review, null);
    }

    private async Task<(Review?, ReviewResult?)> LoadForReviewerAsync(Actor actor, long reviewId, int basedOnVersion, string operation, CancellationToken cancellationToken)
    {
        var (review, refusal) = await LoadAsync(actor, reviewId, basedOnVersion, operation, cancellationToken);
        if (review is null) return (null, refusal);
        // Who may act is decided before staleness, so a stale request from the wrong person is still told it is forbidden.
        if (!actor.Is(review.ReviewerUserName) || actor.Role is not (Roles.Reviewer or Roles.Supervisor))
            return (review, await DeniedAsync(actor, operation, review.InvestigationId, ReviewResult.Forbidden(review, review.ReviewerUserName is null
                ? "This case is not assigned to anyone yet."
                : $"Only the assigned reviewer, {review.ReviewerUserName}, edits this review."), cancellationToken));
        return (review, refusal);
    }

    private async Task<(Review?, ReviewResult?)> LoadForEditAsync(Actor actor, long reviewId, int basedOnVersion, string operation, CancellationToken cancellationToken)
    {
        var (review, refusal) = await LoadForReviewerAsync(actor, reviewId, basedOnVersion, operation, cancellationToken);
        if (refusal is not null) return (review, refusal);
        if (review!.Status is not (ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned))
            return (review, ReviewResult.WrongStatus(review, $"A review that is {Describe(review.Status)} cannot be edited."));
        return (review, null);
    }

    private async Task<(Review?, ReviewResult?)> LoadForSignOffAsync(Actor actor, long reviewId, int basedOnVersion, string operation, CancellationToken cancellationToken)
    {
        var (review, refusal) = await LoadAsync(actor, reviewId, basedOnVersion, operation, cancellationToken);
        if (review is null) return (null, refusal);
        if (actor.Role != Roles.Supervisor)
            return (review, await DeniedAsync(actor, operation, review.InvestigationId, ReviewResult.Forbidden(review, "Only a supervisor signs off reviews."), cancellationToken));
        if (actor.Is(review.ReviewerUserName))
            return (review, await DeniedAsync(actor, operation, review.InvestigationId,
                ReviewResult.Forbidden(review, "You cannot sign off a review you wrote; another supervisor of the force must."), cancellationToken));
        return (review, refusal);
    }

    private void StartIfNeeded(Review review, Actor actor)
    {
        if (review.Status == ReviewStatus.InReview) return;
        Record(review, review.Status, ReviewStatus.InReview, actor, null);
        review.Status = ReviewStatus.InReview;
    }

    /// <summary>The case's current leads, as the case page shows them (the same cached set).</summary>
    public async Task<ReviewLeadSet> CurrentLeadsAsync(Review review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        return (await leads.ForCandidateAsync(db, review.CandidateId, cancellationToken)).ForReview;
    }

    /// <summary>
    /// Copies each current lead's kind, subject and evidence onto its decision (so a version shows what was decided, whatever
    /// the client sent), drops undecided entries of leads that are gone, and returns an audit event for each decision that
    /// changed since the saved form.
    /// </summary>
    private static List<AuditEvent> KeepLeadDecisions(ReviewForm saved, ReviewForm form, ReviewLeadSet current, Actor actor, long investigationId)
    {
        form.LeadDecisions.RemoveAll(d => d.Decision is null && current.Find(d.Key) is null);
        var events = new List<AuditEvent>();
        foreach (var decision in form.LeadDecisions)
        {
            if (current.Find(decision.Key) is { } lead)
            {
                decision.Kind = lead.KindToken;
                decision.Subject = lead.SubjectRef;
                decision.Evidence = lead.Evidence;
            }
            else if (saved.LeadDecisions.FirstOrDefault(d => d.Key == decision.Key) is { } before)
            {
                // A lead decided earlier that the records no longer raise: the decision stands as it was recorded.
                (decision.Kind, decision.Subject, decision.Evidence) = (before.Kind, before.Subject, before.Evidence);
            }
            decision.Reason = decision.Decision == LeadVerdict.Dismissed ? Trimmed(decision.Reason) : null;
            var old = saved.LeadDecisions.FirstOrDefault(d => d.Key == decision.Key);
            if (decision.Decision is { } verdict && (old?.Decision != verdict || old.Reason != decision.Reason))
                events.Add(Altered(actor, verdict == LeadVerdict.Accepted ? Operations.LeadAccepted : Operations.LeadDismissed, investigationId));
        }
        return events;
    }

    private static void Store(Review review, ReviewForm form)
    {
        ReviewFormRules.NumberNewLines(review.ReadForm(), form);
        review.FormJson = form.ToJson();
        review.Recommendation = form.Recommendation;
        review.ReferralCount = form.SafeguardingReferrals.Count;
    }

    /// <returns>The version the decision was written onto.</returns>
    private async Task<ReviewVersion?> DecideAsync(Review review, ReviewStatus decision, Actor actor, string? comment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var snapshot = await db.Set<ReviewVersion>().Where(v => v.ReviewId == review.Id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (snapshot is not null)
        {
            snapshot.Decision = decision;
            snapshot.DecidedBy = actor.UserName;
            snapshot.DecidedAt = now;
            snapshot.DecisionComment = comment;
        }
        Record(review, review.Status, decision, actor, comment);
        review.Status = decision;
        review.DecidedAt = now;
        review.SupervisorUserName = actor.UserName;
        return snapshot;
    }

    /// <summary>
    /// Writes the ethnicity and nationality the review found onto the suspects' person records; each changed field keeps
    /// its earlier value in <see cref="RecordChange"/>.
    /// </summary>
    /// <returns>The ids of the people changed.</returns>
    private async Task<IReadOnlyList<long>> CloseDataGapsAsync(Review review, ReviewForm form, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = new List<long>();
        if (form.DataGapsClosed.Count == 0) return changed;
        var ids = form.DataGapsClosed.Select(g => g.PersonId).ToList();
        var people = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        foreach (var gap in form.DataGapsClosed)
        {
            var person = people[gap.PersonId];
            if (!string.IsNullOrWhiteSpace(gap.SelfDefinedEthnicity))
            {
                var code = Reference.SelfDefinedEthnicities.Find(gap.SelfDefinedEthnicity)!.Code;
                if (person.SelfDefinedEthnicity != code)
                {
                    Change(person, "self_defined_ethnicity", person.SelfDefinedEthnicity, code);
                    person.SelfDefinedEthnicity = code;
                }
            }
            if (!string.IsNullOrWhiteSpace(gap.Nationality))
            {
                var code = gap.Nationality.Trim().ToUpperInvariant();
                if (person.Nationality != code)
                {
                    Change(person, "nationality", person.Nationality, code);
                    person.Nationality = code;
                }
            }
        }
        return changed;

        void Change(Person person, string field, string? oldValue, string newValue)
        {
            if (!changed.Contains(person.Id)) changed.Add(person.Id);
            db.RecordChanges.Add(new RecordChange
            {
                Entity = "person",
                RecordId = person.Id,
                Field = field,
                OldValue = oldValue,
                NewValue = newValue,
                ChangedAt = now,
                ChangedBy = actor.UserName,
                Reason = $"review {review.Id}: data gap closed",
            });
        }
    }

    private void Record(Review review, ReviewStatus from, ReviewStatus to, Actor actor, string? comment) =>
        db.Set<ReviewTransition>().Add(new ReviewTransition
        {
            CandidateId = review.CandidateId,
            ReviewId = review.Id,
            From = from,
            To = to,
            Actor = actor.UserName,
            ActorRole = actor.Role,
            At = clock.GetUtcNow(),
            Comment = comment,
        });

    /// <summary>
    /// Saves everything tracked in one transaction, provided the review is still at <paramref name="basedOnVersion"/> in
    /// the database (the concurrency token makes the update match no row otherwise).
    /// </summary>
    private async Task<ReviewResult> CommitAsync(Review review, int basedOnVersion, Actor actor, string operation, string? message,
        CancellationToken cancellationToken, IReadOnlyList<AuditEvent>? alsoAudit = null)
    {
        db.Entry(review).Property(r => r.Version).OriginalValue = basedOnVersion;
        review.Version = basedOnVersion + 1;
        review.UpdatedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(db, Altered(actor, operation, review.InvestigationId), cancellationToken);
            foreach (var e in alsoAudit ?? []) await audit.RecordAsync(db, e, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ReviewResult.Conflict(await Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == review.Id, cancellationToken));
        }
        return ReviewResult.Done(review, message);
    }

    private static AuditEvent Altered(Actor actor, string operation, long investigationId) =>
        new(AuditActor.User(actor.UserName), AuditCategory.Alteration, operation, AuditSubjects.Investigation,
            [investigationId.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Logs a refusal by authorization (forbidden, or another force's case) and passes the result on.</summary>
    private async Task<ReviewResult> DeniedAsync(Actor actor, string operation, long investigationId, ReviewResult result, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(db, Altered(actor, operation, investigationId) with { Outcome = AuditOutcome.Denied }, cancellationToken);
        return result;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A status as a sentence says it: <c>in review</c>.</summary>
    public static string Describe(ReviewStatus status) => Token.Of(status).Replace('_', ' ');
}
