namespace Reassess.Linkage.Matching;

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

    /// <summary>Whether <see cref="JaroWinkler"/> reaches <paramref name="threshold"/>, with the cheap
    /// <see cref="JaroWinklerUpperBound"/> first: most pairs of names compared share too few letters to be close.</summary>
    public static bool JaroWinklerAtLeast(ReadOnlySpan<char> a, ReadOnlySpan<char> b, double threshold) =>
        JaroWinklerUpperBound(a, b) >= threshold && JaroWinkler(a, b) >= threshold;

    /// <summary>
    /// A bound that <see cref="JaroWinkler"/> never exceeds, in one pass over each string: a matching character of one
    /// string occurs in the other, so the count of matches is at most how many characters of each string occur in the
    /// other at all (tested against a 64-bit mask of the other's characters, which can only overcount). With no
    /// transpositions and that many matches, Jaro–Winkler is at its highest.
    /// </summary>
    public static double JaroWinklerUpperBound(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }
        ulong inA = 0, inB = 0;
        foreach (var c in a) inA |= 1UL << c;
        foreach (var c in b) inB |= 1UL << c;
        int fromA = 0, fromB = 0;
        foreach (var c in a) fromA += (int)((inB >> c) & 1);
        foreach (var c in b) fromB += (int)((inA >> c) & 1);
        double m = Math.Min(fromA, fromB);
        if (m == 0) return 0;
        var jaro = (m / a.Length + m / b.Length + 1) / 3.0;
        if (jaro <= 0.7) return jaro;
        var prefix = 0;
        var max = Math.Min(4, a.Length);
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

    /// <summary>
    /// Whether two strings are at most one edit apart (<see cref="DamerauLevenshtein"/> ≤ 1: equal, or one character
    /// inserted, deleted or changed, or two adjacent ones swapped), in one pass: what is left once the common beginning
    /// and end are taken off must be that one edit.
    /// </summary>
    public static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        var prefix = a.CommonPrefixLength(b);
        var shorter = Math.Min(a.Length, b.Length);
        var suffix = 0;
        while (suffix < shorter - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;
        var restA = a.Length - prefix - suffix;
        var restB = b.Length - prefix - suffix;
        if (restA <= 1 && restB <= 1) return true;
        return restA == 2 && restB == 2 && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix];
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
