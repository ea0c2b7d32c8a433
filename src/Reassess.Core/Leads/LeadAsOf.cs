namespace Reassess.Leads;

/// <summary>
/// The as-of rule for leads (docs/leads.md#as-of), in one place for every shell. Some leads depend on the day they are
/// found for (a victim is "still a child" by their age on that day). A date given (<c>--as-of</c>) always wins; otherwise:
/// <list type="bullet">
/// <item><b>One case being looked at</b> — the case page, the review form, <c>reassess leads FORCE ID</c> — is seen as of
/// <see cref="Today"/>: a reviewer acts now, and a victim who has turned 18 since screening needs no children's social
/// care referral today.</item>
/// <item><b>A screening run's leads as a whole</b> — <c>reassess leads --out</c>, the progress report, the demo — are
/// as of the run's own as-of date (<see cref="ForRun"/>): the same data, profile and run always write the same rows,
/// whatever day the file is written, and the leads describe the candidates the run chose on that date.</item>
/// </list>
/// </summary>
public static class LeadAsOf
{
    /// <summary>Today's date (UTC) by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The day one case's leads are found for: <paramref name="given"/> when there is one, otherwise today.</summary>
    public static DateOnly ForCase(DateOnly? given, TimeProvider clock) => given ?? Today(clock);

    /// <summary>
    /// The day a screening run's leads are found for: <paramref name="given"/> when there is one, otherwise the run's own
    /// as-of date (<paramref name="runAsOf"/>).
    /// </summary>
    public static DateOnly ForRun(DateOnly? given, DateOnly runAsOf) => given ?? runAsOf;
}
