namespace Reassess.Cases;

/// <summary>
/// What <see cref="CaseQueries"/> keeps between requests (one per process): the installed criteria profiles, the stored
/// linkage snapshot, each recent case's explanation and links, and each force's triage queue. Each entry is
/// checked against the stored data before use, so a change made by another process is seen.
/// </summary>
public sealed class CaseCaches : IDisposable
{
    public ProfileCatalogue Profiles { get; } = new();

    public CachedLinkageFacts Linkage { get; } = new();

    public CaseViewCache Views { get; } = new();

    public Prioritisation.QueueSnapshots Queues { get; } = new();

    public void Dispose()
    {
        Linkage.Dispose();
        Views.Dispose();
    }
}
