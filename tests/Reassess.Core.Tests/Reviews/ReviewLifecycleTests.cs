using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Reviews;

[Trait("Category", "Database")]
public class ReviewLifecycleTests
{
    [Fact]
    public async Task A_case_goes_from_assignment_to_approval_and_every_transition_records_who_when_and_why()
    {
        await using var world = await CreateAsync();
        var assigned = await world.Run(s => s.AssignAsync(Supervisor, world.Case, Reviewer.UserName));
        Assert.Equal(ReviewOutcome.Done, assigned.Outcome);
        Assert.Equal(ReviewStatus.Assigned, assigned.Review!.Status);
        Assert.Equal(Reviewer.UserName, assigned.Review.ReviewerUserName);
        var id = assigned.Review.Id;

        world.Clock.Advance(TimeSpan.FromHours(1));
        var started = await world.Run(s => s.StartAsync(Reviewer, id, assigned.Review.Version));
        Assert.Equal(ReviewStatus.InReview, started.Review!.Status);

        world.Clock.Advance(TimeSpan.FromHours(1));
        var draft = await world.Run(s => s.SaveDraftAsync(Reviewer, id, started.Review.Version, new ReviewForm { Rationale = "So far." }));
        Assert.Equal(ReviewOutcome.Done, draft.Outcome);

        world.Clock.Advance(TimeSpan.FromHours(1));
        var form = await world.LeadsDismissedAsync(CompleteForm());
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, id, draft.Review!.Version, form));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);
        Assert.Equal(ReviewStatus.Submitted, submitted.Review!.Status);

        world.Clock.Advance(TimeSpan.FromHours(1));
        var approved = await world.Run(s => s.ApproveAsync(OtherSupervisor, id, submitted.Review.Version, "Agreed."));
        Assert.Equal(ReviewOutcome.Done, approved.Outcome);

        await using var db = world.Context();
        var review = await db.Set<Review>().SingleAsync();
        Assert.Equal(ReviewStatus.Approved, review.Status);
        Assert.Equal(OtherSupervisor.UserName, review.SupervisorUserName);
        Assert.Equal(Recommendation.ReinvestigateLocally, review.Recommendation);
        Assert.Equal(1, review.ReferralCount);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), review.AssignedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), review.SubmittedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), review.DecidedAt);

        var history = await db.Set<ReviewTransition>().Where(t => t.CandidateId == world.Case).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(
            [
                (ReviewStatus.Queued, ReviewStatus.Assigned, Supervisor.UserName),
                (ReviewStatus.Assigned, ReviewStatus.InReview, Reviewer.UserName),
                (ReviewStatus.InReview, ReviewStatus.Submitted, Reviewer.UserName),
                (ReviewStatus.Submitted, ReviewStatus.Approved, OtherSupervisor.UserName),
            ],
            history.Select(t => (t.From, t.To, t.Actor)).ToList());
        Assert.Equal("Agreed.", history[^1].Comment);
        Assert.Equal(Roles.Supervisor, history[^1].ActorRole);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), history[^1].At);
    }

    [Fact]
    public async Task A_reviewer_takes_a_case_from_the_queue_and_no_one_else_can_take_it_after()
    {
        await using var world = await CreateAsync();
        var taken = await world.Run(s => s.TakeAsync(Reviewer, world.Case));
        Assert.Equal(ReviewOutcome.Done, taken.Outcome);
        Assert.Equal(Reviewer.UserName, taken.Review!.ReviewerUserName);

        var again = await world.Run(s => s.TakeAsync(OtherReviewer, world.Case));
        Assert.Equal(ReviewOutcome.WrongStatus, again.Outcome);
        Assert.Contains(Reviewer.UserName, again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_cannot_assign_a_case_to_someone_else()
    {
        await using var world = await CreateAsync();
        var result = await world.Run(s => s.AssignAsync(Reviewer, world.Case, OtherReviewer.UserName));
        Assert.Equal(ReviewOutcome.Forbidden, result.Outcome);
    }

    [Theory]
    [InlineData("rev.kent")]   // a reviewer of another force
    [InlineData("rev.gone")]   // disabled
    [InlineData("lead.mps")]   // not a reviewer
    [InlineData("nobody")]
    public async Task A_supervisor_assigns_only_to_an_active_reviewer_of_the_same_force(string assignee)
    {
        await using var world = await CreateAsync();
        var result = await world.Run(s => s.AssignAsync(Supervisor, world.Case, assignee));
        Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
        Assert.Equal("reviewer", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public async Task A_supervisor_reassigns_a_review_in_progress_and_the_history_says_from_whom()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var started = await world.Run(s => s.StartAsync(Reviewer, review.Id, review.Version));
        var moved = await world.Run(s => s.AssignAsync(Supervisor, world.Case, OtherReviewer.UserName));
        Assert.Equal(ReviewOutcome.Done, moved.Outcome);
        Assert.Equal(ReviewStatus.Assigned, moved.Review!.Status);
        Assert.Equal(OtherReviewer.UserName, moved.Review.ReviewerUserName);
        Assert.Equal(started.Review!.Version + 1, moved.Review.Version);

        var lost = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, moved.Review.Version, new ReviewForm()));
        Assert.Equal(ReviewOutcome.Forbidden, lost.Outcome);

        await using var db = world.Context();
        var last = await db.Set<ReviewTransition>().OrderBy(t => t.Id).LastAsync();
        Assert.Equal((ReviewStatus.InReview, ReviewStatus.Assigned), (last.From, last.To));
        Assert.Equal("Assigned to rev.two (was rev.one).", last.Comment);
    }

    [Fact]
    public async Task A_submitted_review_cannot_be_reassigned()
    {
        await using var world = await CreateAsync();
        await world.SubmittedAsync();
        var result = await world.Run(s => s.AssignAsync(Supervisor, world.Case, OtherReviewer.UserName));
        Assert.Equal(ReviewOutcome.WrongStatus, result.Outcome);
    }

    [Fact]
    public async Task Bulk_assignment_assigns_each_case_and_reports_the_ones_it_could_not()
    {
        await using var world = await CreateAsync();
        await world.SubmittedAsync();
        var result = await world.Run(s => s.BulkAssignAsync(Supervisor,
            [world.Candidates["MPS-0002"], world.Case, world.Candidates["MPS-0003"], world.KentCase], OtherReviewer.UserName));
        Assert.Equal(2, result.Assigned);
        Assert.Equal(
            [ReviewOutcome.Done, ReviewOutcome.WrongStatus, ReviewOutcome.Done, ReviewOutcome.NotFound],
            result.Results.Select(r => r.Result.Outcome).ToList());
    }

    [Fact]
    public async Task Bulk_assignment_is_for_supervisors()
    {
        await using var world = await CreateAsync();
        var result = await world.Run(s => s.BulkAssignAsync(Reviewer, [world.Case, world.Candidates["MPS-0002"]], OtherReviewer.UserName));
        Assert.Equal(0, result.Assigned);
        Assert.All(result.Results, r => Assert.Equal(ReviewOutcome.Forbidden, r.Result.Outcome));
    }

    [Fact]
    public async Task Only_the_assigned_reviewer_edits_the_review()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        foreach (var actor in new[] { OtherReviewer, Supervisor, ForceLead })
        {
            Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.StartAsync(actor, review.Id, review.Version))).Outcome);
            Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.SaveDraftAsync(actor, review.Id, review.Version, new ReviewForm()))).Outcome);
            Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.SubmitAsync(actor, review.Id, review.Version, CompleteForm()))).Outcome);
        }
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.SaveDraftAsync(National, review.Id, review.Version, new ReviewForm()))).Outcome);
    }

    public static TheoryData<string> SignOffRefusals => ["rev.one", "rev.two", "lead.mps"];

    [Theory]
    [MemberData(nameof(SignOffRefusals))]
    public async Task Only_a_supervisor_approves_or_returns(string who)
    {
        await using var world = await CreateAsync();
        var review = await world.SubmittedAsync();
        var actor = new[] { Reviewer, OtherReviewer, ForceLead }.Single(a => a.UserName == who);
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.ApproveAsync(actor, review.Id, review.Version))).Outcome);
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.ReturnAsync(actor, review.Id, review.Version, "Redo."))).Outcome);
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.ApproveAsync(National, review.Id, review.Version))).Outcome);
    }

    [Fact]
    public async Task A_supervisor_cannot_approve_or_return_a_review_they_wrote()
    {
        await using var world = await CreateAsync();
        var assigned = await world.Run(s => s.TakeAsync(Supervisor, world.Case));
        var form = await world.LeadsDismissedAsync(CompleteForm());
        var submitted = await world.Run(s => s.SubmitAsync(Supervisor, assigned.Review!.Id, assigned.Review.Version, form));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);

        var own = await world.Run(s => s.ApproveAsync(Supervisor, submitted.Review!.Id, submitted.Review.Version));
        Assert.Equal(ReviewOutcome.Forbidden, own.Outcome);
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.ReturnAsync(Supervisor, submitted.Review!.Id, submitted.Review.Version, "x"))).Outcome);

        var other = await world.Run(s => s.ApproveAsync(OtherSupervisor, submitted.Review!.Id, submitted.Review.Version));
        Assert.Equal(ReviewOutcome.Done, other.Outcome);
    }

    [Fact]
    public async Task A_review_that_is_not_submitted_cannot_be_approved_or_returned()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        Assert.Equal(ReviewOutcome.WrongStatus, (await world.Run(s => s.ApproveAsync(Supervisor, review.Id, review.Version))).Outcome);
        Assert.Equal(ReviewOutcome.WrongStatus, (await world.Run(s => s.ReturnAsync(Supervisor, review.Id, review.Version, "Why?"))).Outcome);
        Assert.Equal(ReviewOutcome.WrongStatus, (await world.Run(s => s.ReopenAsync(Supervisor, review.Id, review.Version, "Why?"))).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Returning_a_review_needs_a_comment(string? comment)
    {
        await using var world = await CreateAsync();
        var review = await world.SubmittedAsync();
        var result = await world.Run(s => s.ReturnAsync(Supervisor, review.Id, review.Version, comment));
        Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
        Assert.Equal("comment", Assert.Single(result.Problems).Path);
        await using var db = world.Context();
        Assert.Equal(ReviewStatus.Submitted, (await db.Set<Review>().SingleAsync()).Status);
    }

    [Fact]
    public async Task A_returned_review_is_corrected_and_resubmitted_and_both_submissions_stay_readable()
    {
        await using var world = await CreateAsync();
        var review = await world.SubmittedAsync();
        var returned = await world.Run(s => s.ReturnAsync(Supervisor, review.Id, review.Version, "Say more about suspect B."));
        Assert.Equal(ReviewStatus.Returned, returned.Review!.Status);

        var form = returned.Review.ReadForm(); // the submitted form, its lead decisions included
        form.Opportunities[1].Narrative = "Checked the ANPR: no sightings near the address.";
        var resubmitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, returned.Review.Version, form));
        Assert.Equal(ReviewOutcome.Done, resubmitted.Outcome);
        Assert.Equal(ReviewStatus.Submitted, resubmitted.Review!.Status);

        await using var db = world.Context();
        var versions = await db.Set<ReviewVersion>().OrderBy(v => v.Number).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Number).ToList());
        Assert.Equal(ReviewStatus.Returned, versions[0].Decision);
        Assert.Equal("Say more about suspect B.", versions[0].DecisionComment);
        Assert.Equal("No evidence links him beyond the account.", versions[0].ReadForm().Opportunities[1].Narrative);
        Assert.Null(versions[1].Decision);
        var moves = await db.Set<ReviewTransition>().OrderBy(t => t.Id).Select(t => new { t.From, t.To }).ToListAsync();
        Assert.Equal(
            [ReviewStatus.Assigned, ReviewStatus.InReview, ReviewStatus.Submitted, ReviewStatus.Returned, ReviewStatus.InReview, ReviewStatus.Submitted],
            moves.Select(m => m.To).ToList());
    }

    [Fact]
    public async Task Reopening_an_approved_review_needs_a_reason_and_keeps_the_approved_version()
    {
        await using var world = await CreateAsync();
        var approved = await world.ApprovedAsync();

        var noReason = await world.Run(s => s.ReopenAsync(OtherSupervisor, approved.Id, approved.Version, " "));
        Assert.Equal(ReviewOutcome.Invalid, noReason.Outcome);
        Assert.Equal(ReviewOutcome.Forbidden, (await world.Run(s => s.ReopenAsync(Reviewer, approved.Id, approved.Version, "Mine."))).Outcome);

        var reopened = await world.Run(s => s.ReopenAsync(OtherSupervisor, approved.Id, approved.Version, "New intelligence on suspect A."));
        Assert.Equal(ReviewOutcome.Done, reopened.Outcome);
        Assert.Equal(ReviewStatus.InReview, reopened.Review!.Status);
        Assert.Null(reopened.Review.DecidedAt);

        var form = CompleteForm();
        form.Recommendation = Recommendation.ReferToNationalOperation;
        var draft = await world.Run(s => s.SaveDraftAsync(Reviewer, approved.Id, reopened.Review.Version, form));
        Assert.Equal(ReviewOutcome.Done, draft.Outcome);

        await using var db = world.Context();
        var version = await db.Set<ReviewVersion>().SingleAsync();
        Assert.Equal(ReviewStatus.Approved, version.Decision);
        Assert.Equal(Supervisor.UserName, version.DecidedBy);
        Assert.Equal(Recommendation.ReinvestigateLocally, version.ReadForm().Recommendation);
        Assert.Equal(Recommendation.ReferToNationalOperation, (await db.Set<Review>().SingleAsync()).ReadForm().Recommendation);
        var last = await db.Set<ReviewTransition>().Where(t => t.To == ReviewStatus.InReview).OrderBy(t => t.Id).LastAsync();
        Assert.Equal((ReviewStatus.Approved, "New intelligence on suspect A.", OtherSupervisor.UserName), (last.From, last.Comment, last.Actor));
    }

    [Fact]
    public async Task Submitting_an_empty_form_is_refused_with_the_exact_list_of_what_is_missing_and_nothing_changes()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var result = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, new ReviewForm()));
        Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
        Assert.Equal(
            [
                "no_lines_of_enquiry_reason",
                "extant_risks.to_victim.level",
                "extant_risks.to_other_children.level",
                $"extant_risks.from_suspects[person_id={SuspectA}].level",
                $"extant_risks.from_suspects[person_id={SuspectB}].level",
                $"opportunities[person_id={SuspectA}].kind",
                $"opportunities[person_id={SuspectA}].narrative",
                $"opportunities[person_id={SuspectB}].kind",
                $"opportunities[person_id={SuspectB}].narrative",
                "victim_consent",
                "recommendation",
                "rationale",
                // The case's leads, none decided (a review is never submitted with a lead undecided).
                "lead_decisions[key=access_to_children|MPS-P11|]",
                "lead_decisions[key=data_gap|MPS-P11|]",
                "lead_decisions[key=data_gap|MPS-P12|]",
            ],
            result.Problems.Select(p => p.Path).ToList());
        Assert.Equal("Opportunities: choose the opportunity to bring Gary Ashdown (MPS-P11) to justice (or none).", result.Problems[5].Message);
        Assert.Equal("The review was not submitted: 15 things need attention.", result.Message);

        await using var db = world.Context();
        var stored = await db.Set<Review>().SingleAsync();
        Assert.Equal((ReviewStatus.Assigned, review.Version), (stored.Status, stored.Version));
        Assert.Empty(await db.Set<ReviewVersion>().ToListAsync());
    }

    [Fact]
    public async Task A_save_based_on_a_stale_version_is_refused_and_the_newer_work_is_kept()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var first = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm { Rationale = "From the laptop." }));
        Assert.Equal(ReviewOutcome.Done, first.Outcome);

        // The same reviewer, in a second tab opened before the first save.
        var stale = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm { Rationale = "From the other tab." }));
        Assert.Equal(ReviewOutcome.ConcurrencyConflict, stale.Outcome);
        Assert.Equal(first.Review!.Version, stale.Review!.Version);
        Assert.Equal("From the laptop.", stale.Review.ReadForm().Rationale);
        Assert.Contains("not saved", stale.Message, StringComparison.Ordinal);

        var staleSubmit = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, CompleteForm()));
        Assert.Equal(ReviewOutcome.ConcurrencyConflict, staleSubmit.Outcome);
        var staleApprove = await world.Run(s => s.ApproveAsync(Supervisor, review.Id, review.Version));
        Assert.Equal(ReviewOutcome.ConcurrencyConflict, staleApprove.Outcome);

        await using var db = world.Context();
        var stored = await db.Set<Review>().SingleAsync();
        Assert.Equal("From the laptop.", stored.ReadForm().Rationale);
        Assert.Equal(ReviewStatus.InReview, stored.Status);
    }

    [Fact]
    public async Task Two_saves_racing_from_the_same_version_leave_one_winner_and_the_database_refuses_the_other()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        // The slower request read the review before the faster one saved; the database's concurrency check catches it.
        await using var slowDb = world.Context();
        var slow = new ReviewService(slowDb, world.Clock, world.Audit, world.Leads);
        _ = await slowDb.Set<Review>().SingleAsync(r => r.Id == review.Id);

        var fast = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm { Rationale = "Fast." }));
        Assert.Equal(ReviewOutcome.Done, fast.Outcome);
        var late = await slow.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm { Rationale = "Slow." });
        Assert.Equal(ReviewOutcome.ConcurrencyConflict, late.Outcome);
        Assert.Equal("Fast.", late.Review!.ReadForm().Rationale);

        await using var db = world.Context();
        Assert.Equal("Fast.", (await db.Set<Review>().SingleAsync()).ReadForm().Rationale);
        Assert.Equal(1, await db.Set<ReviewTransition>().CountAsync(t => t.To == ReviewStatus.InReview));
    }

    [Fact]
    public async Task Closing_a_data_gap_updates_the_suspect_and_keeps_the_earlier_value_in_its_history()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var form = CompleteForm();
        form.DataGapsClosed =
        [
            new() { PersonId = SuspectA, SelfDefinedEthnicity = "a2", Nationality = "gbr" },
            new() { PersonId = SuspectB, SelfDefinedEthnicity = "W1" }, // already recorded: nothing to change
        ];
        form = await world.LeadsDismissedAsync(form);
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Done, submitted.Outcome);

        await using var db = world.Context();
        var person = await db.People.SingleAsync(p => p.Id == SuspectA);
        Assert.Equal(("A2", "GBR"), (person.SelfDefinedEthnicity, person.Nationality));
        var changes = await db.RecordChanges.OrderBy(c => c.Field).ToListAsync();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c =>
        {
            Assert.Equal(("person", SuspectA, Reviewer.UserName), (c.Entity, c.RecordId, c.ChangedBy));
            Assert.Equal($"review {review.Id}: data gap closed", c.Reason);
            Assert.Null(c.OldValue);
            Assert.Equal(world.Clock.GetUtcNow(), c.ChangedAt);
        });
        Assert.Equal(("nationality", "GBR"), (changes[0].Field, changes[0].NewValue));
        Assert.Equal(("self_defined_ethnicity", "A2"), (changes[1].Field, changes[1].NewValue));
        Assert.Equal("W1", (await db.People.SingleAsync(p => p.Id == SuspectB)).SelfDefinedEthnicity);
    }

    [Fact]
    public async Task A_data_gap_for_someone_who_is_not_a_suspect_is_refused_and_the_person_is_untouched()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var form = CompleteForm();
        form.DataGapsClosed = [new() { PersonId = Victim, Nationality = "GBR" }];
        form = await world.LeadsDismissedAsync(form);
        var result = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form));
        Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
        Assert.Equal("data_gaps_closed[0].person_id", Assert.Single(result.Problems).Path);
        await using var db = world.Context();
        Assert.Null((await db.People.SingleAsync(p => p.Id == Victim)).Nationality);
        Assert.Empty(await db.RecordChanges.ToListAsync());
    }

    [Fact]
    public async Task A_line_of_enquiry_only_moves_forward()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var form = new ReviewForm { LinesOfEnquiry = [new() { Category = EnquiryCategory.Forensic, Description = "Re-test the swabs." }] };
        var saved = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, form));
        var line = Assert.Single(saved.Review!.ReadForm().LinesOfEnquiry);
        Assert.Equal(1, line.Number);

        line.Status = EnquiryStatus.Completed;
        var forward = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, saved.Review.Version, new ReviewForm { LinesOfEnquiry = [line] }));
        Assert.Equal(ReviewOutcome.Done, forward.Outcome);

        line.Status = EnquiryStatus.Allocated;
        var back = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, forward.Review!.Version, new ReviewForm { LinesOfEnquiry = [line] }));
        Assert.Equal(ReviewOutcome.Invalid, back.Outcome);
        Assert.Equal("lines_of_enquiry[0].status", Assert.Single(back.Problems).Path);

        var dropped = await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, forward.Review!.Version, new ReviewForm()));
        Assert.Equal(ReviewOutcome.Invalid, dropped.Outcome);
    }

    [Fact]
    public async Task An_actor_of_another_force_is_told_the_case_does_not_exist()
    {
        await using var world = await CreateAsync();
        var review = await world.SubmittedAsync();
        foreach (var actor in new[] { KentReviewer, KentSupervisor, Auditor, Admin })
        {
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.AssignAsync(actor, world.Case, actor.UserName))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.TakeAsync(actor, world.Case))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.StartAsync(actor, review.Id, review.Version))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.SaveDraftAsync(actor, review.Id, review.Version, new ReviewForm()))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.SubmitAsync(actor, review.Id, review.Version, CompleteForm()))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.ApproveAsync(actor, review.Id, review.Version))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.ReturnAsync(actor, review.Id, review.Version, "x"))).Outcome);
            Assert.Equal(ReviewOutcome.NotFound, (await world.Run(s => s.ReopenAsync(actor, review.Id, review.Version, "x"))).Outcome);
        }
        // Exactly what a case that does not exist gets.
        var missing = await world.Run(s => s.ApproveAsync(Supervisor, 999_999, 1));
        var foreign = await world.Run(s => s.ApproveAsync(KentSupervisor, review.Id, review.Version));
        Assert.Equal((missing.Outcome, missing.Message, missing.Review), (foreign.Outcome, foreign.Message, foreign.Review));
    }

    [Fact]
    public async Task Every_change_is_audited_under_the_investigation_and_refusals_are_logged_as_denied()
    {
        await using var world = await CreateAsync();
        var review = await world.AssignedAsync();
        var form = CompleteForm();
        form.DataGapsClosed = [new() { PersonId = SuspectA, Nationality = "GBR" }];
        form = await world.LeadsDismissedAsync(form);
        var submitted = await world.Run(s => s.SubmitAsync(Reviewer, review.Id, review.Version, form));
        await world.Run(s => s.ApproveAsync(Reviewer, review.Id, submitted.Review!.Version));          // forbidden
        await world.Run(s => s.ApproveAsync(KentSupervisor, review.Id, submitted.Review!.Version));    // another force
        await world.Run(s => s.SaveDraftAsync(Reviewer, review.Id, review.Version, new ReviewForm())); // stale: nothing changes
        await world.Run(s => s.ReturnAsync(Supervisor, review.Id, submitted.Review!.Version, "More."));

        await using var db = world.Context();
        var trail = await AuditQueries.FindAsync(db, new AuditQuery { Case = "1" });
        Assert.Equal(
            [
                ("review.assign", Supervisor.UserName, AuditOutcome.Success),
                ("review.submit", Reviewer.UserName, AuditOutcome.Success),
                ("review.lead_dismissed", Reviewer.UserName, AuditOutcome.Success), // the case's three leads, each decided
                ("review.lead_dismissed", Reviewer.UserName, AuditOutcome.Success),
                ("review.lead_dismissed", Reviewer.UserName, AuditOutcome.Success),
                ("review.approve", Reviewer.UserName, AuditOutcome.Denied),
                ("review.approve", KentSupervisor.UserName, AuditOutcome.Denied),
                ("review.return", Supervisor.UserName, AuditOutcome.Success),
            ],
            trail.Select(e => (e.Operation, e.Actor, e.Outcome)).ToList());
        Assert.All(trail, e => Assert.Equal(AuditCategory.Alteration, e.Category));
        var person = Assert.Single(await db.Set<AuditEntry>().Where(e => e.SubjectType == AuditSubjects.Person).ToListAsync());
        Assert.Equal(("person.data_gap_closed", SuspectA.ToString(System.Globalization.CultureInfo.InvariantCulture)), (person.Operation, person.SubjectIds));
    }
}
