using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// The case page: the investigation's facts, why it was screened in, its priority factors, its people, linked
/// investigations and the network chart, the review and its history.
/// </summary>
public sealed class CaseModel(CaseAccess access, CaseQueries queries, CurrentUser me) : CasePageModel
{
    public Investigation Investigation { get; private set; } = null!;
    public ScreeningRun? Run { get; private set; }
    public Review? Review { get; private set; }
    public IReadOnlyList<(string Name, double Contribution)> Factors { get; private set; } = [];
    public IReadOnlyList<(Involvement Involvement, Person Person)> People { get; private set; } = [];
    public IReadOnlyList<Identifier> Identifiers { get; private set; } = [];
    public IReadOnlyList<LinkedInvestigation> Linked { get; private set; } = [];
    public IReadOnlyList<ReviewTransition> History { get; private set; } = [];
    public string NetworkJson { get; private set; } = "{}";

    public bool MayOpen(LinkedInvestigation linked) => linked.CandidateId is not null && me.MaySeeCasesOf(linked.Force);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var (candidate, refusal) = await access.OpenAsync(id, cancellationToken);
        if (candidate is null) return refusal!;
        Candidate = candidate;
        var investigation = await queries.InvestigationAsync(candidate.InvestigationId, cancellationToken);
        if (investigation is null) return NotFound();
        Investigation = investigation;
        Run = await queries.RunAsync(candidate.LatestRunId, cancellationToken);
        Review = await queries.ReviewAsync(id, cancellationToken);
        Factors = ParseFactors(candidate.PriorityFactors);
        People = await queries.PeopleAsync(investigation.Id, cancellationToken);
        var personIds = People.Select(p => p.Person.Id).Distinct().ToList();
        Identifiers = await queries.IdentifiersAsync(investigation.Id, personIds, cancellationToken);
        Linked = await queries.LinkedAsync(investigation, personIds, Identifiers, cancellationToken);
        History = await queries.HistoryAsync(id, cancellationToken);
        NetworkJson = BuildNetwork();
        return Page();
    }

    /// <summary>Age in whole years on the first day of the offence period, when the date of birth is recorded.</summary>
    public int? AgeAtOffence(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.DateOfBirth is not { } dob) return null;
        var at = Investigation.OffenceFrom;
        var age = at.Year - dob.Year;
        if (at < dob.AddYears(age)) age--;
        return age;
    }

    internal static IReadOnlyList<(string, double)> ParseFactors(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .Select(p => (p[0], p.Length > 1 && double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0d))];

    private sealed record Node(string Id, string Label, string Kind, bool Current = false, string? Href = null);

    private sealed record Edge(string Id, string Source, string Target, string Label = "");

    /// <summary>The cytoscape.js elements: the investigation, its people and identifiers, and linked investigations.</summary>
    private string BuildNetwork()
    {
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        var edges = new Dictionary<string, Edge>(StringComparer.Ordinal);
        var inv = $"i{Investigation.Id}";
        nodes[inv] = new Node(inv, Investigation.InvestigationRef, "investigation", Current: true);
        foreach (var (involvement, person) in People)
        {
            var pid = $"p{person.Id}";
            nodes.TryAdd(pid, new Node(pid, $"{person.Forenames} {person.Surname}".Trim(), "person"));
            edges.TryAdd($"e{involvement.Id}", new Edge($"e{involvement.Id}", pid, inv, Display.Of(involvement.Role)));
        }
        foreach (var identifier in Identifiers)
        {
            var xid = $"x{Token.Of(identifier.Kind)}:{identifier.Value}";
            nodes.TryAdd(xid, new Node(xid, identifier.RawValue, Token.Of(identifier.Kind)));
            if (identifier.PersonId is { } p) edges.TryAdd($"xp{identifier.Id}", new Edge($"xp{identifier.Id}", xid, $"p{p}"));
            if (identifier.InvestigationId == Investigation.Id) edges.TryAdd($"xi{identifier.Id}", new Edge($"xi{identifier.Id}", xid, inv));
        }
        foreach (var linked in Linked)
        {
            var lid = $"i{linked.InvestigationId}";
            nodes.TryAdd(lid, new Node(lid, linked.InvestigationRef, "investigation", Href: MayOpen(linked) ? $"/cases/{linked.CandidateId}" : null));
            foreach (var p in linked.SharedPeople) edges.TryAdd($"{lid}-p{p}", new Edge($"{lid}-p{p}", $"p{p}", lid));
            foreach (var (kind, value) in linked.SharedIdentifiers)
            {
                var xid = $"x{Token.Of(kind)}:{value}";
                edges.TryAdd($"{lid}-{xid}", new Edge($"{lid}-{xid}", xid, lid));
            }
        }
        var kept = edges.Values.Where(e => nodes.ContainsKey(e.Source) && nodes.ContainsKey(e.Target));
        return JsonSerializer.Serialize(new
        {
            elements = new
            {
                nodes = nodes.Values.Select(n => new { data = new { id = n.Id, label = n.Label, kind = n.Kind, current = n.Current, href = n.Href } }),
                edges = kept.Select(e => new { data = new { id = e.Id, source = e.Source, target = e.Target, label = e.Label } }),
            },
        });
    }
}
