using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Reassess.Import;

/// <summary>
/// Normalises identifiers for matching, as force-export-v1 says: phones to E.164 (libphonenumber, UK numbering plan by
/// default), vehicle marks upper-case without spaces, postcodes to <c>OUT IN</c>, emails lower-case.
/// Each method returns null when the value cannot be normalised; callers turn that into an error that says why.
/// </summary>
internal static partial class Normalise
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>UK postcode without its space: outward code (area, district) then inward code (sector digit, unit).</summary>
    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodeCompact();

    [GeneratedRegex(@"(?<pc>[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingPostcode();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    /// <summary><c>sw1a1aa</c> → <c>SW1A 1AA</c>; null when it is not a UK postcode.</summary>
    public static string? Postcode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Already in OUT IN form (most stored extracts): check it without building the compact copy.
        if (value.Length is >= 6 and <= 8 && value[^4] == ' ' && !value.AsSpan(0, value.Length - 4).Contains(' '))
        {
            Span<char> packed = stackalloc char[7];
            value.AsSpan(0, value.Length - 4).CopyTo(packed);
            value.AsSpan(value.Length - 3).CopyTo(packed[(value.Length - 4)..]);
            if (PostcodeCompact().IsMatch(packed[..(value.Length - 1)])) return value;
        }
        var compact = Whitespace().Replace(value, "").ToUpperInvariant();
        if (!PostcodeCompact().IsMatch(compact)) return null;
        return string.Concat(compact.AsSpan(0, compact.Length - 3), " ", compact.AsSpan(compact.Length - 3));
    }

    /// <summary>The postcode sector (<c>SW1A 1</c>), used by linkage; null when not a postcode.</summary>
    public static string? PostcodeSector(string? value) => Postcode(value) is { } pc ? pc[..^2] : null;

    /// <summary>A phone number in E.164 (<c>+447700900123</c>), read as a UK number unless it carries a country code.</summary>
    public static string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            var number = Phones.Parse(value, "GB");
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>A vehicle registration mark upper-case without spaces; null when it holds anything but letters, digits or hyphens.</summary>
    public static string? Vehicle(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var mark = Whitespace().Replace(value, "").ToUpperInvariant();
        foreach (var c in mark)
            if (!(c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-')) return null;
        return mark.Length is >= 2 and <= 12 ? mark : null;
    }

    /// <summary>An email address lower-cased; null unless it has one <c>@</c> between a local part and a dotted domain.</summary>
    public static string? Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var email = value.Trim().ToLowerInvariant();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1) return null;
        if (email.AsSpan().IndexOfAny(" \t,;<>") >= 0) return null;
        var domain = email[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') ? email : null;
    }

    /// <summary>An address with its white space folded, upper-case, and a trailing postcode in <c>OUT IN</c> form.</summary>
    public static string Address(string value)
    {
        var folded = Whitespace().Replace(value.Trim(), " ").ToUpperInvariant();
        if (Postcode(folded) is { } whole) return whole;
        var m = TrailingPostcode().Match(folded);
        if (m.Success && Postcode(m.Groups["pc"].Value) is { } pc)
            folded = string.Concat(folded.AsSpan(0, m.Index).TrimEnd([' ', ',']), ", ", pc);
        return folded;
    }

    /// <summary>An online username as recorded, trimmed.</summary>
    public static string Username(string value) => value.Trim();

    internal static string Upper(string value) =>
        System.Text.Ascii.IsValid(value) && !value.AsSpan().ContainsAnyInRange('a', 'z') ? value : value.ToUpper(CultureInfo.InvariantCulture);
}
