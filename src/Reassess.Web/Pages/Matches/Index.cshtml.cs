using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Audit;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Matches;

/// <summary>
/// Match review (issue 23 item 3): the proposed person matches of the user's force, the two records side by side with
/// a waterfall of each field's weight, and confirm, reject or unsure for one pair or many. The core
/// (<see cref="MatchReviewQueue"/>) scopes, orders, decides and audits; the page only shows and posts. The list starts
/// at the first undecided pair, so a reviewer who comes back resumes where they stopped.
/// </summary>
[Authorize(Policy = Policies.ForceCaseWork)]
public sealed class IndexModel(ReassessDbContext db, TimeProvider time, IAuditTrail audit, CurrentUser me) : PageModel
{
    public const int PageSize = 20;

    public MatchQueuePage Queue { get; private set; } = new([], 0, 0, 0, 0, null);

    public List<string> Problems { get; } = [];

    public string? Notice { get; private set; }

    /// <summary>Position (0-based) of the first pair shown; absent: the first undecided pair.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public int? From { get; set; }

    public async Task<IActionResult> OnGetAsync(int? decided, string? verdict, CancellationToken cancellationToken)
    {
        if (decided is > 0 && Token.TryParse<MatchVerdict>(verdict, out var v))
            Notice = $"{Display(v)} {decided} pair{(decided == 1 ? "" : "s")}. It takes effect in people and networks at the next link.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// One decision: on the one pair whose button was pressed (<paramref name="pair"/>, its decision in the button's
    /// address), else on the pairs ticked (<paramref name="selected"/>, the decision chosen in <paramref name="bulk"/>).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(List<long>? selected, long? pair, [FromQuery] string? decision, string? bulk, string? reason, CancellationToken cancellationToken)
    {
        var ids = pair is { } one ? [one] : selected ?? [];
        if (!Token.TryParse<MatchVerdict>(pair is null ? bulk : decision, out var verdict)) Problems.Add("Choose a decision: confirm, reject or unsure.");
        else if (ids.Count == 0) Problems.Add("Tick at least one pair to decide.");
        if (Problems.Count == 0)
        {
            try
            {
                var n = await new MatchReviewQueue(db, time, audit).DecideAsync(me.Actor, ids, verdict, reason, cancellationToken);
                // Back to the same place: decided pairs move down the list, so the next undecided ones take their place.
                return Redirect($"/matches?from={From ?? 0}&decided={n}&verdict={Token.Of(verdict)}");
            }
            catch (MatchReviewException e)
            {
                Problems.Add(e.Message);
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var queue = new MatchReviewQueue(db, time, audit);
        Queue = await queue.PageAsync(me.Actor, From ?? 0, PageSize, cancellationToken);
        if (From is null && Queue.FirstUndecided is { } first && first >= PageSize)
            Queue = await queue.PageAsync(me.Actor, first, PageSize, cancellationToken);
        Response.Headers.CacheControl = "no-store";
    }

    public static string Display(MatchVerdict verdict) => verdict switch
    {
        MatchVerdict.Confirm => "Confirmed",
        MatchVerdict.Reject => "Rejected",
        _ => "Marked unsure",
    };

    /// <summary>How a stored decision token reads.</summary>
    public static string DecisionText(string? decision) => decision switch
    {
        null => "undecided",
        "confirm" => "confirmed: the same person",
        "reject" => "rejected: different people",
        "unsure" => "unsure",
        _ => decision,
    };

    /// <summary>One bar of a match's waterfall: where it starts and ends on a 0–<see cref="WaterfallWidth"/> scale.</summary>
    public sealed record Bar(string Field, string Level, double Weight, double X, double Width, bool Total);

    public const double WaterfallWidth = 240;

    /// <summary>
    /// The waterfall of a match's weight: the prior (how likely any two records are one person), then each field's
    /// contribution added in turn, then the total; each bar spans from the running total before it to the one after.
    /// </summary>
    public static IReadOnlyList<Bar> Waterfall(QueuedMatch m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var steps = new List<(string Field, string Level, double Weight)> { ("prior", "any two records", m.PriorWeight) };
        steps.AddRange(m.Contributions.Select(c => (c.Field, c.Level, c.Weight)));
        var running = new List<(double From, double To)>();
        double at = 0;
        foreach (var s in steps)
        {
            running.Add((at, at + s.Weight));
            at += s.Weight;
        }
        running.Add((0, at));
        var low = Math.Min(0, running.Min(r => Math.Min(r.From, r.To)));
        var high = Math.Max(0, running.Max(r => Math.Max(r.From, r.To)));
        var scale = high - low > 0 ? WaterfallWidth / (high - low) : 0;
        var bars = new List<Bar>();
        for (var i = 0; i < running.Count; i++)
        {
            var (from, to) = running[i];
            var (field, level, weight) = i < steps.Count ? steps[i] : ("total", "", at);
            bars.Add(new Bar(field, level, weight, (Math.Min(from, to) - low) * scale, Math.Max(1, Math.Abs(to - from) * scale), i == steps.Count));
        }
        return bars;
    }

    /// <summary>Where zero falls on the waterfall's scale.</summary>
    public static double Zero(IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Count == 0) return 0;
        var total = bars[^1];
        return total.Weight >= 0 ? total.X : total.X + total.Width;
    }

    public string PageUrl(int from) => $"/matches?from={Math.Max(0, from)}";
}
