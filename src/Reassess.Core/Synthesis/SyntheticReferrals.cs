using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Leads;
using Reassess.Reviews;
using Reassess.Storage;

namespace Reassess.Synthesis;

/// <summary>
/// A synthetic force team for the demo's referral loop: a reviewer and a supervisor (accounts that cannot sign in:
/// they hold no password), who take a candidate through the real review service — assignment, the four answers with
/// the case's leads decided, submission recommending referral to the national operation, and approval.
/// Nothing here bypasses a review rule: a form the rules refuse stops with the refusal.
/// </summary>
public sealed class SyntheticReferrals(ReassessDbContext db, TimeProvider clock, IAuditTrail audit, CaseLeadFinder leads)
{
    /// <summary>The synthetic team of <paramref name="force"/>.</summary>
    public static (Actor Reviewer, Actor Supervisor, Actor Lead) Team(string force)
    {
        ArgumentException.ThrowIfNullOrEmpty(force);
        var f = force.ToLowerInvariant();
        return (new("synthetic.reviewer." + f, Roles.Reviewer, force), new("synthetic.supervisor." + f, Roles.Supervisor, force),
            new("synthetic.lead." + f, Roles.ForceLead, force));
    }

    /// <summary>Adds <paramref name="force"/>'s synthetic team to the database, once.</summary>
    public async Task EnrolTeamAsync(string force, CancellationToken cancellationToken = default)
    {
        var (reviewer, supervisor, lead) = Team(force);
        foreach (var actor in new[] { reviewer, supervisor, lead })
        {
            var normalized = actor.UserName.ToUpperInvariant();
            if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken)) continue;
            db.Users.Add(new ReassessUser
            {
                UserName = actor.UserName,
                NormalizedUserName = normalized,
                Role = actor.Role,
                Force = force,
                CreatedAt = clock.GetUtcNow(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Reviews candidate <paramref name="candidateId"/> of <paramref name="force"/> to an approved referral: every lead is
    /// accepted (a data gap is dismissed, since the synthetic reviewer has nothing to record in its place), each suspect
    /// gets a disruption opportunity, and a children's social care referral dated today covers the risks.
    /// </summary>
    /// <exception cref="InvalidOperationException">A step was refused; the message carries the service's reasons.</exception>
    public async Task<Review> ApproveReferralAsync(string force, long candidateId, CancellationToken cancellationToken = default)
    {
        var (reviewer, supervisor, _) = Team(force);
        var service = new ReviewService(db, clock, audit, leads);
        var assigned = Check(await service.AssignAsync(supervisor, candidateId, reviewer.UserName, cancellationToken), "assign");
        db.ChangeTracker.Clear();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var suspects = await service.SuspectsAsync(assigned.InvestigationId, cancellationToken);
        var form = new ReviewForm
        {
            LinesOfEnquiry = [new() { Category = EnquiryCategory.Intelligence, Description = "Check the suspects against other forces' records through the national operation." }],
            ExtantRisks = new()
            {
                ToVictim = new() { Level = RiskLevel.Low, Narrative = "Synthetic review: no contact recorded since the outcome." },
                ToOtherChildren = new() { Level = RiskLevel.Medium, Narrative = "Synthetic review: the group's suspects are not accounted for." },
                FromSuspects = [.. suspects.Select(s => new SuspectRisk { PersonId = s.PersonId, Level = RiskLevel.Medium, Narrative = "Synthetic review: whereabouts unknown." })],
            },
            Opportunities = [.. suspects.Select(s => new SuspectOpportunity { PersonId = s.PersonId, Kind = OpportunityKind.Disruption, Narrative = "Disruption through the national operation." })],
            VictimConsent = VictimConsent.NotYetContacted,
            ReasonToProceedWithoutConsent = "Synthetic review: the national operation decides on contact.",
            Recommendation = Recommendation.ReferToNationalOperation,
            Rationale = "Synthetic review: a group-based case whose suspects may be known to other forces.",
        };
        var caseLeads = await leads.ForCandidateAsync(db, candidateId, cancellationToken);
        foreach (var lead in caseLeads.ForReview.Leads)
        {
            if (lead.Kind == LeadKind.DataGap) LeadDecisions.Dismiss(form, lead, "Synthetic review: nothing to record in its place.");
            else LeadDecisions.Accept(form, lead);
        }
        form.SafeguardingReferrals.Add(new() { Agency = ReferralAgency.ChildrenSocialCare, Reason = "Synthetic review: the group's suspects are not accounted for." });
        foreach (var referral in form.SafeguardingReferrals) referral.DateSent ??= today;
        var submitted = Check(await service.SubmitAsync(reviewer, assigned.Id, assigned.Version, form, cancellationToken), "submit");
        db.ChangeTracker.Clear();
        var approved = Check(await service.ApproveAsync(supervisor, submitted.Id, submitted.Version, "Synthetic sign-off.", cancellationToken: cancellationToken), "approve");
        db.ChangeTracker.Clear();
        return approved;
    }

    private static Review Check(ReviewResult result, string step) =>
        result.Succeeded && result.Review is { } review ? review
            : throw new InvalidOperationException($"The synthetic review could not {step}: " +
                string.Join("; ", result.Problems.Select(p => p.Message).Prepend(result.Message).OfType<string>()));
}
