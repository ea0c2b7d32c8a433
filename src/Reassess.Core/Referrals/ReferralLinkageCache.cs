namespace Reassess.Referrals;

/// <summary>
/// The national instance's latest referral linkage, kept between views: linking every current referral's suspects is
/// seconds of work at a national operation's size (1,273 referrals: 2.7–4.2 s on the 2-core VM), and the result only
/// changes when an import adds or supersedes a referral. The linkage is held for one set of current referrals, named by
/// their ids and hashes (a received referral's body never changes; an update is a new referral), so the next view after
/// an import links afresh and every other view reuses it. One process-wide instance (the workbench's singleton).
/// </summary>
public sealed class ReferralLinkageCache : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Key, ReferralLinkage Linkage)? _latest;

    /// <summary>How many times the linkage was computed rather than reused (for tests and diagnostics).</summary>
    public int Computed { get; private set; }

    internal async Task<ReferralLinkage> GetAsync(string key, Func<Task<ReferralLinkage>> link, CancellationToken cancellationToken)
    {
        if (_latest is { } held && held.Key == key) return held.Linkage;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_latest is { } again && again.Key == key) return again.Linkage;
            var linkage = await link();
            _latest = (key, linkage);
            Computed++;
            return linkage;
        }
        finally { _gate.Release(); }
    }

    public void Dispose() => _gate.Dispose();
}
