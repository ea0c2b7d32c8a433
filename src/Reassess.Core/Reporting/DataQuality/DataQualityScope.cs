using Microsoft.EntityFrameworkCore;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Reporting.DataQuality;

/// <summary>An investigation in the data-quality scope, with the fields the counts and rules read.</summary>
public sealed record ScopedInvestigation(
    long Id, string Force, string InvestigationRef, DateOnly RecordedDate, DateOnly OffenceFrom, string OffenceCodes,
    string? OutcomeCode, DateOnly? OutcomeDate)
{
    public int RecordedYear => RecordedDate.Year;
}

/// <summary>A suspect's or victim's part in a scoped investigation.</summary>
public sealed record ScopedInvolvement(long InvestigationId, long PersonId, InvolvementRole Role, SuspectRelationship? Relationship, SuspectDisposal? SuspectDisposal);

/// <summary>A person (nominal) who is a suspect or victim in a scoped investigation.</summary>
public sealed record ScopedPerson(
    long Id, string Force, string PersonRef, DateOnly? DateOfBirth, string? SelfDefinedEthnicity, string? OfficerObservedEthnicity, string? Nationality);

/// <summary>
/// The records the data-quality report reads (docs/outputs.md): the child sexual offence investigations, whatever their
/// outcome (the rule is screening's <see cref="ChildSexualOffence"/>, so the two never disagree), optionally only a
/// screening run's candidates; their suspects and victims; and those people.
/// </summary>
public sealed class DataQualityScope
{
    public DataQualityScope(IEnumerable<ScopedInvestigation> investigations, IEnumerable<ScopedInvolvement> involvements, IEnumerable<ScopedPerson> people, ScreeningRun? run = null)
    {
        ArgumentNullException.ThrowIfNull(investigations);
        ArgumentNullException.ThrowIfNull(involvements);
        ArgumentNullException.ThrowIfNull(people);
        Investigations = investigations.OrderBy(i => i.Force, StringComparer.Ordinal).ThenBy(i => i.InvestigationRef, StringComparer.Ordinal).ToList();
        var ids = Investigations.Select(i => i.Id).ToHashSet();
        Involvements = involvements.Where(v => ids.Contains(v.InvestigationId) && v.Role is InvolvementRole.Suspect or InvolvementRole.Victim).ToList();
        var personIds = Involvements.Select(v => v.PersonId).ToHashSet();
        People = people.Where(p => personIds.Contains(p.Id)).ToDictionary(p => p.Id);
        InvestigationsById = Investigations.ToDictionary(i => i.Id);
        Run = run;
    }

    public IReadOnlyList<ScopedInvestigation> Investigations { get; }
    public IReadOnlyDictionary<long, ScopedInvestigation> InvestigationsById { get; }
    public IReadOnlyList<ScopedInvolvement> Involvements { get; }
    public IReadOnlyDictionary<long, ScopedPerson> People { get; }

    /// <summary>The screening run the scope is restricted to, if any.</summary>
    public ScreeningRun? Run { get; }

    /// <summary>What the scope is, in words, for report headers.</summary>
    public string Describe() => Run is null
        ? "Child sexual offence investigations, any outcome"
        : $"Child sexual offence investigations that are candidates of screening run {Run.Id} ({Run.ProfileName} {Run.ProfileVersion}, as of {Run.AsOf:yyyy-MM-dd})";

    /// <summary>The part of the scope that belongs to one force (a force's own dashboard).</summary>
    public DataQualityScope ForForce(string force)
    {
        ArgumentNullException.ThrowIfNull(force);
        var investigations = Investigations.Where(i => i.Force == force).ToList();
        var ids = investigations.Select(i => i.Id).ToHashSet();
        return new DataQualityScope(investigations, Involvements.Where(v => ids.Contains(v.InvestigationId)),
            People.Values.Where(p => p.Force == force), Run);
    }

