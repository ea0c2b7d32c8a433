using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Queue;

/// <summary>The force's queue: candidates of the latest screening, highest priority first; assign to me; bulk assign.</summary>
public sealed class IndexModel(ReviewQueries reviewQueries, CaseQueries queries, ReviewService reviews, CaseAccess access, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Typology { get; set; }
    [BindProperty(SupportsGet = true)] public ReviewStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reviewer { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public CandidateBasis? Basis { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? AssignTo { get; set; }

    public QueuePage Queue { get; private set; } = null!;
    public QueueFilterOptions Options { get; private set; } = null!;
    public IReadOnlyList<string> Assignees { get; private set; } = [];
    public bool IsSupervisor => me.Is(Roles.Supervisor);
    public bool MayTake => me.Role is Roles.Reviewer or Roles.Supervisor;
    public string? Notice { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public QueueFilter Filter => new() { Typology = Typology, Status = Status, Reviewer = Reviewer, Year = Year, Basis = Basis, Page = Math.Max(1, PageNumber) };

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

    /// <summary>Supervisor: assign the selected candidates to one reviewer.</summary>
    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken)
    {
        if (!IsSupervisor) return Forbid();
        if (Selected.Count == 0 || string.IsNullOrWhiteSpace(AssignTo))
        {
            Problems = ["Select at least one case and the reviewer to assign them to."];
        }
        else
        {
            var result = await reviews.BulkAssignAsync(me.Actor, Selected, AssignTo, cancellationToken);
            Notice = $"Assigned {result.Assigned} case{(result.Assigned == 1 ? "" : "s")} to {AssignTo}.";
            Problems = [.. result.Results.Where(r => !r.Result.Succeeded).Select(r => $"Case {r.CandidateId}: {r.Result.Message}")];
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var force = me.Force!;
        Queue = await reviewQueries.QueueAsync(me.Actor, Filter, cancellationToken);
        // A page past the end (a bookmark, or cases taken since) shows the last page rather than an empty one.
        var last = Math.Max(1, (int)Math.Ceiling(Queue.Total / (double)Queue.PageSize));
        if (Queue.Page > last)
        {
            PageNumber = last;
            Queue = await reviewQueries.QueueAsync(me.Actor, Filter, cancellationToken);
        }
        // The page lists cases: a consultation of each investigation on it (DPA 2018 s.62).
        await access.RecordListAsync(CaseAccess.Operations.ViewQueue, [.. Queue.Rows.Select(r => r.InvestigationId)], cancellationToken);
        Options = await queries.FilterOptionsAsync(force, cancellationToken);
        if (IsSupervisor) Assignees = await queries.AssigneesAsync(force, cancellationToken);
    }

    public string PageUrl(int page) => QueryHelpers(page);

    public bool Filtered => Typology is not null || Status is not null || Reviewer is not null || Year is not null || Basis is not null;

    private string QueryHelpers(int page)
    {
        var q = new Dictionary<string, string?>
        {
            ["typology"] = Typology,
            ["status"] = Status?.ToString(),
            ["reviewer"] = Reviewer,
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["basis"] = Basis?.ToString(),
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/queue", q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
