namespace Reassess.Linkage.Resolution;

/// <summary>A pair of nominals (positions in <see cref="LinkageInput.People"/>) a reviewer has decided on.</summary>
public readonly record struct DecidedPair(int Left, int Right, bool SamePerson);

/// <summary>
/// Turns links into resolved people: union–find over the accepted links, strongest first (reviewers' confirmations,
/// PNC, identifiers, then the model's matches by falling probability), refusing any union that would put two nominals
/// a reviewer rejected into one person, or two nominals whose sexes or dates of birth contradict each other
/// (<see cref="DeterministicLinks.Contradict"/>): a record without a date of birth that matches two namesakes born
/// years apart cannot be both, so it joins the stronger match only and the chain stops there. The resolved id is the
/// lowest nominal id of the cluster.
/// </summary>
public static class PersonClusters
{
    /// <summary>Each nominal's resolved id (a <c>people.id</c>), in the order of <see cref="LinkageInput.People"/>.</summary>
    public static long[] Resolve(IReadOnlyList<NominalRow> people, IEnumerable<(int Left, int Right)> linksStrongestFirst, IEnumerable<DecidedPair> decisions)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(linksStrongestFirst);
        ArgumentNullException.ThrowIfNull(decisions);
        var n = people.Count;
        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }

        // Roots that hold a nominal with a rejection: the nominals it must never join.
        var cannot = new Dictionary<int, List<int>>();
        var decided = decisions.ToList();
        foreach (var d in decided.Where(d => !d.SamePerson))
        {
            AddCannot(cannot, d.Left, d.Right);
            AddCannot(cannot, d.Right, d.Left);
        }

        // Per root: the nominals with a distinct known date of birth or sex, the ones a contradiction can come from (a
        // root never merged holds only itself, so no list is kept for it).
        var known = new List<int>?[n];
        bool Knows(int i) => people[i].DateOfBirth is not null || people[i].Sex is Records.Sex.M or Records.Sex.F;
        List<int> KnownOf(int root) => known[root] ?? (Knows(root) ? [root] : []);

        bool Contradicted(int ra, int rb)
        {
            var ka = KnownOf(ra);
            if (ka.Count == 0) return false;
            var kb = KnownOf(rb);
            foreach (var x in ka)
                foreach (var y in kb)
                    if (DeterministicLinks.Contradict(people[x], people[y])) return true;
            return false;
        }

        bool Union(int a, int b, bool force)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb) return true;
            if (cannot.TryGetValue(ra, out var la) && la.Any(x => Find(x) == rb)) return false;
            if (cannot.TryGetValue(rb, out var lb) && lb.Any(x => Find(x) == ra)) return false;
            if (!force && Contradicted(ra, rb)) return false;
            var (keep, gone) = ra < rb ? (ra, rb) : (rb, ra);
            parent[gone] = keep;
            var merged = KnownOf(keep);
            foreach (var x in KnownOf(gone))
                if (!merged.Exists(y => people[y].DateOfBirth == people[x].DateOfBirth && people[y].Sex == people[x].Sex)) merged.Add(x);
            known[keep] = merged.Count > 0 ? merged : null;
            known[gone] = null;
            if (cannot.Remove(gone, out var moved))
            {
                if (cannot.TryGetValue(keep, out var list)) list.AddRange(moved);
                else cannot[keep] = moved;
            }
            return true;
        }

        foreach (var d in decided.Where(d => d.SamePerson)) Union(d.Left, d.Right, force: true);
        foreach (var (a, b) in linksStrongestFirst) Union(a, b, force: false);

        var resolved = new long[n];
        var lowest = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            var root = Find(i);
            if (!lowest.TryGetValue(root, out var low) || people[i].Id < low) lowest[root] = people[i].Id;
        }
        for (var i = 0; i < n; i++) resolved[i] = lowest[Find(i)];
        return resolved;
    }

    private static void AddCannot(Dictionary<int, List<int>> cannot, int at, int other)
    {
        if (!cannot.TryGetValue(at, out var list)) cannot[at] = list = [];
        list.Add(other);
    }
}
