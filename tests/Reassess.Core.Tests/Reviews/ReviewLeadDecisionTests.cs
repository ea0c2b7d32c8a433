using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Leads;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Reviews;

/// <summary>
/// Leads inside the review (issue 20) on a stored case: MPS-0001's suspect A drives a taxi (access_to_children) and neither
/// suspect has a nationality recorded (data_gap, twice). Decisions are kept with each version and audited; submission waits
/// for every lead; a supervisor acknowledges a no-further-action review's high-risk rationale.
/// </summary>
[Trait("Category", "Database")]
public class ReviewLeadDecisionTests
{
    private static async Task<ReviewLeadSet> LeadsAsync(ReviewWorld world, Review review) =>
        await world.Run(s => s.CurrentLeadsAsync(review));

    [Fact]
    public async Task The_case_has_the_leads_its_records_raise()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var leads = await LeadsAsync(world, review);
        Assert.Null(leads.Unavailable);
        Assert.Equal(
            ["access_to_children|MPS-P11|", "data_gap|MPS-P11|", "data_gap|MPS-P12|"],
            leads.Leads.Select(l => l.Key).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task The_review_reads_the_set_the_case_page_found_and_does_not_find_it_again()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        CaseLeads page;
        await using (var db = world.Context())
        {
            var candidate = await db.Set<Reassess.Screening.Candidate>().AsNoTracking().SingleAsync(c => c.Id == world.Case);
            page = (await new CaseLeadsQueries(db, world.Leads).LeadsAsync(Reviewer, candidate))!;
        }
        var shown = await world.Run(s => s.CurrentLeadsAsync(review));
        await using (var db = world.Context())
        {
            var kept = await world.Leads.ForCandidateAsync(db, world.Case);
            Assert.Same(page, kept.Grouped);
            Assert.Same(kept.ForReview, shown); // the same object: opening the review found nothing again
        }
        Assert.Same(shown, await world.Run(s => s.CurrentLeadsAsync(review))); // nor does saving or reopening it
        Assert.Equal(page.Count, shown.Leads.Count);
    }

