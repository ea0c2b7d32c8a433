namespace Reassess.Records;

/// <summary>A person's part in an investigation (force-export-v1, involvements.csv <c>role</c>).</summary>
public enum InvolvementRole { Victim, Suspect, Witness, Other }

/// <summary>A suspect's relationship to the victim(s) (involvements.csv <c>relationship</c>).</summary>
public enum SuspectRelationship
{
    Family, Household, Carer, PositionOfTrust, IntimatePartner, Acquaintance, Peer, OnlineContact, Stranger, Unknown,
}

/// <summary>What happened to a suspect (involvements.csv <c>suspect_disposal</c>).</summary>
public enum SuspectDisposal { Charged, Cautioned, Nfa, ReleasedUnderInvestigation, NotArrested, Other }

/// <summary>The Crown Prosecution Service's decision (investigations.csv <c>cps_decision</c>).</summary>
public enum CpsDecision { Charge, NfaEvidential, NfaPublicInterest, OutOfCourt, NotReferred }

/// <summary>Recorded sex (people.csv <c>sex</c>).</summary>
public enum Sex { F, M, U }

/// <summary>The kind of an identifier seen with a person or an investigation (identifiers.csv <c>kind</c>).</summary>
public enum IdentifierKind { Phone, Vehicle, Email, Address, Username }

/// <summary>
/// The spec's snake_case tokens for the enums above: parsing is case-insensitive, writing is the spec's form.
/// </summary>
public static class Token
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Cache<TEnum>.ToToken[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Cache<TEnum>.FromToken.TryGetValue(text.Trim(), out value)) return true;
        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not one of {string.Join(", ", All<TEnum>())}");

    /// <summary>Every token of the enum, in declaration order (for error messages and forms).</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Cache<TEnum>.Tokens;

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToToken =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => SnakeCase(v.ToString()));
        public static readonly Dictionary<string, TEnum> FromToken =
            ToToken.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);
        public static readonly string[] Tokens = [.. ToToken.Values];
    }

    /// <summary><c>PositionOfTrust</c> → <c>position_of_trust</c>; single letters (<c>F</c>) stay as they are.</summary>
    public static string SnakeCase(string pascal)
    {
        if (pascal.Length <= 1) return pascal;
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
