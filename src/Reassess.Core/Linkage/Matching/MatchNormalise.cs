using System.Text;

namespace Reassess.Linkage.Matching;

/// <summary>Normalisation of raw values before comparison: case, accents, punctuation and spacing do not tell people apart.</summary>
internal static class MatchNormalise
{
    private static readonly string[] Titles = ["mr", "mrs", "ms", "miss", "dr", "sir", "rev", "prof", "mx"];

    /// <summary>Lower-case letters with single spaces; hyphens and dots separate words, apostrophes vanish.</summary>
    public static string? Name(string? value) => Clean(value, keepDigits: false);

    /// <summary>Lower-case letters and digits with single spaces.</summary>
    public static string? Text(string? value) => Clean(value, keepDigits: true);

    /// <summary>Upper-case letters and digits only (identifiers, postcodes).</summary>
    public static string? Compact(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            var c = Fold(char.ToLowerInvariant(ch));
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToUpperInvariant(c));
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>Digits only, keeping the last ten so +44 7700 900123 and 07700 900123 agree.</summary>
    public static string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
            if (ch is >= '0' and <= '9') sb.Append(ch);
        if (sb.Length == 0) return null;
        var s = sb.ToString();
        return s.Length > 10 ? s[^10..] : s;
    }

    public static string? Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.Trim().ToLowerInvariant();
        return s.Length == 0 ? null : s;
    }

    /// <summary>Splits a full name into forenames and surname: the last word is the surname, titles dropped;
    /// "Surname, Forenames" is understood too.</summary>
    public static (string? Forenames, string? Surname) SplitFullName(string? full)
    {
        if (string.IsNullOrWhiteSpace(full)) return (null, null);
        var comma = full.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0) return (Name(full[(comma + 1)..]), Name(full[..comma]));
        var words = (Name(full) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && Titles.Contains(words[0])) words.RemoveAt(0);
        if (words.Count == 0) return (null, null);
        if (words.Count == 1) return (null, words[0]);
        return (string.Join(' ', words.Take(words.Count - 1)), words[^1]);
    }

    private static string? Clean(string? value, bool keepDigits)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var ch in value)
        {
            var c = Fold(char.ToLowerInvariant(ch));
            if (c == '\'' || c == '’') continue;
            if (char.IsLetter(c) || (keepDigits && char.IsDigit(c)))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                if (c == 'ß') sb.Append("ss");
                else sb.Append(c);
            }
            else space = true;
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>Folds the common Latin accented letters to their base letter (invariant globalisation has no
    /// Unicode decomposition tables to do it generally).</summary>
    private static char Fold(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'ā' or 'ă' or 'ą' => 'a',
        'ç' or 'ć' or 'č' => 'c',
        'ď' or 'đ' => 'd',
        'è' or 'é' or 'ê' or 'ë' or 'ē' or 'ė' or 'ę' or 'ě' => 'e',
        'ğ' => 'g',
        'ì' or 'í' or 'î' or 'ï' or 'ī' or 'ı' => 'i',
        'ł' or 'ľ' => 'l',
        'ñ' or 'ń' or 'ň' => 'n',
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' or 'ō' or 'ő' => 'o',
        'ř' => 'r',
        'ś' or 'š' or 'ş' => 's',
        'ť' or 'ţ' => 't',
        'ù' or 'ú' or 'û' or 'ü' or 'ū' or 'ů' or 'ű' => 'u',
        'ý' or 'ÿ' => 'y',
        'ź' or 'ż' or 'ž' => 'z',
        _ => c,
    };
}