    [Fact]
    public async Task The_leads_report_counts_the_decisions_of_each_reviews_latest_submitted_version()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var leads = (await LeadsAsync(world, review)).Leads;
        var form = CompleteForm();
        foreach (var lead in leads)
        {
            if (lead.Kind == LeadKind.AccessToChildren) LeadDecisions.Accept(form, lead);
            else Assert.Null(LeadDecisions.Dismiss(form, lead, "Recorded on the PNC record; closed there."));
        }
        Assert.Equal(ReviewOutcome.Done, (await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form))).Outcome);

        await using var db = world.Context();
        var profile = await db.Set<Reassess.Screening.Candidate>().Select(c => c.ProfileName).FirstAsync();
        var counts = await Reassess.Reporting.StoredLeadDecisions.Instance.CountAsync(db, profile, "MPS", CancellationToken.None);
        Assert.Equal(new Reassess.Reporting.LeadDecisionTally(1, 0), counts[LeadKind.AccessToChildren]);
        Assert.Equal(new Reassess.Reporting.LeadDecisionTally(0, 2), counts[LeadKind.DataGap]);
        Assert.Equal(2, counts.Count);
        Assert.Empty(await Reassess.Reporting.StoredLeadDecisions.Instance.CountAsync(db, profile, "GMP", CancellationToken.None));
        Assert.Empty(await Reassess.Reporting.StoredLeadDecisions.Instance.CountAsync(db, "no-such-profile", null, CancellationToken.None));
    }

    [Fact]
    public async Task Submission_waits_for_every_lead_then_the_decisions_are_kept_with_the_version_and_audited()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var leads = (await LeadsAsync(world, review)).Leads;

        var refused = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, CompleteForm()));
        Assert.Equal(ReviewOutcome.Invalid, refused.Outcome);
        var undecided = refused.Problems.Where(p => p.Path.StartsWith("lead_decisions[key=", StringComparison.Ordinal)).ToList();
        Assert.Equal(leads.Select(l => $"lead_decisions[key={l.Key}]").Order(StringComparer.Ordinal), undecided.Select(p => p.Path).Order(StringComparer.Ordinal));
        var access = leads.Single(l => l.Kind == LeadKind.AccessToChildren);
        Assert.Contains(undecided, p => p.Message == $"Extant risks: accept the lead \"{access.Evidence}\" into the form, or dismiss it with a reason.");

        // Accept the taxi driver lead, dismiss one data gap, leave the other undecided: still refused, for that one only.
        var form = CompleteForm();
        LeadDecisions.Accept(form, access);
        var gaps = leads.Where(l => l.Kind == LeadKind.DataGap).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        Assert.Null(LeadDecisions.Dismiss(form, gaps[0], "Nationality is recorded on the PNC record; closed there."));
        var draft = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Done, draft.Outcome);
        var again = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, draft.Review!.Version, draft.Review.ReadForm()));
        Assert.Equal([$"lead_decisions[key={gaps[1].Key}]"], again.Problems.Select(p => p.Path));
        Assert.Equal("Data gaps: accept the lead \"suspect MPS-P12: nationality not recorded\" into the form, or dismiss it with a reason.", again.Problems[0].Message);

        var complete = draft.Review!.ReadForm();
        Assert.Null(LeadDecisions.Dismiss(complete, gaps[1], "Suspect B's nationality is not relevant to the risk."));
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, draft.Review.Version, complete));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);

        await using var db = world.Context();
        var version = await db.Set<ReviewVersion>().Include(v => v.LeadDecisions).SingleAsync();
        var stored = version.ReadForm().LeadDecisions.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                ("access_to_children|MPS-P11|", LeadVerdict.Accepted, null, "access_to_children", "MPS-P11"),
                ("data_gap|MPS-P11|", LeadVerdict.Dismissed, "Nationality is recorded on the PNC record; closed there.", "data_gap", "MPS-P11"),
                ("data_gap|MPS-P12|", LeadVerdict.Dismissed, "Suspect B's nationality is not relevant to the risk.", "data_gap", "MPS-P12"),
            ],
            stored.Select(d => (d.Key, d.Decision!.Value, d.Reason, d.Kind!, d.Subject!)).ToList());
        Assert.Equal(access.Evidence, stored[0].Evidence);
        Assert.Equal(
            [("access_to_children", LeadVerdict.Accepted), ("data_gap", LeadVerdict.Dismissed), ("data_gap", LeadVerdict.Dismissed)],
            version.LeadDecisions.OrderBy(d => d.LeadKey, StringComparer.Ordinal).Select(d => (d.Kind, d.Decision)).ToList());
        Assert.All(version.LeadDecisions, d => Assert.Equal(("MPS", Reviewer.UserName, review.Id), (d.Force, d.DecidedBy, d.ReviewId)));

        // Each decision is audited once, with the save that first carried it: two with the draft, the last with the submission.
        var trail = await AuditQueries.FindAsync(db, new AuditQuery { Case = "1" });
        Assert.Equal(
            ["review.assign", "review.save_draft", "review.lead_accepted", "review.lead_dismissed", "review.submit", "review.lead_dismissed"],
            trail.Select(e => e.Operation).ToList());
        Assert.All(trail.Skip(1), e => Assert.Equal((Reviewer.UserName, AuditOutcome.Success), (e.Actor, e.Outcome)));
    }

    [Fact]
    public async Task A_dismissal_without_a_reason_or_a_decision_on_a_lead_the_case_lacks_is_refused_even_in_a_draft()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var lead = (await LeadsAsync(world, review)).Leads.First(l => l.Kind == LeadKind.AccessToChildren);

        var form = new ReviewForm();
        form.LeadDecisions.Add(new LeadDecision { Key = lead.Key, Decision = LeadVerdict.Dismissed, Reason = "  " });
        form.LeadDecisions.Add(new LeadDecision { Key = "later_offending|MPS-P11|KNT#6", Decision = LeadVerdict.Accepted });
        var result = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
        Assert.Equal(["lead_decisions[0].reason", "lead_decisions[1].key"], result.Problems.Select(p => p.Path));
        Assert.Equal($"Leads: give the reason for dismissing the lead \"{lead.Evidence}\".", result.Problems[0].Message);

        // The pure dismissal refuses too, leaving the lead undecided.
        var pure = new ReviewForm();
        var problem = LeadDecisions.Dismiss(pure, lead, "");
        Assert.Equal("lead_decisions[0].reason", problem!.Path);
        Assert.Null(Assert.Single(pure.LeadDecisions).Decision);
    }

    [Fact]
    public async Task Evidence_sent_by_the_client_is_replaced_by_the_lead_s_own()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var lead = (await LeadsAsync(world, review)).Leads.First(l => l.Kind == LeadKind.AccessToChildren);
        var form = new ReviewForm();
        form.LeadDecisions.Add(new LeadDecision { Key = lead.Key, Decision = LeadVerdict.Accepted, Evidence = "forged", Kind = "data_gap" });
        var saved = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, form));
        var decision = Assert.Single(saved.Review!.ReadForm().LeadDecisions);
        Assert.Equal((lead.Evidence, "access_to_children", "MPS-P11"), (decision.Evidence, decision.Kind, decision.Subject));
    }

    [Fact]
    public async Task Approving_no_further_action_alongside_a_high_risk_needs_the_supervisor_s_acknowledgement_which_is_kept_and_audited()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var form = CompleteForm();
        form.Recommendation = Recommendation.NoFurtherAction;
        form.HighRiskRationale = "Suspect A's licence was revoked in 2025 and he has emigrated; the council and MASH hold the risk.";
        form = await world.LeadsDismissedAsync(form);
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);

        var refused = await world.Run(s => s.ApproveAsync(Supervisor, review.Id, submitted.Review!.Version));
        Assert.Equal(ReviewOutcome.Invalid, refused.Outcome);
        Assert.Equal("acknowledge_high_risk", Assert.Single(refused.Problems).Path);
        Assert.StartsWith("Sign-off:", refused.Problems[0].Message, StringComparison.Ordinal);

        world.Clock.Advance(TimeSpan.FromHours(2));
        var approved = await world.Run(s => s.ApproveAsync(Supervisor, review.Id, submitted.Review!.Version, "Agreed.", acknowledgeHighRisk: true));
        Assert.Equal(ReviewOutcome.Done, approved.Outcome);

        await using var db = world.Context();
        var version = await db.Set<ReviewVersion>().SingleAsync();
        Assert.Equal((Supervisor.UserName, world.Clock.GetUtcNow()), (version.HighRiskAcknowledgedBy, version.HighRiskAcknowledgedAt!.Value));
        var trail = await AuditQueries.FindAsync(db, new AuditQuery { Case = "1" });
        Assert.Equal(["review.assign", "review.submit", "review.lead_dismissed", "review.lead_dismissed", "review.lead_dismissed", "review.approve", "review.acknowledge_high_risk"],
            trail.Select(e => e.Operation).ToList());
    }

    [Fact]
    public async Task A_review_without_a_high_risk_is_approved_without_an_acknowledgement_and_none_is_recorded()
    {
        await using var world = await CreateAsync();
        var submitted = await world.SubmittedAsync();
        var approved = await world.Run(s => s.ApproveAsync(Supervisor, submitted.Id, submitted.Version, acknowledgeHighRisk: true));
        Assert.Equal(ReviewOutcome.Done, approved.Outcome);
        await using var db = world.Context();
        Assert.Null((await db.Set<ReviewVersion>().SingleAsync()).HighRiskAcknowledgedBy);
    }
}
