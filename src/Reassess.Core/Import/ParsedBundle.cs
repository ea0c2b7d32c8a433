using Reassess.Records;

namespace Reassess.Import;

/// <summary>Every parsed row of a bundle, and the forces its rows name (in order).</summary>
internal sealed record ParsedBundle(
    List<ParsedRow<Investigation>> Investigations,
    List<ParsedRow<Person>> People,
    List<ParsedRow<Involvement>> Involvements,
    List<ParsedRow<Identifier>> Identifiers,
    IReadOnlyList<string> Forces)
{
    /// <summary>The forces named by a file's rows, each once. Rows of one force share one string, so a run of them costs a reference comparison.</summary>
    public static IReadOnlyCollection<string> ForcesOf<T>(List<ParsedRow<T>> rows, Func<T, string> forceOf) where T : class
    {
        var forces = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var row in rows)
        {
            var force = forceOf(row.Record);
            if (ReferenceEquals(force, last) || force.Length == 0) continue;
            forces.Add(force);
            last = force;
        }
        return forces;
    }

    /// <summary>Every invalid row, in file order.</summary>
    public List<RowReport> Rejected()
    {
        var rejected = new List<RowReport>();
        void Add<T>(List<ParsedRow<T>> rows) where T : class
        {
            foreach (var row in rows)
                if (!row.IsValid) rejected.Add(row);
        }
        Add(Investigations);
        Add(People);
        Add(Involvements);
        Add(Identifiers);
        return rejected;
    }
}
