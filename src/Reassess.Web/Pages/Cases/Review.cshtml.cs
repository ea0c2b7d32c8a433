using Microsoft.AspNetCore.Mvc;
using Reassess.Access;
using Reassess.Reviews;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// The review of one case: the form of review.md (drafts, submission, lists added to and removed from on the server so
/// it works without script), sign-off (approve, return with comment, reopen with reason) and earlier versions.
/// Every change names the version it was based on; a stale one is refused by <see cref="ReviewService"/> and the page
/// keeps the user's input.
/// </summary>
public sealed class ReviewModel(CaseAccess access, CaseQueries queries, ReviewService reviews, CurrentUser me) : CasePageModel
{
    [BindProperty] public ReviewForm Form { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    /// <summary>The supervisor acknowledges the high-risk rationale of a no-further-action review (required to approve one).</summary>
    [BindProperty] public bool AcknowledgeHighRisk { get; set; }
    /// <summary>The supervisor confirmed the approval on the confirmation step (approval is never one click).</summary>
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>Approve was pressed once: the page asks the supervisor to confirm, keeping their comment and acknowledgement.</summary>
    public bool ConfirmingApproval { get; private set; }
    [BindProperty(SupportsGet = true, Name = "v")] public int? ShowVersion { get; set; }

    [TempData] public string? Notice { get; set; }

    public Review? Review { get; private set; }
    public IReadOnlyList<SuspectRef> Suspects { get; private set; } = [];
    public IReadOnlyList<ReviewVersion> Versions { get; private set; } = [];
    public ReviewVersion? Shown { get; private set; }
    public IReadOnlyList<ReviewProblem> Problems { get; private set; } = [];
    /// <summary>The case's current leads (none before the case is assigned).</summary>
    public ReviewLeadSet Leads { get; private set; } = ReviewLeadSet.None;
    public string? Message { get; private set; }
    public bool Stale { get; private set; }

    /// <summary>What the user may do with the case now (<see cref="CaseRules"/>, the rules <see cref="ReviewService"/> enforces).</summary>
    public CaseActions Actions { get; private set; } = CaseActions.None;

    /// <summary>The form is editable: the user may edit the review and is not looking at an earlier version.</summary>
    public bool Editable => Review is not null && Actions.CanEdit && Shown is null;
    public bool MaySignOff => Review is not null && Actions.CanSignOff;
    public bool MayReopen => Review is not null && Actions.CanReopen;
    public bool MayTake => Actions.CanTake;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Review is not null)
        {
            Form = Review.ReadForm();
            Version = Review.Version;
        }
        if (ShowVersion is { } n)
        {
            Shown = Versions.FirstOrDefault(v => v.Number == n);
            if (Shown is null) return NotFound();
            Form = Shown.ReadForm();
        }
        await access.RecordViewAsync(Candidate, CaseAccess.Operations.ViewReview, cancellationToken);
        Complete(Form);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => reviews.SaveDraftAsync(me.Actor, r.Id, Version, Cleaned(Form), cancellationToken), keepInput: true, cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => reviews.SubmitAsync(me.Actor, r.Id, Version, Cleaned(Form), cancellationToken), keepInput: true, cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken cancellationToken)
    {
        if (Confirmed)
            return await ChangeAsync(id, r => reviews.ApproveAsync(me.Actor, r.Id, Version, Comment, AcknowledgeHighRisk, cancellationToken), keepInput: false, cancellationToken);
        // First press: nothing is signed off yet; the page asks for confirmation (the review service still decides).
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Review is null) return NotFound();
        if (!Actions.CanSignOff) return await ChangeAsync(id, r => reviews.ApproveAsync(me.Actor, r.Id, Version, Comment, AcknowledgeHighRisk, cancellationToken), keepInput: false, cancellationToken);
        ConfirmingApproval = true;
        ModelState.Clear();
        Form = Review.ReadForm();
        Complete(Form);
        return Page();
    }

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => reviews.ReturnAsync(me.Actor, r.Id, Version, Comment, cancellationToken), keepInput: false, cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, r => reviews.ReopenAsync(me.Actor, r.Id, Version, Comment, cancellationToken), keepInput: false, cancellationToken);

    /// <summary>"Assign to me" from the review page of a queued case.</summary>
    public async Task<IActionResult> OnPostTakeAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        var result = await reviews.TakeAsync(me.Actor, id, cancellationToken);
        if (result.Outcome == ReviewOutcome.NotFound) return NotFound();
        if (result.Succeeded) return RedirectToPage(new { id });
        Message = result.Message;
        Complete(Form);
        return Page();
    }

    /// <summary>
    /// Accepts a lead (its proposals go into the form, prefilled and editable) or dismisses it with the reason typed beside
    /// it, and shows the form again; nothing is saved until the draft is saved or the review submitted.
    /// </summary>
    public async Task<IActionResult> OnPostLeadAsync(long id, string op, string key, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (!Editable) return Forbid();
        if (Leads.Find(key) is not { } lead) return BadRequest();
        switch (op)
        {
            case "accept":
                LeadDecisions.Accept(Form, lead);
                Message = "Lead accepted: its items are in the form below for you to check and edit. Not saved yet: save the draft to keep this change.";
                break;
            case "dismiss":
                var reason = Form.LeadDecisions.FirstOrDefault(d => d.Key == key)?.Reason;
                if (LeadDecisions.Dismiss(Form, lead, reason) is { } problem)
                {
                    Problems = [problem];
                    Message = "The lead was not dismissed: a reason is required.";
                }
                else Message = "Lead dismissed. Not saved yet: save the draft to keep this change.";
                break;
            default: return BadRequest();
        }
        ModelState.Clear();
        Complete(Form);
        return Page();
    }

    /// <summary>Adds or removes a list item (line of enquiry, referral) and shows the form again; nothing is saved.</summary>
    public async Task<IActionResult> OnPostEditListAsync(long id, string op, int index, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        switch (op)
        {
            case "add-line": Form.LinesOfEnquiry.Add(new LineOfEnquiry()); break;
            case "remove-line" when index >= 0 && index < Form.LinesOfEnquiry.Count: Form.LinesOfEnquiry.RemoveAt(index); break;
            case "add-referral": Form.SafeguardingReferrals.Add(new SafeguardingReferral()); break;
            case "remove-referral" when index >= 0 && index < Form.SafeguardingReferrals.Count: Form.SafeguardingReferrals.RemoveAt(index); break;
            default: return BadRequest();
        }
        // The page shows the edited lists, not the values posted for the old indexes.
        ModelState.Clear();
        Complete(Form);
        Message = "Not saved yet: save the draft to keep this change.";
        return Page();
    }

    // keepInput: the form's own saves show what the user typed when refused; sign-off shows the review as stored.
    private async Task<IActionResult> ChangeAsync(long id, Func<Review, Task<ReviewResult>> change, bool keepInput, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Review is null) return NotFound();
        var result = await change(Review);
        switch (result.Outcome)
        {
            case ReviewOutcome.Done:
                Notice = result.Message;
                return RedirectToPage(new { id });
            case ReviewOutcome.NotFound:
                return NotFound();
            case ReviewOutcome.ConcurrencyConflict:
                Stale = true;
                break;
            default:
                Problems = result.Problems;
                break;
        }
        Message = result.Message;
        ModelState.Clear();
        if (!keepInput) Form = (result.Review ?? Review).ReadForm();
        Complete(Form);
        return Page();
    }

    /// <summary>Loads the case (404 for another force's, the justification page for national oversight without one).</summary>
    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var (candidate, refusal) = await access.OpenAsync(id, cancellationToken);
        if (candidate is null) return refusal;
        Candidate = candidate;
        Review = await queries.ReviewAsync(id, cancellationToken);
        Suspects = await reviews.SuspectsAsync(candidate.InvestigationId, cancellationToken);
        Versions = await queries.VersionsAsync(id, cancellationToken);
        Actions = CaseRules.ActionsFor(me.Actor, candidate, Review);
        if (Review is not null && Actions.CanEdit) Leads = await reviews.CurrentLeadsAsync(Review, cancellationToken);
        return null;
    }

    /// <summary>
    /// One risk, one opportunity and one data-gap row per suspect, so the form always asks about each; and, while the form
    /// is editable, an entry for every current lead (undecided until the reviewer accepts or dismisses it).
    /// </summary>
    private void Complete(ReviewForm form)
    {
        if (Editable) LeadDecisions.Complete(form, Leads.Leads);
        foreach (var s in Suspects)
        {
            if (!form.ExtantRisks.FromSuspects.Any(r => r.PersonId == s.PersonId)) form.ExtantRisks.FromSuspects.Add(new SuspectRisk { PersonId = s.PersonId });
            if (!form.Opportunities.Any(o => o.PersonId == s.PersonId)) form.Opportunities.Add(new SuspectOpportunity { PersonId = s.PersonId });
            if (!form.DataGapsClosed.Any(g => g.PersonId == s.PersonId)) form.DataGapsClosed.Add(new DataGapClosure { PersonId = s.PersonId });
        }
    }

    /// <summary>The form as the service should see it: data-gap rows left empty are not closures.</summary>
    private static ReviewForm Cleaned(ReviewForm form)
    {
        form.DataGapsClosed.RemoveAll(g => string.IsNullOrWhiteSpace(g.SelfDefinedEthnicity) && string.IsNullOrWhiteSpace(g.Nationality));
        return form;
    }

    /// <summary>The indexes of the form's lead decisions that answer <paramref name="question"/>, in order.</summary>
    public IEnumerable<int> LeadsIn(Reassess.Leads.ReviewQuestion question) =>
        Enumerable.Range(0, Form.LeadDecisions.Count).Where(i => LeadDecisions.QuestionOf(Form.LeadDecisions[i]) == question);

    public string SuspectName(long personId) => Suspects.FirstOrDefault(s => s.PersonId == personId)?.Name ?? $"person {personId}";
}
