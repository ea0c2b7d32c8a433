using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Audit;

namespace Reassess.Web.Pages.Audit;

/// <summary>
/// The auditor's page: search and browse the section 62 audit trail by user, date range, investigation and kind of
/// processing, newest first; and check the hash chain. Entries hold ids and justifications, no case data, so an auditor
/// answers "who looked at this case, and why" without seeing the case.
/// </summary>
public sealed class IndexModel(AuditTrail trail, AuditSubjectNames subjects) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserName { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "investigation")] public string? Investigation { get; set; }
    [BindProperty(SupportsGet = true, Name = "category")] public AuditCategory? Category { get; set; }
    [BindProperty(SupportsGet = true, Name = "before")] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public AuditVerification? Verification { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public bool HasOlder { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await SearchAsync(cancellationToken);

    /// <summary>Walks the whole chain; a broken chain names the first entry that fails.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await trail.VerifyAsync(cancellationToken);
        await SearchAsync(cancellationToken);
        return Page();
    }

    private async Task SearchAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (From is { } f && To is { } t && t < f) problems.Add("The end of the date range is before its start.");
        string? investigation = null;
        if (!string.IsNullOrWhiteSpace(Investigation))
        {
            var (found, problem) = await subjects.InvestigationAsync(Investigation, cancellationToken);
            investigation = found;
            if (problem is not null) problems.Add(problem);
        }
        Problems = problems;
        if (problems.Count > 0) return;
        var query = new AuditQuery
        {
            Actor = string.IsNullOrWhiteSpace(UserName) ? null : UserName.Trim(),
            Since = From is { } from ? Display.StartOfUkDay(from) : null,
            Until = To is { } to ? Display.StartOfUkDay(to.AddDays(1)) : null,
            Case = investigation,
            Category = Category,
            BeforeSequence = Before,
            Limit = PageSize + 1,
        };
        var found2 = await trail.FindAsync(query, cancellationToken);
        HasOlder = found2.Count > PageSize;
        Entries = [.. found2.Reverse().Take(PageSize)];
        await NameInvestigationsAsync(cancellationToken);
    }

    /// <summary>Crime references of the investigations the shown entries name, by id (the trail holds ids only).</summary>
    public IReadOnlyDictionary<string, string> References { get; private set; } = new Dictionary<string, string>();

    /// <summary>How many entries on the page are views of the queue, by how many users, naming how many investigations.</summary>
    public (int Views, int Users, int Investigations) QueueViews { get; private set; }

    /// <summary>A subject list longer than this is summarised ("50 investigations") with the whole list behind a disclosure.</summary>
    public const int ShownInline = 3;

    private async Task NameInvestigationsAsync(CancellationToken cancellationToken)
    {
        References = await subjects.ReferencesAsync(
            Entries.Where(e => e.SubjectType == AuditSubjects.Investigation).SelectMany(e => e.SubjectIdList), cancellationToken);
        var queue = Entries.Where(e => e.Operation == Reassess.Web.Cases.CaseAccess.Operations.ViewQueue).ToList();
        QueueViews = (queue.Count, queue.Select(e => e.Actor).Distinct(StringComparer.Ordinal).Count(),
            queue.SelectMany(e => e.SubjectIdList).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>An entry's subject ids, an investigation's as its crime reference (and number).</summary>
    public IReadOnlyList<string> SubjectNames(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.SubjectType != AuditSubjects.Investigation) return entry.SubjectIdList;
        return [.. entry.SubjectIdList.Select(id => References.TryGetValue(id, out var name) ? $"{name}, no. {id}" : "no. " + id)];
    }

    public string OlderUrl() => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", new Dictionary<string, string?>
    {
        ["user"] = UserName,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["investigation"] = Investigation,
        ["category"] = Category?.ToString(),
        ["before"] = Entries.Count > 0 ? Entries[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
