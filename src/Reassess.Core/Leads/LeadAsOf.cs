namespace Reassess.Leads;

/// <summary>
/// The one as-of rule for a case's leads (docs/leads.md#as-of): leads are found as of today, by the injected clock, unless
/// a date is given (<c>--as-of</c>). A reviewer reviews now, so a victim is "still a child" by their age today, not on the
/// day the case was screened; the workbench (case page and review) and <c>reassess leads</c> all follow it.
/// </summary>
public static class LeadAsOf
{
    /// <summary>Today's date (UTC) by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary><paramref name="given"/> when there is one, otherwise <see cref="Today"/>.</summary>
    public static DateOnly Resolve(DateOnly? given, TimeProvider clock) => given ?? Today(clock);
}
