using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Reassess.Access;
using Reassess.Reviews;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// The review of one case: the form of docs/review-form.md (drafts, submission, lists added to and removed from on the server so
/// it works without script), sign-off (approve, return with comment, reopen with reason) and earlier versions.
/// Every change names the version it was based on; a stale one is refused by <see cref="ReviewService"/> and the page
/// keeps the user's input. While the reviewer types, review.js saves the draft every few seconds (<see cref="OnPostAutosaveAsync"/>);
/// a form posted after the session ended comes back after signing in again (<see cref="ReviewInputKeeper"/>).
/// </summary>
public sealed partial class ReviewModel(CaseAccess access, CaseQueries queries, ReviewService reviews, CurrentUser me, ReviewInputKeeper kept) : CasePageModel
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
    /// <summary>The form was posted after the session ended and is shown again, unsaved, after signing in.</summary>
    public bool Restored { get; private set; }
    /// <summary>The case's facts and why it was screened in, shown beside the form (null when they cannot be read).</summary>
    public CaseDetail? Facts { get; private set; }
    /// <summary>The submitted version the shown one is compared with, and what changed since it (supervisors read it at sign-off).</summary>
    public ReviewVersion? ComparedWith { get; private set; }
    public ReviewVersion? Compared { get; private set; }
    public IReadOnlyList<ReviewChange> Changes { get; private set; } = [];

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
        else if (Editable && kept.Take(me.Id, id) is { } input)
        {
            // Typed before the session ended: back in the form, not saved (the version it was based on decides any conflict).
            var values = input.AsForm();
            Form = new ReviewForm();
            await TryUpdateModelAsync(Form, nameof(Form), new FormValueProvider(BindingSource.Form, values, CultureInfo.InvariantCulture));
            if (int.TryParse(values[nameof(Version)], NumberStyles.None, CultureInfo.InvariantCulture, out var basedOn)) Version = basedOn;
            ModelState.Clear();
            Restored = true;
            Message = $"You were signed out before your last change was saved. What you typed at {Display.ClockTime(input.At)} is back in the form below, not saved yet: save the draft or submit to keep it.";
        }
        await access.RecordViewAsync(Candidate, CaseAccess.Operations.ViewReview, cancellationToken);
        return await ShowAsync(cancellationToken);
    }

    private const string ConflictMessage = "someone else saved this review since you opened it; your text is still here: copy it, then open the latest version";

    /// <summary>
    /// The autosave of review.js: saves the posted form as a draft, as "Save draft" does (same checks, same audit entry), and
    /// answers with JSON for the page's status line: the new version token and the numbers given to new lines of enquiry
    /// (so the next save is based on them), a conflict when someone saved in between (nothing is overwritten), or the reason
    /// it was not saved. Drafts are one row per review: saving never adds a submitted version.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (Review is null) return NotFound();
        var result = await reviews.SaveDraftAsync(me.Actor, Review.Id, Version, Cleaned(Form), cancellationToken);
        return result.Outcome switch
        {
            ReviewOutcome.Done => new JsonResult(new
            {
                status = "saved",
                version = result.Review!.Version,
                at = Display.ClockTime(result.Review.UpdatedAt),
                lines = result.Review.ReadForm().LinesOfEnquiry.Select(l => l.Number).ToArray(),
            }),
            ReviewOutcome.NotFound => NotFound(),
            ReviewOutcome.ConcurrencyConflict => new JsonResult(new { status = "conflict", message = ConflictMessage }) { StatusCode = StatusCodes.Status409Conflict },
            ReviewOutcome.Forbidden => new JsonResult(new { status = "not_saved", message = result.Message }) { StatusCode = StatusCodes.Status403Forbidden },
            _ => new JsonResult(new { status = "not_saved", message = result.Problems.FirstOrDefault()?.Message ?? result.Message }) { StatusCode = 422 },
        };
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
        return await ShowAsync(cancellationToken);
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
        return await ShowAsync(cancellationToken);
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
        return await ShowAsync(cancellationToken);
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
        Message = "Not saved yet: save the draft to keep this change.";
        return await ShowAsync(cancellationToken);
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
        return await ShowAsync(cancellationToken);
    }

    /// <summary>The page: the form completed, the case's facts beside it, and what changed between submitted versions.</summary>
    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Complete(Form);
        Facts = await queries.CaseAsync(me.Actor, Candidate, cancellationToken);
        // The shown version against the one before it; at sign-off, the submitted version against the previous submission.
        var ordered = Versions.OrderBy(v => v.Number).ToList();
        var later = Shown ?? (MaySignOff ? ordered.LastOrDefault() : null);
        if (later is not null && ordered.LastOrDefault(v => v.Number < later.Number) is { } earlier)
        {
            (ComparedWith, Compared) = (earlier, later);
            Changes = ReviewDiff.Between(earlier.ReadForm(), later.ReadForm(), SuspectName);
        }
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

    /// <summary>
    /// The id of the control a problem is about (<see cref="ReviewProblem.Path"/>, as the core names it), so the error summary links
    /// to it and the control says it is invalid; null when the problem is about the form as a whole.
    /// </summary>
    public string? FieldOf(ReviewProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var m = ProblemPath().Match(problem.Path);
        if (!m.Success) return null;
        var (part, key, field) = (m.Groups["part"].Value, m.Groups["key"].Value, m.Groups["field"].Value);
        int? index = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
        int? PersonAt(IEnumerable<long> ids) => key.StartsWith("person_id=", StringComparison.Ordinal)
            && long.TryParse(key["person_id=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            && ids.ToList().IndexOf(p) is var at and >= 0 ? at : null;
        return part switch
        {
            "lines_of_enquiry" when index is { } n => $"loe-{n}-{(field is "description" or "status" ? field : "category")}",
            "lines_of_enquiry" => Form.LinesOfEnquiry.Count > 0 ? "loe-0-category" : "no-loe-reason",
            "no_lines_of_enquiry_reason" => "no-loe-reason",
            "extant_risks.to_victim" => $"risk-0-{(field == "narrative" ? "narrative" : "level")}",
            "extant_risks.to_other_children" => $"risk-1-{(field == "narrative" ? "narrative" : "level")}",
            "extant_risks.from_suspects" when PersonAt(Form.ExtantRisks.FromSuspects.Select(r => r.PersonId)) is { } n =>
                $"risk-{n + 2}-{(field == "narrative" ? "narrative" : "level")}",
            "safeguarding_referrals" when index is { } n => $"ref-{n}-{field switch { "reason" => "reason", "date_sent" => "date", _ => "agency" }}",
            "no_safeguarding_referral_reason" => "no-referral-reason",
            "opportunities" when PersonAt(Form.Opportunities.Select(o => o.PersonId)) is { } n => $"opp-{n}-{(field == "narrative" ? "narrative" : "kind")}",
            "victim_consent" => "consent",
            "reason_to_proceed_without_consent" => "without-consent",
            "data_gaps_closed" when Form.DataGapsClosed.Count > 0 => "gap-0-eth",
            "recommendation" => "recommendation",
            "rationale" => "rationale",
            "high_risk_rationale" => "high-risk-rationale",
            "lead_decisions" when LeadIndex(key) is { } n => Form.LeadDecisions[n].Decision == LeadVerdict.Accepted ? $"lead-{n}" : $"lead-{n}-reason",
            _ => null,
        };
    }

    private int? LeadIndex(string key)
    {
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return i < Form.LeadDecisions.Count ? i : null;
        var leadKey = key.StartsWith("key=", StringComparison.Ordinal) ? key[4..] : key;
        var at = Form.LeadDecisions.FindIndex(d => d.Key == leadKey);
        return at >= 0 ? at : null;
    }

    [GeneratedRegex(@"^(?<part>[a-z_.]+?)(\[(?<key>[^\]]*)\])?(\.(?<field>[a-z_]+))?$")]
    private static partial Regex ProblemPath();

    /// <summary>The problems about the control <paramref name="fieldId"/>, for its inline error.</summary>
    public IEnumerable<ReviewProblem> ProblemsAt(string fieldId) => Problems.Where(p => FieldOf(p) == fieldId);

    /// <summary><c>true</c> for <c>aria-invalid</c> on a control with a problem, else null (no attribute).</summary>
    public string? InvalidAt(string fieldId) => ProblemsAt(fieldId).Any() ? "true" : null;

    /// <summary>The id of the control's inline error for <c>aria-describedby</c>, else null (no attribute).</summary>
    public string? ErrorIdAt(string fieldId) => ProblemsAt(fieldId).Any() ? fieldId + "-error" : null;

    public string SuspectName(long personId) => Suspects.FirstOrDefault(s => s.PersonId == personId)?.Name ?? $"person {personId}";
}
