using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Queue;

/// <summary>
/// The force's queue for triage: search (crime reference, a nominal's name, an identifier), sortable columns, each row's
/// leading priority factors and age, "take next", saved views, and the supervisor's bulk assignment, which only moves
/// queued cases unless a reassignment of active reviews is asked for and confirmed.
/// </summary>
public sealed class IndexModel(QueueSearch search, CaseQueries queries, ReviewService reviews, Notifications notifications, CaseAccess access,
    CurrentUser me, SavedViews savedViews, IConfiguration configuration, TimeProvider clock) : PageModel
{
    /// <summary>Configuration of the ageing thresholds, in days: <c>Reassess:Workbench:AgeingDays:Queued</c> and so on.</summary>
    public const string AgeingSection = "Reassess:Workbench:AgeingDays";

    [BindProperty(SupportsGet = true)] public string? Typology { get; set; }
    [BindProperty(SupportsGet = true)] public ReviewStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reviewer { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public CandidateBasis? Basis { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? SortBy { get; set; }
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Direction { get; set; }
    [BindProperty(SupportsGet = true, Name = "reassign")] public bool ReassignMode { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public List<long> Reassign { get; set; } = [];
    [BindProperty] public List<string> AssignTo { get; set; } = [];
    [BindProperty] public string? From { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    [BindProperty] public string? ViewName { get; set; }

    public TriagePage Queue { get; private set; } = null!;
    public QueueFilterOptions Options { get; private set; } = null!;
    public IReadOnlyList<string> Assignees { get; private set; } = [];
    public IReadOnlyList<SavedView> Views { get; private set; } = [];
    public bool IsSupervisor => me.Is(Roles.Supervisor);
    public bool MayTake => me.Role is Roles.Reviewer or Roles.Supervisor;
    public string? Notice { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Set when a reassignment of active reviews waits for the supervisor's confirmation.</summary>
    public ReassignmentPlan? Pending { get; private set; }

    public QueueSort Sort => Enum.TryParse<QueueSort>(SortBy, ignoreCase: true, out var s) ? s : QueueSort.Priority;

    /// <summary>Descending unless asked otherwise; priority and age read most urgent first.</summary>
    public bool Descending => Direction is null ? Sort is QueueSort.Priority or QueueSort.Age : Direction != "asc";

    public QueueQuery Query => new()
    {
        Filter = new() { Typology = Typology, Status = Status, Reviewer = Reviewer, Year = Year, Basis = Basis, Page = Math.Max(1, PageNumber) },
        Search = Search,
        Sort = Sort,
        Descending = Descending,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>"Assign to me".</summary>
    public async Task<IActionResult> OnPostTakeAsync(long candidateId, CancellationToken cancellationToken)
    {
        var result = await reviews.TakeAsync(me.Actor, candidateId, cancellationToken);
        if (result.Outcome == ReviewOutcome.NotFound) return NotFound();
        if (result.Succeeded) return RedirectToPage("/Cases/Review", new { id = candidateId });
        Problems = [result.Message ?? "The case could not be assigned."];
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>"Take next": the highest-priority queued case under the current filters and search, assigned to the user.</summary>
    public async Task<IActionResult> OnPostTakeNextAsync(CancellationToken cancellationToken)
    {
        if (!MayTake) return Forbid();
        var tried = new List<long>();
        // Someone may take the same case a moment earlier: try the next one a few times.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var next = await search.NextQueuedAsync(me.Actor, Query, tried, cancellationToken);
            if (next is null) break;
            var result = await reviews.TakeAsync(me.Actor, next.Value.CandidateId, cancellationToken);
            if (result.Succeeded) return RedirectToPage("/Cases/Review", new { id = next.Value.CandidateId });
            tried.Add(next.Value.CandidateId);
        }
        Problems = [Filtered ? "No queued case matches the filters." : "No case is waiting in the queue."];
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Supervisor: assign the selected queued cases to one reviewer. Active or returned reviews are refused here.</summary>
    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        if (!IsSupervisor) return Forbid();
        var assignee = Assignee();
        if (Selected.Count == 0 || assignee is null)
        {
            Problems = ["Select at least one queued case and the reviewer to assign them to."];
            await LoadAsync(cancellationToken);
            return Page();
        }
        var statuses = await StatusesAsync(Selected, cancellationToken);
        var active = statuses.Where(s => s.Status != ReviewStatus.Queued).ToList();
        var queued = Selected.Distinct().Where(id => !active.Any(a => a.CandidateId == id)).ToList();
        var problems = new List<string>();
        if (active.Count > 0)
            problems.Add($"Not assigned: {Plural(active.Count, "case")} already with a reviewer ({string.Join(", ", active.Select(a => $"{a.InvestigationRef}, {Display.Of(a.Status)} with {a.Reviewer}"))}). " +
                "Reassigning active or returned reviews is a separate action: use \"Reassign active reviews\".");
        if (queued.Count > 0)
        {
            var result = await reviews.BulkAssignAsync(me.Actor, queued, assignee, cancellationToken);
            Notice = $"Assigned {Plural(result.Assigned, "case")} to {assignee}.";
            problems.AddRange(result.Results.Where(r => !r.Result.Succeeded).Select(r => $"Case {r.CandidateId}: {r.Result.Message}"));
        }
        Problems = problems;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Supervisor: reassign active or returned reviews. The first post shows what would move (counts by status, and the
    /// current reviewers); only a confirmed post moves them, and each previous reviewer is told.
    /// </summary>
    public async Task<IActionResult> OnPostReassignAsync(CancellationToken cancellationToken)
    {
        if (!IsSupervisor) return Forbid();
        ReassignMode = true;
        var assignee = Assignee();
        if (Reassign.Count == 0 || assignee is null)
        {
            Problems = ["Select at least one review to reassign and the reviewer to give it to."];
            await LoadAsync(cancellationToken);
            return Page();
        }
        var statuses = await StatusesAsync(Reassign, cancellationToken);
        if (!Confirmed)
        {
            Pending = new ReassignmentPlan(assignee, statuses);
            await LoadAsync(cancellationToken);
            return Page();
        }
        var moved = 0;
        var problems = new List<string>();
        var assigned = await reviews.BulkAssignAsync(me.Actor, [.. statuses.Select(s => s.CandidateId)], assignee, cancellationToken);
        foreach (var (s, result) in statuses.Join(assigned.Results, s => s.CandidateId, r => r.CandidateId, (s, r) => (s, r.Result)))
        {
            if (!result.Succeeded)
            {
                problems.Add($"{s.InvestigationRef}: {result.Message}");
                continue;
            }
            moved++;
            if (s.Reviewer is { } previous && !string.Equals(previous, assignee, StringComparison.OrdinalIgnoreCase))
                await notifications.TellReassignedAsync(me.Actor, previous, s.CandidateId, s.InvestigationRef, assignee, s.Status, cancellationToken);
        }
        Notice = $"Reassigned {Plural(moved, "review")} to {assignee}; the previous reviewers have been told.";
        Problems = problems;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Saves the current filters, search and sort under a name, for this user only.</summary>
    public async Task<IActionResult> OnPostSaveViewAsync(CancellationToken cancellationToken)
    {
        var name = ViewName?.Trim();
        var query = new Uri("http://x" + PageUrl(1, includePage: false)).Query;
        var refused = await savedViews.SaveAsync(me.UserName, name, query, cancellationToken);
        if (refused is null) Notice = $"Saved the view \"{name}\".";
        else Problems = [refused];
        await LoadAsync(cancellationToken);
        return Page();
    }

    private string? Assignee()
    {
        var index = From == "bottom" ? 1 : 0;
        var chosen = AssignTo.ElementAtOrDefault(index);
        if (string.IsNullOrWhiteSpace(chosen)) chosen = AssignTo.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
        return string.IsNullOrWhiteSpace(chosen) ? null : chosen.Trim();
    }

    private Task<IReadOnlyList<CaseStatus>> StatusesAsync(IEnumerable<long> ids, CancellationToken cancellationToken) =>
        queries.StatusesAsync(me.Force!, ids, cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var force = me.Force!;
        Queue = await search.QueryAsync(me.Actor, Query, cancellationToken);
        // A page past the end (a bookmark, or cases taken since) shows the last page rather than an empty one.
        var last = Math.Max(1, (int)Math.Ceiling(Queue.Total / (double)Queue.PageSize));
        if (Queue.Page > last)
        {
            PageNumber = last;
            Queue = await search.QueryAsync(me.Actor, Query, cancellationToken);
        }
        // The page lists cases: a consultation of each investigation on it (DPA 2018 s.62).
        await access.RecordListAsync(CaseAccess.Operations.ViewQueue, [.. Queue.Rows.Select(r => r.InvestigationId)], cancellationToken);
        Options = await search.FilterOptionsAsync(force, cancellationToken);
        if (IsSupervisor) Assignees = await queries.AssigneesAsync(force, cancellationToken);
        Views = await savedViews.OfAsync(me.UserName, cancellationToken);
    }

    public bool Filtered => Typology is not null || Status is not null || Reviewer is not null || Year is not null || Basis is not null || !string.IsNullOrWhiteSpace(Search);

    /// <summary>Whether a row may be ticked for reassignment: it has a reviewer and is not yet submitted.</summary>
    public static bool Reassignable(ReviewStatus status) => status is ReviewStatus.Assigned or ReviewStatus.InReview or ReviewStatus.Returned;

    /// <summary>Days since the row's status began, and whether that is past the configured threshold for the status.</summary>
    public (int Days, bool Overdue)? Age(TriageRow row)
    {
        if (row.Since is not { } since) return null;
        var days = Math.Max(0, (int)(clock.GetUtcNow() - since).TotalDays);
        var key = row.Status switch
        {
            ReviewStatus.Queued => "Queued",
            ReviewStatus.Returned => "Returned",
            ReviewStatus.Submitted => "Submitted",
            _ => "Assigned",
        };
        // Read once per page, not once per row: a configuration look-up walks every provider.
        _thresholds ??= [];
        if (!_thresholds.TryGetValue(key, out var threshold))
            _thresholds[key] = threshold = configuration.GetValue($"{AgeingSection}:{key}", DefaultThreshold(row.Status));
        return (days, days > threshold);
    }

    private Dictionary<string, int>? _thresholds;

    /// <summary>The default thresholds: a quarter in the queue, a fortnight assigned, a week returned or awaiting sign-off.</summary>
    public static int DefaultThreshold(ReviewStatus status) => status switch
    {
        ReviewStatus.Queued => 90,
        ReviewStatus.Returned or ReviewStatus.Submitted => 7,
        _ => 14,
    };

    public static string AgeWords(ReviewStatus status) => status switch
    {
        ReviewStatus.Queued => "in the queue",
        ReviewStatus.Returned => "since returned",
        ReviewStatus.Submitted => "awaiting sign-off",
        _ => "since assigned",
    };

    /// <summary>The link that sorts by <paramref name="sort"/>: the other direction when already sorted by it.</summary>
    public string SortUrl(QueueSort sort)
    {
        var descending = sort == Sort ? !Descending : sort is QueueSort.Priority or QueueSort.Age;
        return QueueUrl(1, sort, descending, includePage: true);
    }

    public string PageUrl(int page, bool includePage = true) => QueueUrl(page, Sort, Descending, includePage);

    private string QueueUrl(int page, QueueSort sort, bool descending, bool includePage)
    {
        var q = new Dictionary<string, string?>
        {
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            ["typology"] = Typology,
            ["status"] = Status?.ToString(),
            ["reviewer"] = Reviewer,
            ["year"] = Year?.ToString(CultureInfo.InvariantCulture),
            ["basis"] = Basis?.ToString(),
            ["sort"] = sort == QueueSort.Priority && descending ? null : sort.ToString().ToLowerInvariant(),
            ["dir"] = sort == QueueSort.Priority && descending ? null : descending ? "desc" : "asc",
            ["reassign"] = ReassignMode ? "true" : null,
            ["p"] = includePage && page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/queue", q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    /// <summary>The current page's query string for a handler's form action.</summary>
    public string HandlerUrl(string handler) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PageUrl(PageNumber), "handler", handler);

    private static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}

/// <summary>A case's review status and reviewer, as bulk assignment checks them.</summary>

/// <summary>A reassignment of active reviews waiting for confirmation: to whom, and what would move.</summary>
public sealed record ReassignmentPlan(string Assignee, IReadOnlyList<CaseStatus> Cases)
{
    /// <summary>"2 in review, 1 returned".</summary>
    public string Counts => string.Join(", ", Cases.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Display.Of(g.Key)}"));

    /// <summary>"rev.a (2), rev2.a (1)".</summary>
    public string Reviewers => string.Join(", ", Cases.Where(c => c.Reviewer is not null).GroupBy(c => c.Reviewer!, StringComparer.OrdinalIgnoreCase)
        .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => $"{g.Key} ({g.Count()})"));
}
