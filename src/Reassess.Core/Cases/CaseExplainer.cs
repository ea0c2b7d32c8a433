using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Reassess.Linkage;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>Why a case is in the queue, as the case page shows it, or why that cannot be said.</summary>
/// <param name="Explanation">The screening engine's own explanation (as <c>reassess explain</c> prints it).</param>
/// <param name="Unavailable">Set when there is no explanation: the profile that queued the case is not installed.</param>
/// <param name="VersionNote">Set when the installed profile's version differs from the one the run applied.</param>
public sealed record CaseExplanation(Explanation? Explanation, string? Unavailable, string? VersionNote);

/// <summary>
/// Explains a candidate by re-running the screening engine's explain path (<see cref="ScreeningService.ExplainAsync(ReassessDbContext, CriteriaProfile, Investigation, IReadOnlyList{ValueTuple{Involvement, Person}}, DateOnly?, CancellationToken)"/>)
/// with the profile and as-of date of the run that last assessed it and the stored linkage, so the page says exactly
/// what the engine decided: nothing about the criteria is re-implemented here.
/// </summary>
public sealed class CaseExplainer(ReassessDbContext db, TimeProvider time, CachedLinkageFacts linkage, ProfileCatalogue profiles)
{
    /// <summary>Explains <paramref name="candidate"/> from its investigation and people as the page has read them.</summary>
    public async Task<CaseExplanation> ExplainAsync(Candidate candidate, ScreeningRun? run, Investigation investigation,
        IReadOnlyList<(Involvement Involvement, Person Person)> people, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var profile = profiles.Find(candidate.ProfileName);
        if (profile is null)
            return new(null, $"The criteria profile \"{candidate.ProfileName}\" that queued this case is not installed here, so its criteria cannot be shown.", null);
        var service = new ScreeningService(time, linkage);
        var explanation = await service.ExplainAsync(db, profile, investigation, people, run?.AsOf, cancellationToken);
        var note = run is not null && !string.Equals(run.ProfileVersion, profile.Version, StringComparison.Ordinal)
            ? $"Explained with version {profile.Version} of the profile; the screening run applied version {run.ProfileVersion}."
            : null;
        return new(explanation, null, note);
    }
}

/// <summary>The installed criteria profiles, each read once.</summary>
public sealed class ProfileCatalogue
{
    private readonly ConcurrentDictionary<string, CriteriaProfile?> _profiles = new(StringComparer.Ordinal);

    public CriteriaProfile? Find(string name) => _profiles.GetOrAdd(name, static n =>
    {
        try { return CriteriaProfileLoader.LoadShipped(n); }
        catch (CriteriaProfileException) { return null; }
    });
}

/// <summary>
/// The stored linkage (<see cref="StoredLinkageFacts"/>) read once per completed linkage run rather than on every case
/// page: the snapshot only changes when <c>reassess link</c> runs again, which the latest run's id and completion time tell.
/// </summary>
public sealed class CachedLinkageFacts : ILinkageFacts, IDisposable
{
    private readonly StoredLinkageFacts _stored = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    // One reference, swapped whole, so readers never see a key with another run's snapshot.
    private volatile Cached? _cached;

    private sealed record Cached(long? RunId, DateTimeOffset? CompletedAt, LinkageSnapshot Snapshot);

    private sealed record RunStamp(long Id, DateTimeOffset? CompletedAt);

    // Every explained case asks: compiled once.
    private static readonly Func<ReassessDbContext, CancellationToken, Task<RunStamp?>> LatestRun = EF.CompileAsyncQuery(
        (ReassessDbContext db, CancellationToken _) => db.Set<LinkageRun>().AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new RunStamp(r.Id, r.CompletedAt)).FirstOrDefault());

    public async Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var latest = await LatestRun(db, cancellationToken);
        bool Current(Cached? c) => c is not null && c.RunId == latest?.Id && c.CompletedAt == latest?.CompletedAt;
        if (_cached is { } hit && Current(hit)) return hit.Snapshot;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && Current(again)) return again.Snapshot;
            var snapshot = await _stored.LoadAsync(db, cancellationToken);
            _cached = new Cached(latest?.Id, latest?.CompletedAt, snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