    /// <summary>
    /// Loads the scope from the database. <paramref name="run"/> is <c>null</c> (every child sexual offence
    /// investigation), <c>latest</c> (the latest completed screening run) or a run id.
    /// </summary>
    /// <exception cref="ReportInputException">The run does not exist, or is not the latest of its profile.</exception>
    public static async Task<DataQualityScope> LoadAsync(ReassessDbContext db, string? run = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var screeningRun = await ScreeningRunSelection.FindAsync(db, run, cancellationToken);
        HashSet<long>? candidateIds = null;
        if (screeningRun is not null)
        {
            candidateIds = [.. await ScreeningRunSelection.CandidatesOf(db, screeningRun).Select(c => c.InvestigationId).ToListAsync(cancellationToken)];
        }

        // Victims' dates of birth per investigation: the second limb of the rule (a sexual offence against a child).
        var victimDobs = new Dictionary<long, List<DateOnly?>>();
        var victims = db.Involvements.AsNoTracking().Where(v => v.Role == InvolvementRole.Victim)
            .Join(db.People.AsNoTracking(), v => v.PersonId, p => p.Id, (v, p) => new { v.InvestigationId, p.DateOfBirth })
            .AsAsyncEnumerable();
        await foreach (var v in victims.WithCancellation(cancellationToken))
        {
            if (!victimDobs.TryGetValue(v.InvestigationId, out var list)) victimDobs[v.InvestigationId] = list = [];
            list.Add(v.DateOfBirth);
        }

        var investigations = new List<ScopedInvestigation>();
        var rows = db.Investigations.AsNoTracking()
            .Select(i => new ScopedInvestigation(i.Id, i.Force, i.InvestigationRef, i.RecordedDate, i.OffenceFrom, i.OffenceCodes, i.OutcomeCode, i.OutcomeDate))
            .AsAsyncEnumerable();
        await foreach (var i in rows.WithCancellation(cancellationToken))
        {
            if (candidateIds is not null && !candidateIds.Contains(i.Id)) continue;
            if (ChildSexualOffence.Holds(i.OffenceCodes, i.OffenceFrom, victimDobs.GetValueOrDefault(i.Id) ?? [])) investigations.Add(i);
        }

        var inScope = investigations.Select(i => i.Id).ToHashSet();
        var involvements = new List<ScopedInvolvement>();
        var parts = db.Involvements.AsNoTracking()
            .Where(v => v.Role == InvolvementRole.Suspect || v.Role == InvolvementRole.Victim)
            .Select(v => new ScopedInvolvement(v.InvestigationId, v.PersonId, v.Role, v.Relationship, v.SuspectDisposal))
            .AsAsyncEnumerable();
        await foreach (var v in parts.WithCancellation(cancellationToken))
            if (inScope.Contains(v.InvestigationId)) involvements.Add(v);

        var wanted = involvements.Select(v => v.PersonId).ToHashSet();
        var people = new List<ScopedPerson>();
        var persons = db.People.AsNoTracking()
            .Select(p => new ScopedPerson(p.Id, p.Force, p.PersonRef, p.DateOfBirth, p.SelfDefinedEthnicity, p.OfficerObservedEthnicity, p.Nationality))
            .AsAsyncEnumerable();
        await foreach (var p in persons.WithCancellation(cancellationToken))
            if (wanted.Contains(p.Id)) people.Add(p);

        return new DataQualityScope(investigations, involvements, people, screeningRun);
    }
}

/// <summary>Picks the screening run a report is restricted to (<c>--run latest|ID</c>) and its candidates.</summary>
public static class ScreeningRunSelection
{
    /// <summary>
    /// Null for no run; <c>latest</c> for the latest completed run; otherwise a run id. A run's candidates are those its
    /// profile's queue holds with this run as the latest to assess them, so an earlier run of a profile that has been run
    /// again is refused rather than reported wrongly.
    /// </summary>
    public static async Task<ScreeningRun?> FindAsync(ReassessDbContext db, string? run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(run)) return null;
        var runs = db.Set<ScreeningRun>().AsNoTracking();
        ScreeningRun? found;
        if (string.Equals(run.Trim(), "latest", StringComparison.OrdinalIgnoreCase))
        {
            found = await runs.Where(r => r.CompletedAt != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ReportInputException("There is no completed screening run yet: run 'reassess screen' first, or leave out --run.");
        }
        else if (long.TryParse(run.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            found = await runs.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw new ReportInputException($"There is no screening run {id}.");
        }
        else
        {
            throw new ReportInputException($"--run takes 'latest' or a run id, not '{run}'.");
        }

        var newer = await runs.Where(r => r.ProfileName == found.ProfileName && r.Id > found.Id && r.CompletedAt != null)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (newer is not null)
            throw new ReportInputException($"Screening run {found.Id} of {found.ProfileName} was superseded by run {newer}; report on run {newer} instead.");
        return found;
    }

    /// <summary>The candidates the run found: those it was the latest to assess and that still qualify.</summary>
    public static IQueryable<Candidate> CandidatesOf(ReassessDbContext db, ScreeningRun run)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        return db.Set<Candidate>().AsNoTracking().Where(c => c.LatestRunId == run.Id && c.StillQualifies);
    }
}

/// <summary>A report was asked for something the data cannot answer (no such run, unknown rule): exit code 1.</summary>
public sealed class ReportInputException(string message) : ReassessException(message);
