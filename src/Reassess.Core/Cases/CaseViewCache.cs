using Microsoft.Extensions.Caching.Memory;
using Reassess.Storage;

namespace Reassess.Cases;

/// <summary>
/// What the stored data looked like when a case page's derived parts were built: the latest import, record change,
/// screening run and linkage run. Every change those parts depend on moves one of them: an import adds a batch, a data gap
/// closed by a review and an erasure add a record change, <c>reassess screen</c> adds a run and <c>reassess link</c> adds or
/// completes one. Read in one statement of index seeks, so a page can check it on every request, whichever process
/// changed the data.
/// </summary>
public readonly record struct DataVersion(string Stamp)
{
    private const string Sql =
        "SELECT (SELECT MAX(id) FROM import_batches), (SELECT MAX(id) FROM record_changes), (SELECT MAX(id) FROM screening_runs), " +
        "(SELECT MAX(id) FROM linkage_runs), (SELECT completed_at FROM linkage_runs ORDER BY id DESC LIMIT 1)";

    public static async Task<DataVersion> ReadAsync(ReassessDbContext db, CancellationToken cancellationToken) =>
        new(string.Join('|', await StoredStamp.ReadAsync(db, Sql, cancellationToken)));
}

/// <summary>
/// The case page's derived parts (the screening explanation, the links and network chart, and the leads) for recently viewed cases.
/// Building them takes a dozen queries and re-runs the screening rules; they change only when the data does, so each is
/// kept under the <see cref="DataVersion"/> it was built from (and, for the links, what the viewer may see) and rebuilt
/// as soon as the version moves. Bounded by size (about a megabyte of chart per thousand entries).
/// </summary>
public sealed class CaseViewCache : IDisposable
{
    /// <summary>The budget, in kilobytes of cached text.</summary>
    public const long SizeLimitKb = 64 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitKb });

    public async Task<CaseExplanation> ExplanationAsync(long candidateId, DataVersion version, Func<Task<CaseExplanation>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var key = ("explanation", candidateId, version);
        if (_cache.TryGetValue(key, out CaseExplanation? hit) && hit is not null) return hit;
        var built = await build();
        _cache.Set(key, built, new MemoryCacheEntryOptions { Size = 4 });
        return built;
    }

    /// <summary>
    /// The links of a case as <paramref name="build"/> makes them, kept per <paramref name="scope"/>: what the viewer may see of
    /// other forces (role and force), since the links hide other forces' details.
    /// </summary>
    public async Task<CaseLinks> LinksAsync(long candidateId, DataVersion version, string scope, Func<Task<CaseLinks>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var key = ("links", candidateId, version, scope);
        if (_cache.TryGetValue(key, out CaseLinks? hit) && hit is not null) return hit;
        var built = await build();
        _cache.Set(key, built, new MemoryCacheEntryOptions { Size = 1 + (built.ChartJson.Length / 1024) });
        return built;
    }

    /// <summary>
    /// The leads of a case as <paramref name="build"/> finds them as of <paramref name="asOf"/> (a victim's age moves with the
    /// day), for the case page and the review alike. They are shown as the candidate's force sees them, whoever views, so they
    /// are not kept per viewer.
    /// </summary>
    public async Task<CaseLeadSet> LeadsAsync(long candidateId, DataVersion version, DateOnly asOf, Func<Task<CaseLeadSet>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var key = ("leads", candidateId, version, asOf);
        if (_cache.TryGetValue(key, out CaseLeadSet? hit) && hit is not null) return hit;
        var built = await build();
        _cache.Set(key, built, new MemoryCacheEntryOptions { Size = 1 + (built.Leads.Count / 8) });
        return built;
    }

    public void Dispose() => _cache.Dispose();
}
