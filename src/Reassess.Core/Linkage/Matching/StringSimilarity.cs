namespace Reassess.Linkage;

/// <summary>String comparison functions used by the comparison levels; allocation-free for short strings.</summary>
public static class StringSimilarity
{
    /// <summary>
    /// Jaro–Winkler similarity (Winkler 1990): Jaro similarity boosted by up to four common leading characters with
    /// scaling factor 0.1, applied when the Jaro similarity exceeds 0.7. 1 for equal strings, 0 when either is empty.
    /// </summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= 0.7) return jaro;
        var prefix = 0;
        var max = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < max && a[prefix] == b[prefix]) prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /// <summary>Jaro similarity: matching characters within a window of half the longer length, and transpositions.</summary>
    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a.SequenceEqual(b)) return 1;
        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }
        var window = Math.Max(0, b.Length / 2 - 1);
        Span<bool> matchedB = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        Span<bool> matchedA = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (matchedB[j] || a[i] != b[j]) continue;
                matchedA[i] = true;
                matchedB[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!matchedA[i]) continue;
            while (!matchedB[k]) k++;
            if (a[i] != b[k]) transpositions++;
            k++;
        }
        double m = matches;
        return (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3.0;
    }

    /// <summary>
    /// Damerau–Levenshtein distance in its optimal-string-alignment form (insertions, deletions, substitutions and
    /// transpositions of adjacent characters, each costing 1). Stops early and returns <paramref name="limit"/> + 1
    /// once the distance must exceed <paramref name="limit"/>.
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        var n = b.Length + 1;
        Span<int> buffer = 3 * n <= 768 ? stackalloc int[3 * n] : new int[3 * n];
        var prev2 = buffer[..n];
        var prev = buffer.Slice(n, n);
        var cur = buffer.Slice(2 * n, n);
        for (var j = 0; j < n; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j < n; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > limit) return limit + 1;
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.Min(prev[n - 1], limit == int.MaxValue ? int.MaxValue : limit + 1);
    }

    /// <summary>Jaccard similarity of two sorted sets of token ids.</summary>
    public static double Jaccard(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)common / (a.Length + b.Length - common);
    }
}
