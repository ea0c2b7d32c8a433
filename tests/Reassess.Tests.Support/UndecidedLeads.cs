using Reassess.Cases;
using Reassess.Reviews;
using Reassess.Storage;

namespace Reassess.Tests.Support;

/// <summary>
/// For tests whose subject is not the lead decisions themselves: a review cannot be submitted while a lead of its case is
/// undecided (review.md), so such tests dismiss, with a reason, every lead the form has not decided yet.
/// </summary>
public static class UndecidedLeads
{
    /// <summary>Dismisses every lead of the candidate <paramref name="candidateId"/> that <paramref name="form"/> has not decided.</summary>
    public static async Task<ReviewForm> DismissAsync(ReassessDbContext db, TimeProvider clock, long candidateId, ReviewForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var caches = new CaseCaches();
        var leads = await new CaseLeadFinder(caches, clock).ForCandidateAsync(db, candidateId);
        foreach (var lead in leads.ForReview.Leads)
        {
            if (form.LeadDecisions.FirstOrDefault(d => d.Key == lead.Key) is { Decision: not null }) continue;
            if (LeadDecisions.Dismiss(form, lead, "Checked; not relevant to this test.") is { } problem)
                throw new InvalidOperationException(problem.Message);
        }
        return form;
    }
}
