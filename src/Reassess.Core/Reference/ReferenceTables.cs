namespace Reassess.Reference;

// Encoded from the Home Office tables (facts, not files loaded at run time); listed for users in docs/import-format.md, "Reference codes".

/// <summary>A Home Office outcome type (crime outcomes framework, 2014 onwards).</summary>
public sealed record OutcomeType(string Code, string Name, bool CountsAsNfa);

/// <summary>A Home Office sexual offence classification code Reassess knows.</summary>
public sealed record SexualOffenceCode(string Code, string Name, bool ChildSpecific, bool Contact);

/// <summary>A code with a name, for the 18+1 self-defined and the officer-observed ethnicity classifications.</summary>
public sealed record EthnicityCode(string Code, string Group, string Name);

/// <summary>Home Office outcome types. <see cref="OutcomeType.CountsAsNfa"/> marks no further action.</summary>
public static class OutcomeTypes
{
    public static readonly IReadOnlyList<OutcomeType> All =
    [
        new("1", "Charged/summonsed", false),
        new("1A", "Alternative offence charged/summonsed", false),
        new("2", "Caution - youths", false),
        new("3", "Caution - adults", false),
        new("4", "Taken into consideration", false),
        new("5", "The offender has died", false),
        new("6", "Penalty Notice for Disorder", false),
        new("7", "Cannabis/Khat warning", false),
        new("8", "Community resolution", false),
        new("9", "Prosecution not in the public interest (CPS)", true),
        new("10", "Formal action against the offender is not in the public interest (police)", true),
        new("11", "Prosecution prevented - named suspect below the age of criminal responsibility", true),
        new("12", "Prosecution prevented - named suspect too ill to prosecute", true),
        new("13", "Prosecution prevented - victim or key witness dead or too ill to give evidence", true),
        new("14", "Evidential difficulties victim based - named suspect not identified", true),
        new("15", "Evidential difficulties - named suspect identified; victim supports action", true),
        new("16", "Evidential difficulties victim based - named suspect identified; victim does not support action", true),
        new("17", "Prosecution time limit expired", true),
        new("18", "Investigation complete - no suspect identified", true),
        new("19", "National Fraud Intelligence Bureau filed", false),
        new("20", "Action undertaken by another body or agency", false),
        new("21", "Further investigation to support formal action not in the public interest - police decision", true),
        new("22", "Diversionary educational or intervention activity", false),
    ];

    private static readonly Dictionary<string, OutcomeType> ByCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);

    public static OutcomeType? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var o) ? o : null;
}

/// <summary>The sexual offence codes Reassess knows, with whether each is child-specific and a contact offence.</summary>
public static class SexualOffenceCodes
{
    public static readonly IReadOnlyList<SexualOffenceCode> All =
    [
        new("17A", "Sexual assault on a male aged 13 and over", false, true),
        new("17B", "Sexual assault on a male child under 13", true, true),
        new("19C", "Rape of a female aged 16 and over", false, true),
        new("19D", "Rape of a female child under 16", true, true),
        new("19E", "Rape of a female child under 13", true, true),
        new("19F", "Rape of a male aged 16 and over", false, true),
        new("19G", "Rape of a male child under 16", true, true),
        new("19H", "Rape of a male child under 13", true, true),
        new("20A", "Sexual assault on a female aged 13 and over", false, true),
        new("20B", "Sexual assault on a female child under 13", true, true),
        new("21", "Sexual activity involving a child under 13", true, true),
        new("22A", "Causing sexual activity without consent", false, true),
        new("22B", "Sexual activity involving a child under 16", true, true),
        new("23", "Incest or familial sexual offences", false, true),
        new("70", "Sexual activity etc. with a person with a mental disorder", false, true),
        new("71", "Abuse of children through sexual exploitation", true, true),
        new("71/17", "Sexual communication with a child", true, false),
        new("72", "Trafficking for sexual exploitation", false, true),
        new("73", "Abuse of position of trust of a sexual nature", true, true),
        new("88A", "Sexual grooming", true, false),
        new("88C", "Other miscellaneous sexual offences", false, false),
        new("88D", "Unnatural sexual offences", false, true),
        new("88E", "Exposure and voyeurism", false, false),
    ];

    private static readonly Dictionary<string, SexualOffenceCode> ByCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);

    public static SexualOffenceCode? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var o) ? o : null;
}

/// <summary>The 18+1 self-defined ethnicity codes, plus <c>NS</c> (asked and not stated).</summary>
public static class SelfDefinedEthnicities
{
    public const string NotStated = "NS";

    public static readonly IReadOnlyList<EthnicityCode> All =
    [
        new("W1", "White", "English / Welsh / Scottish / Northern Irish / British"),
        new("W2", "White", "Irish"),
        new("W3", "White", "Gypsy or Irish Traveller"),
        new("W4", "White", "Roma"),
        new("W9", "White", "Any other White background"),
        new("M1", "Mixed", "White and Black Caribbean"),
        new("M2", "Mixed", "White and Black African"),
        new("M3", "Mixed", "White and Asian"),
        new("M9", "Mixed", "Any other Mixed or multiple background"),
        new("A1", "Asian", "Indian"),
        new("A2", "Asian", "Pakistani"),
        new("A3", "Asian", "Bangladeshi"),
        new("A4", "Asian", "Chinese"),
        new("A9", "Asian", "Any other Asian background"),
        new("B1", "Black", "Caribbean"),
        new("B2", "Black", "African"),
        new("B9", "Black", "Any other Black background"),
        new("O2", "Other", "Arab"),
        new("O9", "Other", "Any other ethnic group"),
        new("NS", "Not stated", "Asked and not stated"),
    ];

    private static readonly Dictionary<string, EthnicityCode> ByCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);

    public static EthnicityCode? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var o) ? o : null;
}

/// <summary>Officer-observed ethnicity (IC codes).</summary>
public static class OfficerObservedEthnicities
{
    public static readonly IReadOnlyList<EthnicityCode> All =
    [
        new("IC1", "Officer observed", "White - North European"),
        new("IC2", "Officer observed", "White - South European"),
        new("IC3", "Officer observed", "Black"),
        new("IC4", "Officer observed", "Asian"),
        new("IC5", "Officer observed", "Chinese Japanese or other South East Asian"),
        new("IC6", "Officer observed", "Arab or North African"),
        new("IC9", "Officer observed", "Unknown"),
    ];

    private static readonly Dictionary<string, EthnicityCode> ByCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);

    public static EthnicityCode? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var o) ? o : null;
}
