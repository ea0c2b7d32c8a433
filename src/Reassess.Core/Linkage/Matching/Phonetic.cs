using System.Text;

namespace Reassess.Linkage.Matching;

/// <summary>
/// NYSIIS phonetic code (New York State Identification and Intelligence System, Taft 1970), the original algorithm
/// without truncation: names that sound alike (Brian, Brown, Braun) share a code, so a misheard or misspelt name still
/// reaches a comparison level and a blocking key.
/// </summary>
public static class Nysiis
{
    public static string Encode(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            var c = char.ToUpperInvariant(ch);
            if (c is >= 'A' and <= 'Z') sb.Append(c);
        }
        if (sb.Length == 0) return "";
        var w = sb.ToString();

        // 1. Leading letters.
        if (w.StartsWith("MAC", StringComparison.Ordinal)) w = "MCC" + w[3..];
        else if (w.StartsWith("KN", StringComparison.Ordinal)) w = "NN" + w[2..];
        else if (w.StartsWith('K')) w = "C" + w[1..];
        else if (w.StartsWith("PH", StringComparison.Ordinal) || w.StartsWith("PF", StringComparison.Ordinal)) w = "FF" + w[2..];
        else if (w.StartsWith("SCH", StringComparison.Ordinal)) w = "SSS" + w[3..];

        // 2. Trailing letters.
        if (w.EndsWith("EE", StringComparison.Ordinal) || w.EndsWith("IE", StringComparison.Ordinal)) w = w[..^2] + "Y";
        else if (w.Length >= 2 && w[^2..] is "DT" or "RT" or "RD" or "NT" or "ND") w = w[..^2] + "D";

        // 3–4. First letter kept; the rest translated letter by letter.
        var chars = w.ToCharArray();
        var key = new StringBuilder(chars.Length);
        key.Append(chars[0]);
        for (var i = 1; i < chars.Length; i++)
        {
            var c = chars[i];
            string add;
            if (c == 'E' && i + 1 < chars.Length && chars[i + 1] == 'V')
            {
                chars[i + 1] = 'F';
                add = "A";
            }
            else if (IsVowel(c)) add = "A";
            else if (c == 'Q') add = "G";
            else if (c == 'Z') add = "S";
            else if (c == 'M') add = "N";
            else if (c == 'K')
            {
                add = i + 1 < chars.Length && chars[i + 1] == 'N' ? "N" : "C";
            }
            else if (c == 'S' && i + 2 < chars.Length && chars[i + 1] == 'C' && chars[i + 2] == 'H')
            {
                chars[i + 1] = 'S';
                chars[i + 2] = 'S';
                add = "S";
            }
            else if (c == 'P' && i + 1 < chars.Length && chars[i + 1] == 'H')
            {
                chars[i + 1] = 'F';
                add = "F";
            }
            else if (c == 'H' && (!IsVowel(chars[i - 1]) || (i + 1 < chars.Length && !IsVowel(chars[i + 1])) || i + 1 == chars.Length))
            {
                add = chars[i - 1].ToString();
            }
            else if (c == 'W' && IsVowel(chars[i - 1]))
            {
                add = chars[i - 1].ToString();
            }
            else add = c.ToString();

            // The translated letter is the 'previous letter' of the next step's H and W rules.
            chars[i] = add[^1];
            foreach (var a in add)
            {
                var last = key[^1];
                var translatedPrev = IsVowel(a) ? 'A' : a;
                if (translatedPrev != last) key.Append(translatedPrev);
            }
        }

        // 5–7. Trailing S, AY, A.
        if (key.Length > 1 && key[^1] == 'S') key.Length--;
        if (key.Length > 2 && key[^2] == 'A' && key[^1] == 'Y') key.Remove(key.Length - 2, 1);
        if (key.Length > 1 && key[^1] == 'A') key.Length--;
        return key.ToString();
    }

    private static bool IsVowel(char c) => c is 'A' or 'E' or 'I' or 'O' or 'U';
}
