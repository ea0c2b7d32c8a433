using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// The case page: the investigation's facts, why it was screened in (the screening engine's explanation, criterion by
/// criterion), its priority factors, its people, linked investigations and the network chart from linkage, the review and
/// its history. Every view is recorded in the audit trail as a consultation.
/// </summary>
public sealed class CaseModel(CaseAccess access, CaseQueries queries, CaseNetworkQueries network, CaseExplainer explainer, CaseViewCache viewCache, CurrentUser me)
    : CasePageModel
{
    public Investigation Investigation { get; private set; } = null!;
    public ScreeningRun? Run { get; private set; }
    public Review? Review { get; private set; }
    public CaseExplanation Explanation { get; private set; } = new(null, null, null);
    public IReadOnlyList<(string Name, double Contribution)> Factors { get; private set; } = [];
    public IReadOnlyList<(Involvement Involvement, Person Person)> People { get; private set; } = [];
    public IReadOnlyList<Identifier> Identifiers { get; private set; } = [];
    public CaseLinks Links { get; private set; } = new([], [], "{}", false);
    public IReadOnlyList<ReviewTransition> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var (candidate, refusal) = await access.OpenAsync(id, cancellationToken);
        if (candidate is null) return refusal!;
        Candidate = candidate;
        var investigation = await queries.InvestigationAsync(candidate.InvestigationId, cancellationToken);
        if (investigation is null) return NotFound();
        Investigation = investigation;
        await access.RecordViewAsync(candidate, CaseAccess.Operations.ViewCase, cancellationToken);
        Run = await queries.RunAsync(candidate.LatestRunId, cancellationToken);
        Review = await queries.ReviewAsync(id, cancellationToken);
        Factors = ParseFactors(candidate.PriorityFactors);
        People = await queries.PeopleAsync(investigation.Id, cancellationToken);
        // The explanation and the links are derived from data that rarely changes: rebuilt only when it has.
        var version = await queries.DataVersionAsync(cancellationToken);
        Explanation = await viewCache.ExplanationAsync(id, version, () => explainer.ExplainAsync(candidate, Run, investigation, People, cancellationToken));
        var personIds = People.Select(p => p.Person.Id).Distinct().ToList();
        Identifiers = await queries.IdentifiersAsync(investigation.Id, personIds, cancellationToken);
        Links = await viewCache.LinksAsync(id, version, $"{me.Role}:{me.Force}",
            () => network.LinksAsync(investigation, People, Identifiers, me.MaySeeCasesOf, cancellationToken));
        History = await queries.HistoryAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>Age in whole years on the first day of the offence period, when the date of birth is recorded.</summary>
    public int? AgeAtOffence(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Screening.AgeAtOffence.Years(person.DateOfBirth, Investigation.OffenceFrom);
    }

    internal static IReadOnlyList<(string, double)> ParseFactors(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .Select(p => (p[0], p.Length > 1 && double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0d))];
}
