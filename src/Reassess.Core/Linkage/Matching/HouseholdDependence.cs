namespace Reassess.Linkage.Matching;

/// <summary>
/// Fellegi–Sunter adds the fields' weights as if they were independent among non-matches. Fields that relatives share
/// (<see cref="BlockingRule.HouseholdFields"/>: surname, postcode, address, town, birthplace, phone) are not: two
/// records agreeing on a surname and a postcode are far more often a parent and child, or two siblings, than the
/// product of the two agreements' chances among strangers says. On the historical-like sets a family's agreement on
/// surname, postcode and birthplace summed some 24 bits, outweighing a different forename and a date of birth years
/// apart, and such relatives were most of the false links.
/// <para>
/// So for each set of two or more such fields agreeing together, the chance of that joint agreement among non-matches
/// is counted from the data: the records are grouped by their values of those fields, and within each group the pairs
/// whose forenames are different (the comparison's last level, not a nickname, a misspelling or an initial: among one
/// person's records that is rare, so these pairs are non-matches) are counted. Divided by all the pairs with different
/// forenames, that is the joint agreement's chance among non-matches; against the product of each field's own u, its
/// ratio says how much of the summed agreement is counted twice. A pair agreeing on those fields (exactly, or at a near
/// level that weighs for a match) has log2 of that ratio taken off its weight. Never added: a joint agreement rarer than
/// independence predicts is left as it is. Without forenames the date of birth's "different" level picks the
/// non-matches; without either there is no correction.
/// </para>
/// Linear in the records for each set of fields (a hash grouping); within a large group a seeded sample of its pairs is
/// compared, so the cost stays bounded.
/// </summary>
internal static class HouseholdDependence
{
    /// <summary>At most this many household fields take part (2^6 − 7 = 57 sets of two or more).</summary>
    public const int MaxFields = 6;

    /// <summary>Pairs compared in one group at most; a larger group's pairs are sampled and the count scaled.</summary>
    public const int MaxPairsPerGroup = 100;

    /// <summary>Sets <paramref name="model"/>'s household fields and each set's correction in bits (≤ 0), from u
    /// (already estimated) and the records.</summary>
    public static void Estimate(FellegiSunterModel model, RecordFeatures f, double totalPairs, bool linkOnly, int seed, ParallelOptions parallel)
    {
        var household = new List<int>();
        for (var k = 0; k < model.Comparisons.Length && household.Count < MaxFields; k++)
            if (BlockingRule.HouseholdFields.Contains(model.Comparisons[k].Field) && model.Comparisons[k].ExactIds is not null) household.Add(k);
        var filter = Array.FindIndex(model.Comparisons, c => c.Field == "forenames");
        if (filter < 0) filter = Array.FindIndex(model.Comparisons, c => c.Field == "dob");
        if (household.Count < 2 || filter < 0 || totalPairs <= 0)
        {
            model.SetHousehold([], []);
            return;
        }
        var different = model.Comparisons[filter].Levels.Length - 1;
        var nonMatches = totalPairs * model.U[filter][different];
        var corrections = new double[1 << household.Count];
        var masks = Enumerable.Range(3, Math.Max(0, corrections.Length - 3)).Where(m => System.Numerics.BitOperations.PopCount((uint)m) >= 2).ToArray();
        Parallel.ForEach(masks, parallel, mask =>
        {
            var fields = Enumerable.Range(0, household.Count).Where(j => (mask & (1 << j)) != 0).Select(j => household[j]).ToArray();
            var count = CountDifferentPairs(model, f, fields, filter, different, linkOnly, new Random(unchecked((seed * 1_000_003) + mask)));
            if (count <= 0) return;
            var joint = count / nonMatches;
            var independent = 1.0;
            foreach (var k in fields) independent *= model.U[k][1];
            var ratio = joint / independent;
            if (ratio > 1) corrections[mask] = -Math.Log2(ratio);
        });
        model.SetHousehold([.. household], corrections);
    }

    /// <summary>
    /// Pairs of records agreeing exactly on every one of <paramref name="fields"/> whose forenames (the filter) are
    /// different: the records with all the fields recorded are sorted by a hash of their values, each run of equal keys
    /// is a group, and a group's pairs are compared, or a seeded sample of them in a group of more than
    /// <see cref="MaxPairsPerGroup"/> pairs (the count scaled up). Memory: two arrays of the records, no list per group.
    /// </summary>
    private static double CountDifferentPairs(FellegiSunterModel model, RecordFeatures f, int[] fields, int filter, int different, bool linkOnly, Random rng)
    {
        var n = f.Count;
        var ids = fields.Select(k => model.Comparisons[k].ExactIds!).ToArray();
        var keys = new ulong[n];
        var records = new int[n];
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var key = 0xCBF29CE484222325UL;
            var missing = false;
            foreach (var column in ids)
            {
                var id = column[i];
                if (id < 0)
                {
                    missing = true;
                    break;
                }
                key = (key ^ (uint)id) * 0x100000001B3UL;
                key ^= key >> 29;
            }
            if (missing) continue;
            keys[m] = key;
            records[m++] = i;
        }
        Array.Sort(keys, records, 0, m);
        double count = 0;
        for (var start = 0; start < m;)
        {
            var end = start + 1;
            while (end < m && keys[end] == keys[start]) end++;
            var size = end - start;
            if (size >= 2)
            {
                var pairs = (long)size * (size - 1) / 2;
                if (pairs <= MaxPairsPerGroup)
                {
                    for (var x = start; x < end; x++)
                        for (var y = x + 1; y < end; y++)
                            count += Different(model, filter, different, f, linkOnly, records[x], records[y]);
                }
                else
                {
                    // Records of a group in the order of their index: the sample does not depend on how the sort broke ties.
                    Array.Sort(records, start, size);
                    double seen = 0;
                    for (var s = 0; s < MaxPairsPerGroup; s++)
                    {
                        var x = rng.Next(size);
                        var y = rng.Next(size - 1);
                        if (y >= x) y++;
                        seen += Different(model, filter, different, f, linkOnly, records[start + x], records[start + y]);
                    }
                    count += seen * pairs / MaxPairsPerGroup;
                }
            }
            start = end;
        }
        return count;
    }

    private static int Different(FellegiSunterModel model, int filter, int different, RecordFeatures f, bool linkOnly, int a, int b)
    {
        if (linkOnly && f.Source[a] == f.Source[b]) return 0;
        return model.Comparisons[filter].Level(Math.Min(a, b), Math.Max(a, b)) == different ? 1 : 0;
    }
}
