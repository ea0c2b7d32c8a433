using Reassess.Reviews;
using Reassess.Screening;

namespace Reassess.Access;

/// <summary>What the actor may do with a case now, by the same rules <see cref="ReviewService"/> enforces.</summary>
public sealed record CaseActions(bool CanTake, bool CanAssign, bool CanEdit, bool CanSignOff, bool CanReopen)
{
    /// <summary>Nothing at all: a case the actor may not see.</summary>
    public static CaseActions None { get; } = new(false, false, false, false, false);
}

/// <summary>
/// Who may see a force's cases and what they may do with one: the rules the review service enforces, the read model
/// reports and the workbench shows, written once.
/// </summary>
public static class CaseRules
{
    /// <summary>
    /// Who may see a force's cases at all: its own reviewers, supervisors and force lead, and national oversight (subject
    /// to a recorded justification); never auditors or administrators.
    /// </summary>
    public static bool MaySeeCasesOf(Actor actor, string force)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Roles.IsForceScoped(actor.Role) ? actor.IsOfForce(force) : actor.Role == Roles.NationalOversight;
    }

    /// <summary>What <paramref name="actor"/> may do with the case of <paramref name="candidate"/>, given its review (if any).</summary>
    public static CaseActions ActionsFor(Actor actor, Candidate candidate, Review? review)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(candidate);
        var inForce = Roles.IsForceScoped(actor.Role) && actor.IsOfForce(candidate.Force);
        var status = review?.Status ?? ReviewStatus.Queued;
        var supervisor = inForce && actor.Role == Roles.Supervisor;
        var reviewerRole = inForce && actor.Role is Roles.Reviewer or Roles.Supervisor;
        return new CaseActions(
            CanTake: reviewerRole && status == ReviewStatus.Queued,
            CanAssign: supervisor && status is ReviewStatus.Queued or ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned,
            CanEdit: reviewerRole && actor.Is(review?.ReviewerUserName) && status is ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned,
            CanSignOff: supervisor && status == ReviewStatus.Submitted && !actor.Is(review?.ReviewerUserName),
            CanReopen: supervisor && status == ReviewStatus.Approved);
    }
}
