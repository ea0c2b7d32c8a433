using System.Globalization;

namespace Reassess.Synthesis;

/// <summary>
/// Made-up identifiers in valid UK formats that cannot belong to anyone: postcodes in postcode areas that do not exist,
/// vehicle registrations with memory tags no DVLA office issues (T and U are not region letters), mobile numbers only
/// from Ofcom's drama range 07700 900000–900999, e-mail addresses at the reserved example domains (RFC 2606).
/// </summary>
public static class FictionalMarks
{
    /// <summary>The first and last number of Ofcom's drama range for mobiles, as national significant numbers.</summary>
    public const long DramaFirst = 7700900000, DramaLast = 7700900999;

    /// <summary>How many numbers the drama range holds.</summary>
    public const int DramaNumbers = 1000;

    // Every postcode area in use in the UK (Royal Mail). Synthetic areas are drawn from the valid letter pairs not in it.
    private static readonly HashSet<string> RealAreas = new(StringComparer.Ordinal)
    {
        "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF", "CH", "CM", "CO", "CR",
        "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL",
        "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA",
        "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE",
        "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW",
        "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
        "GIR", "XX", "BFPO",
    };

    /// <summary>Two-letter areas that fit the postcode rules (first letter not Q, V, X; second not I, J, Z) but are not in use.</summary>
    public static readonly IReadOnlyList<string> FictionalAreas = BuildFictionalAreas();

    private static string[] BuildFictionalAreas()
    {
        var areas = new List<string>();
        foreach (var a in "ABCDEFGHIJKLMNOPRSTUWYZ")
            foreach (var b in "ABCDEFGHKLMNOPQRSTUVWXY")
            {
                var area = string.Concat(a.ToString(), b.ToString());
                if (!RealAreas.Contains(area)) areas.Add(area);
            }
        return [.. areas];
    }

    private const string UnitLetters = "ABDEFGHJLNPQRSTUWXYZ";
    private const string PlateLetters = "ABCDEFGHJKLMNOPRSTUVWXYZ";
    private const string TagSecondLetters = "ABCDEFGHJKLMNOPRSTUVWXY";

    /// <summary>The two fictional postcode areas of the force at <paramref name="forceIndex"/> in the catalogue.</summary>
    public static (string, string) AreasOf(int forceIndex)
    {
        var n = FictionalAreas.Count;
        return (FictionalAreas[(forceIndex * 37 + 11) % n], FictionalAreas[(forceIndex * 37 + 29) % n]);
    }

    /// <summary>A postcode <c>AA9 9AA</c> or <c>AA99 9AA</c> in one of the given areas.</summary>
    public static string Postcode((string, string) areas, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var area = random.Chance(0.5) ? areas.Item1 : areas.Item2;
        return string.Create(CultureInfo.InvariantCulture,
            $"{area}{random.Between(1, 29)} {random.Next(10)}{UnitLetters[random.Next(UnitLetters.Length)]}{UnitLetters[random.Next(UnitLetters.Length)]}");
    }

    /// <summary>
    /// A current-format registration (<c>AB12 CDE</c>) for a vehicle first registered on <paramref name="registered"/>:
    /// the age identifier is the year (March) or the year + 50 (September); the memory tag starts with T or U, which no
    /// DVLA office uses.
    /// </summary>
    public static string Registration(DateOnly registered, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (registered < new DateOnly(2001, 9, 1)) registered = new DateOnly(2001, 9, 1);
        var age = registered.Month switch
        {
            >= 3 and < 9 => registered.Year % 100,
            >= 9 => registered.Year % 100 + 50,
            _ => (registered.Year - 1) % 100 + 50,
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{(random.Chance(0.5) ? 'T' : 'U')}{TagSecondLetters[random.Next(TagSecondLetters.Length)]}{age:D2} {PlateLetters[random.Next(PlateLetters.Length)]}{PlateLetters[random.Next(PlateLetters.Length)]}{PlateLetters[random.Next(PlateLetters.Length)]}");
    }

    /// <summary>A registration as an officer might write it: with or without the space, sometimes in lower case.</summary>
    public static string AsRecorded(string registration, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(6) switch
        {
            0 or 1 or 2 => registration,
            3 or 4 => registration.Replace(" ", "", StringComparison.Ordinal),
            _ => registration.ToLowerInvariant(),
        };
    }

    /// <summary>Drama-range number <paramref name="index"/> (0–999) as one of the ways numbers are recorded.</summary>
    public static string Phone(int index, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, DramaNumbers);
        ArgumentNullException.ThrowIfNull(random);
        var last = index.ToString("D3", CultureInfo.InvariantCulture);
        return random.Next(5) switch
        {
            0 or 1 => "+447700900" + last,
            2 or 3 => "07700 900" + last,
            _ => "07700900" + last,
        };
    }

    /// <summary>A Police National Computer id in the <c>YY/NNNNNNA</c> form.</summary>
    public static string PncId(int year, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return string.Create(CultureInfo.InvariantCulture, $"{year % 100:D2}/{random.Next(1_000_000):D6}{PlateLetters[random.Next(PlateLetters.Length)]}");
    }

    /// <summary>An e-mail address at one of the domains reserved for examples.</summary>
    public static string Email(string forename, string surname, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var local = Clean(forename) + random.Pick([".", "_", ""]) + Clean(surname) + random.Between(1, 9999).ToString(CultureInfo.InvariantCulture);
        return local + "@" + random.Pick(["example.com", "example.org", "example.net"]);
    }

    /// <summary>A made-up online username.</summary>
    public static string Username(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Pick(FictionalNames.HandleWords) + random.Pick(["_", "", "."]) + random.Pick(FictionalNames.HandleWords)
            + random.Between(1, 999).ToString(CultureInfo.InvariantCulture);
    }

    private static readonly string[] Streets =
    [
        "Alder", "Birch", "Cedar", "Larch", "Rowan", "Hazel", "Holly", "Juniper", "Linden", "Maple", "Poplar", "Willow", "Aspen",
        "Bramble", "Heather", "Lavender", "Foxglove", "Meadow", "Orchard", "Mill", "Station", "Church", "Victoria", "Albert",
        "Canal", "Quarry", "Kingfisher", "Heron", "Wren", "Lark",
    ];

    private static readonly string[] StreetKinds = ["Road", "Street", "Close", "Way", "Avenue", "Lane", "Court", "Gardens"];

    /// <summary>A made-up address, ending with a fictional postcode.</summary>
    public static string Address(string postcode, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var street = $"{random.Pick(Streets)} {random.Pick(StreetKinds)}";
        return random.Chance(0.25)
            ? string.Create(CultureInfo.InvariantCulture, $"Flat {random.Between(1, 24)}, {random.Between(1, 90)} {street}, {postcode}")
            : string.Create(CultureInfo.InvariantCulture, $"{random.Between(1, 180)} {street}, {postcode}");
    }

    private static string Clean(string name) =>
        new([.. name.ToLowerInvariant().Where(char.IsAsciiLetter)]);
}
