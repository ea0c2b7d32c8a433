using System.Text.RegularExpressions;
using PhoneNumbers;
using Reassess.Import;
using Reassess.Records;

namespace Reassess.Leads;

/// <summary>An identifier written in free text: its kind, its value normalised as the import normalises it, and the text as written.</summary>
public sealed record FoundIdentifier(IdentifierKind Kind, string Value, string AsWritten, int Index);

/// <summary>
/// Finds phone numbers, vehicle registration marks and email addresses written in free text (docs/leads.md, Identifiers written in free
/// text), each normalised with <see cref="Normalise"/> exactly as an imported identifier is, so a value found in a
/// summary compares equal to the same value recorded in identifiers.csv.
/// </summary>
public static partial class IdentifierText
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    // Current-format GB marks (since September 2001): two letters, two digits, three letters, optionally one space
    // before the last three. Not inside a longer word or number.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2} ?[A-Za-z]{3}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CurrentMark();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    /// <summary>Every identifier in <paramref name="text"/>, in the order written (a value written twice is found twice).</summary>
    public static IReadOnlyList<FoundIdentifier> Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var found = new List<FoundIdentifier>();
        var emails = new List<(int Start, int End)>();
        foreach (Match m in EmailAddress().Matches(text))
        {
            emails.Add((m.Index, m.Index + m.Length));
            if (Normalise.Email(m.Value) is { } email) found.Add(new FoundIdentifier(IdentifierKind.Email, email, m.Value, m.Index));
        }
        bool InEmail(int index) => emails.Exists(e => index >= e.Start && index < e.End);

        foreach (Match m in CurrentMark().Matches(text))
            if (!InEmail(m.Index) && Normalise.Vehicle(m.Value) is { } mark)
                found.Add(new FoundIdentifier(IdentifierKind.Vehicle, mark, m.Value, m.Index));

        // Quick reject: no run of seven digits (ignoring separators) means no UK number to find.
        if (HasEnoughDigits(text))
        {
            // POSSIBLE leniency: VALID misses Ofcom's drama range (07700 900xxx), which must count. What POSSIBLE lets in
            // that is not a UK number (crime references, dates) is refused below.
            foreach (var match in Phones.FindNumbers(text, "GB", PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
            {
                if (InEmail(match.Start)) continue;
                if (!IsUkNumberAsWritten(text, match.Start, match.RawString)) continue;
                if (Normalise.Phone(match.RawString) is { } e164) found.Add(new FoundIdentifier(IdentifierKind.Phone, e164, match.RawString, match.Start));
            }
        }
        found.Sort((a, b) => a.Index.CompareTo(b.Index));
        return found;
    }

    private static bool HasEnoughDigits(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) { if (++run >= 7) return true; }
            else if (c is not (' ' or '.' or '-' or '(' or ')' or '+')) run = 0;
        }
        return false;
    }

    /// <summary>
    /// A UK number written in national (<c>0…</c>) or international (<c>+44…</c>, <c>0044…</c>) form with a UK number's
    /// length and leading digits (mobiles <c>07</c> and 11 digits; <c>01</c>, <c>02</c>, <c>03</c>, <c>08</c> with 10 or
    /// 11), and not part of a reference joined by <c>/</c> (<c>0000459/24</c>, <c>MPS/12/0002355</c>).
    /// </summary>
    internal static bool IsUkNumberAsWritten(string text, int start, string raw)
    {
        if (raw.Contains('/', StringComparison.Ordinal)) return false;
        var end = start + raw.Length;
        if (SlashBeside(text, start - 1, -1) || SlashBeside(text, end, +1)) return false;
        if (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '@')) return false;
        if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '@')) return false;

        Span<char> digits = stackalloc char[raw.Length];
        var n = 0;
        foreach (var c in raw) if (char.IsAsciiDigit(c)) digits[n++] = c;
        scoped ReadOnlySpan<char> national;
        var trimmed = raw.TrimStart();
        if (trimmed.StartsWith('+'))
        {
            if (n < 3 || digits[0] != '4' || digits[1] != '4') return false;
            national = digits[2..n];
            if (national.Length > 0 && national[0] == '0') national = national[1..]; // +44 (0)7700 …
        }
        else if (n >= 4 && digits[0] == '0' && digits[1] == '0')
        {
            if (digits[2] != '4' || digits[3] != '4') return false;
            national = digits[4..n];
            if (national.Length > 0 && national[0] == '0') national = national[1..];
        }
        else if (n > 0 && digits[0] == '0') national = digits[1..n];
        else return false;
        // National significant number: without the trunk 0.
        return national.Length switch
        {
            10 => national[0] is '7' or '1' or '2' or '3' or '8',
            9 => national[0] is '1' or '8',
            _ => false,
        };
    }

    /// <summary>Whether a <c>/</c> stands at <paramref name="index"/> or next to it past spaces, looking in <paramref name="step"/>'s direction.</summary>
    private static bool SlashBeside(string text, int index, int step)
    {
        for (var i = index; i >= 0 && i < text.Length; i += step)
        {
            if (text[i] == '/') return true;
            if (text[i] != ' ') return false;
        }
        return false;
    }
}
