using Reassess.Access;
using Reassess.Reviews;
using Reassess.Screening;

namespace Reassess.Tests.Access;

/// <summary>The one set of rules on who sees a force's cases and what they may do with one.</summary>
public class CaseRulesTests
{
    [Theory]
    [InlineData(Roles.Reviewer, "MPS", "MPS", true)]
    [InlineData(Roles.Supervisor, "mps", "MPS", true)]   // forces compare case-insensitively, as exported
    [InlineData(Roles.ForceLead, "MPS", "MPS", true)]
    [InlineData(Roles.Reviewer, "KNT", "MPS", false)]
    [InlineData(Roles.NationalOversight, null, "MPS", true)]
    [InlineData(Roles.Auditor, null, "MPS", false)]
    [InlineData(Roles.Admin, null, "MPS", false)]
    public void Only_the_forces_own_roles_and_national_oversight_see_its_cases(string role, string? actorForce, string caseForce, bool sees) =>
        Assert.Equal(sees, CaseRules.MaySeeCasesOf(new Actor("someone", role, actorForce), caseForce));

    [Theory]
    // role, the actor is the reviewer, status (null: no review) -> take, assign, edit, sign off, reopen
    [InlineData(Roles.Reviewer, false, null, "10000")]
    [InlineData(Roles.Supervisor, false, null, "11000")]
    [InlineData(Roles.ForceLead, false, null, "00000")]
    [InlineData(Roles.Reviewer, true, ReviewStatus.InReview, "00100")]
    [InlineData(Roles.Reviewer, false, ReviewStatus.InReview, "00000")]
    [InlineData(Roles.Supervisor, true, ReviewStatus.Returned, "01100")]
    [InlineData(Roles.Supervisor, false, ReviewStatus.Submitted, "00010")]
    [InlineData(Roles.Supervisor, true, ReviewStatus.Submitted, "00000")]   // not one's own review
    [InlineData(Roles.Supervisor, false, ReviewStatus.Approved, "00001")]
    [InlineData(Roles.Reviewer, true, ReviewStatus.Approved, "00000")]
    [InlineData(Roles.NationalOversight, false, ReviewStatus.Submitted, "00000")]
    public void What_an_actor_may_do_follows_role_status_and_whose_review_it_is(string role, bool ownReview, ReviewStatus? status, string expected)
    {
        var actor = new Actor("me", role, role == Roles.NationalOversight ? null : "MPS");
        var candidate = new Candidate { Force = "MPS", InvestigationRef = "MPS-1", ProfileName = "met-2025", Typologies = "", PriorityFactors = "" };
        var review = status is { } s ? new Review { Force = "MPS", Status = s, ReviewerUserName = ownReview ? "ME" : "someone.else" } : null;
        var a = CaseRules.ActionsFor(actor, candidate, review);
        Assert.Equal(expected, string.Concat(new[] { a.CanTake, a.CanAssign, a.CanEdit, a.CanSignOff, a.CanReopen }.Select(b => b ? '1' : '0')));
    }

    [Fact]
    public void Another_forces_case_allows_nothing()
    {
        var candidate = new Candidate { Force = "KNT", InvestigationRef = "KNT-1", ProfileName = "met-2025", Typologies = "", PriorityFactors = "" };
        Assert.Equal(CaseActions.None, CaseRules.ActionsFor(new Actor("sup", Roles.Supervisor, "MPS"), candidate, null));
    }
}
