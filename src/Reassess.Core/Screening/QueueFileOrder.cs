namespace Reassess.Screening;

/// <summary>
/// The order of a pass's candidates: force, then investigation reference, each ordinally. Sorting a quarter of a million
/// candidates by comparing their strings reached through each candidate's facts took about half a second of a pass (most
/// of it waiting for memory); here each is sorted by a key of numbers made once: the force's rank and the first 16
/// characters of the reference, with the strings compared only where those tie.
/// </summary>
internal static class QueueFileOrder
{
    /// <summary>The candidates in queue-file order, as a new list.</summary>
    public static List<ScreenedCandidate> Sort(List<ScreenedCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var forces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates) forces.Add(c.Facts.Force);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in forces) rank[f] = rank.Count;

        var refs = new string[candidates.Count];
        var keys = new Key[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            refs[i] = candidates[i].Facts.InvestigationRef;
            keys[i] = new Key(rank[candidates[i].Facts.Force], Prefix(refs[i]), i);
        }
        Array.Sort(keys, new KeyComparer(refs));
        var sorted = new List<ScreenedCandidate>(candidates.Count);
        foreach (var k in keys) sorted.Add(candidates[k.Index]);
        return sorted;
    }

    private readonly record struct Key(int Force, UInt128 Prefix, int Index);

    /// <summary>
    /// The first 16 characters of <paramref name="s"/> as bytes, big-endian, padded with zeros: two prefixes compare as the
    /// strings do (ordinally) unless they are equal. A character from U+00FF up is written as 255 with zeros after it, so
    /// strings that differ only from there on tie and are compared as strings.
    /// </summary>
    internal static UInt128 Prefix(string s)
    {
        UInt128 key = 0;
        for (var i = 0; i < 16; i++)
        {
            key <<= 8;
            if (i >= s.Length) continue;
            var c = s[i];
            if (c >= 255) return (key | 255) << (8 * (15 - i));
            key |= c;
        }
        return key;
    }

    /// <summary>Force rank, then the reference's prefix, then the reference, then the position (a total order).</summary>
    private sealed class KeyComparer(string[] refs) : IComparer<Key>
    {
        public int Compare(Key x, Key y)
        {
            var c = x.Force.CompareTo(y.Force);
            if (c == 0) c = x.Prefix.CompareTo(y.Prefix);
            if (c == 0) c = string.CompareOrdinal(refs[x.Index], refs[y.Index]);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        }
    }
}
