using Reassess.Storage;

namespace Reassess.Screening;

/// <summary>
/// What linkage knows that screening uses: which nominals are the same real person, and which investigations are missed
/// groups. Implemented by linkage; screening runs with <see cref="LinkageSnapshot.Empty"/> until linkage is wired.
/// </summary>
public interface ILinkageFacts
{
    Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken);
}

/// <summary>Linkage's results as screening reads them.</summary>
public sealed class LinkageSnapshot
{
    /// <summary>No linkage: every nominal is its own person and no investigation is a missed group.</summary>
    public static LinkageSnapshot Empty { get; } = new()
    {
        ResolvedPersonOf = new Dictionary<long, long>(),
        MissedGroupEvidence = new Dictionary<long, string>(),
    };

    /// <summary>Nominal person id → resolved person id (absent = itself).</summary>
    public required IReadOnlyDictionary<long, long> ResolvedPersonOf { get; init; }

    /// <summary>Investigation id → human-readable evidence chain placing its suspect in a network.</summary>
    public required IReadOnlyDictionary<long, string> MissedGroupEvidence { get; init; }

    /// <summary>The resolved person of a nominal (itself when linkage did not merge it).</summary>
    public long Resolve(long personId) => ResolvedPersonOf.TryGetValue(personId, out var r) ? r : personId;

    private IReadOnlyDictionary<long, long[]>? _nominalsOf;

    /// <summary>
    /// Resolved person id → every nominal resolved to it, built once per snapshot on first use (a national snapshot holds
    /// millions of nominals: inverting it for each explained case made every case page allocate and walk all of them).
    /// </summary>
    public IReadOnlyDictionary<long, long[]> NominalsOf => LazyInitializer.EnsureInitialized(ref _nominalsOf, () =>
    {
        var lists = new Dictionary<long, List<long>>();
        foreach (var (nominal, resolved) in ResolvedPersonOf)
        {
            if (!lists.TryGetValue(resolved, out var list)) lists[resolved] = list = [];
            list.Add(nominal);
        }
        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    });
}

/// <summary>The hook used until linkage provides its own: no linkage.</summary>
public sealed class NoLinkageFacts : ILinkageFacts
{
    public Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken) => Task.FromResult(LinkageSnapshot.Empty);
}
