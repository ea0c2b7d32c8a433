using Reassess.Reference;

namespace Reassess.Screening;

/// <summary>Age at offence (docs/criteria-profiles.md): whole years from date of birth to <c>offence_from</c>; a birthday on that date counts.</summary>
public static class AgeAtOffence
{
    /// <summary>Whole years from <paramref name="dateOfBirth"/> to <paramref name="on"/>; null when the date of birth is unknown.</summary>
    public static int? Years(DateOnly? dateOfBirth, DateOnly on) => dateOfBirth is { } dob ? WholeYears(dob, on) : null;

    /// <summary>
    /// Whole years between two dates. The birthday itself counts; someone born on 29 February has their birthday on
    /// 1 March in a common year (they are not yet a year older on 28 February).
    /// </summary>
    public static int WholeYears(DateOnly dateOfBirth, DateOnly on)
    {
        var years = on.Year - dateOfBirth.Year;
        if (on.Month < dateOfBirth.Month || (on.Month == dateOfBirth.Month && on.Day < dateOfBirth.Day)) years--;
        return years;
    }

    /// <summary>Under 18 at the date: known and fewer than 18 whole years.</summary>
    public static bool IsChild(DateOnly? dateOfBirth, DateOnly on) => Years(dateOfBirth, on) is < 18;
}

/// <summary>
/// The offence code sets a rule reads: which codes are sexual offences, which are child-specific, which are contact
/// offences. <see cref="Reference"/> holds reference/offence-codes.csv; a criteria profile can carry its own.
/// Codes compare case-insensitively.
/// </summary>
public sealed class OffenceCodeSets
{
    public OffenceCodeSets(IEnumerable<string> sexual, IEnumerable<string> childSpecific, IEnumerable<string> contact)
    {
        Sexual = Normalise(sexual);
        ChildSpecific = Normalise(childSpecific);
        Contact = Normalise(contact);
    }

    /// <summary>The Home Office codes in reference/offence-codes.csv.</summary>
    public static OffenceCodeSets Reference { get; } = new(
        SexualOffenceCodes.All.Select(c => c.Code),
        SexualOffenceCodes.All.Where(c => c.ChildSpecific).Select(c => c.Code),
        SexualOffenceCodes.All.Where(c => c.Contact).Select(c => c.Code));

    public IReadOnlySet<string> Sexual { get; }
    public IReadOnlySet<string> ChildSpecific { get; }
    public IReadOnlySet<string> Contact { get; }

    private static HashSet<string> Normalise(IEnumerable<string> codes) =>
        new(codes.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The child sexual offence investigation rule (docs/criteria-profiles.md): at least one offence code is child-specific, or at least
/// one is a sexual offence and at least one victim was under 18 at <c>offence_from</c>. Shared by screening, reports
/// and linkage so they never disagree.
/// </summary>
public static class ChildSexualOffence
{
    /// <summary>The rule with the reference code sets.</summary>
    /// <param name="offenceCodes">The investigation's offence codes (any case).</param>
    /// <param name="offenceFrom">The investigation's <c>offence_from</c>.</param>
    /// <param name="victimDatesOfBirth">Each distinct victim's date of birth (null when unknown).</param>
    public static bool Holds(IEnumerable<string> offenceCodes, DateOnly offenceFrom, IEnumerable<DateOnly?> victimDatesOfBirth) =>
        Holds(offenceCodes, offenceFrom, victimDatesOfBirth, OffenceCodeSets.Reference);

    /// <summary>The rule with a profile's code sets.</summary>
    public static bool Holds(IEnumerable<string> offenceCodes, DateOnly offenceFrom, IEnumerable<DateOnly?> victimDatesOfBirth, OffenceCodeSets codes)
    {
        ArgumentNullException.ThrowIfNull(offenceCodes);
        ArgumentNullException.ThrowIfNull(victimDatesOfBirth);
        ArgumentNullException.ThrowIfNull(codes);
        var anySexual = false;
        foreach (var code in offenceCodes)
        {
            var c = code.Trim();
            if (codes.ChildSpecific.Contains(c)) return true;
            anySexual |= codes.Sexual.Contains(c);
        }
        return anySexual && victimDatesOfBirth.Any(dob => AgeAtOffence.IsChild(dob, offenceFrom));
    }

    /// <summary>The rule for an investigation's <c>offence_codes</c> text (<c>;</c>-separated).</summary>
    public static bool Holds(string offenceCodes, DateOnly offenceFrom, IEnumerable<DateOnly?> victimDatesOfBirth) =>
        Holds(SplitCodes(offenceCodes), offenceFrom, victimDatesOfBirth, OffenceCodeSets.Reference);

    /// <summary>Splits an <c>offence_codes</c> cell: <c>;</c>-separated, trimmed, empties dropped.</summary>
    public static string[] SplitCodes(string? offenceCodes) =>
        (offenceCodes ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
