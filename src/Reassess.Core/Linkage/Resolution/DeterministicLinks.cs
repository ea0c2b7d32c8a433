using System.Globalization;
using System.Text;
using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>A link between two nominals (positions in <see cref="LinkageInput.People"/>, <see cref="Left"/> &lt; <see cref="Right"/>).</summary>
public sealed record ProposedLink(int Left, int Right, MatchMethod Method, double Weight, double Probability, string Contributions, string Evidence, bool Automatic);

/// <summary>
/// The links that need no model: the same Police National Computer id (held for a reviewer when sex or date of
/// birth contradict it), or the same phone, email, vehicle or online
/// username recorded with both nominals when nothing on the two records contradicts it (a phone shared by two brothers
/// with different dates of birth is a family phone, not one person). Identifiers seen with more than
/// <see cref="MaxNominalsPerIdentifier"/> nominals are a switchboard or a fleet car, not a person, and link nobody.
/// </summary>
public static class DeterministicLinks
{
    public const int MaxNominalsPerIdentifier = 8;

    /// <summary>What forces record when the name is not known: agreeing on them says nothing.</summary>
    private static readonly HashSet<string> PlaceholderSurnames = new(StringComparer.Ordinal) { "UNKNOWN", "NK", "NOTKNOWN", "UNK", "NONE" };

    private static readonly IdentifierKind[] PersonalKinds = [IdentifierKind.Phone, IdentifierKind.Email, IdentifierKind.Vehicle, IdentifierKind.Username];

    public static IReadOnlyList<ProposedLink> Find(LinkageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var people = input.People;
        var links = new Dictionary<(int, int), ProposedLink>();

        // PNC: a star from the first nominal of each id (in natural-key order) keeps the links linear in the group size.
        var byPnc = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < people.Count; i++)
        {
            var pnc = NormalisePnc(people[i].PncId);
            if (pnc is null) continue;
            if (!byPnc.TryGetValue(pnc, out var list)) byPnc[pnc] = list = [];
            list.Add(i);
        }
        foreach (var (pnc, group) in byPnc)
        {
            if (group.Count < 2) continue;
            group.Sort((a, b) => CompareKeys(people[a], people[b]));
            for (var k = 1; k < group.Count; k++)
            {
                // PNC ids are unique, but one can be typed onto the wrong nominal: a PNC link whose two records cannot
                // be one person (both sexes known and different, or dates of birth far apart) waits for a reviewer.
                var contradicted = Contradict(people[group[0]], people[group[k]]);
                Add(links, people, group[0], group[k], MatchMethod.Pnc, contradicted ? $"PNC {pnc}; held for review: sex or date of birth disagree" : $"PNC {pnc}", automatic: !contradicted);
            }
        }

        var byIdentifier = new Dictionary<(IdentifierKind, string), List<int>>();
        foreach (var id in input.Identifiers)
        {
            if (id.PersonId is not { } personId || Array.IndexOf(PersonalKinds, id.Kind) < 0) continue;
            if (!input.PersonIndex.TryGetValue(personId, out var index)) continue;
            var key = (id.Kind, id.Value);
            if (!byIdentifier.TryGetValue(key, out var list)) byIdentifier[key] = list = [];
            if (!list.Contains(index)) list.Add(index);
        }
        foreach (var ((kind, value), group) in byIdentifier)
        {
            if (group.Count < 2 || group.Count > MaxNominalsPerIdentifier) continue;
            group.Sort((a, b) => CompareKeys(people[a], people[b]));
            for (var x = 0; x < group.Count; x++)
                for (var y = x + 1; y < group.Count; y++)
                {
                    if (!Compatible(people[group[x]], people[group[y]])) continue;
                    Add(links, people, group[x], group[y], MatchMethod.Identifier, $"{Token.Of(kind)} {value}", automatic: true);
                }
        }
        return [.. links.Values.OrderBy(l => l.Left).ThenBy(l => l.Right)];
    }

    private static void Add(Dictionary<(int, int), ProposedLink> links, IReadOnlyList<NominalRow> people, int a, int b, MatchMethod method, string evidence, bool automatic)
    {
        var (left, right) = CompareKeys(people[a], people[b]) <= 0 ? (a, b) : (b, a);
        var key = (Math.Min(left, right), Math.Max(left, right));
        if (links.TryGetValue(key, out var existing))
        {
            // PNC is the stronger evidence; further identifiers are appended to the words.
            if (existing.Method == MatchMethod.Pnc && method != MatchMethod.Pnc || existing.Evidence.Contains(evidence, StringComparison.Ordinal)) return;
            links[key] = existing with { Evidence = existing.Evidence + "; " + evidence };
            return;
        }
        var contributions = "[{\"field\":\"" + (method == MatchMethod.Pnc ? "pnc_id" : "identifier") + "\",\"level\":\"exact\",\"weight\":null}]";
        links[key] = new ProposedLink(left, right, method, 0, 1, contributions, evidence, automatic);
    }

    /// <summary>Same surname, first forename or date of birth, and no known date of birth or sex that differ.</summary>
    public static bool Compatible(NominalRow a, NominalRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DateOfBirth is { } da && b.DateOfBirth is { } db && da != db) return false;
        if (a.Sex is { } sa && b.Sex is { } sb && sa != Sex.U && sb != Sex.U && sa != sb) return false;
        if (a.DateOfBirth is not null && a.DateOfBirth == b.DateOfBirth) return true;
        var surname = Letters(a.Surname);
        if (surname.Length > 0 && !PlaceholderSurnames.Contains(surname) && surname == Letters(b.Surname)) return true;
        var first = FirstForename(a.Forenames);
        return first.Length > 0 && first == FirstForename(b.Forenames);
    }

    /// <summary>
    /// Whether two records cannot be one person whatever else agrees: both sexes known (M/F) and different, or both dates
    /// of birth known and different in more than one of year, month and day (one typed digit, or day and month
    /// transposed, is a recording error; 1938-12-03 against 1967-12-23 is two people).
    /// </summary>
    public static bool Contradict(NominalRow a, NominalRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Sex is { } sa && b.Sex is { } sb && sa != Sex.U && sb != Sex.U && sa != sb) return true;
        if (a.DateOfBirth is not { } da || b.DateOfBirth is not { } db || da == db) return false;
        if (da.Year == db.Year && da.Month == db.Day && da.Day == db.Month) return false;
        var differing = (da.Year != db.Year ? 1 : 0) + (da.Month != db.Month ? 1 : 0) + (da.Day != db.Day ? 1 : 0);
        return differing > 1;
    }

    /// <summary>PNC ids compared upper-case without spaces; null when absent.</summary>
    public static string? NormalisePnc(string? pnc)
    {
        if (string.IsNullOrWhiteSpace(pnc)) return null;
        return pnc.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    /// <summary>Orders nominals by force then person ref (ordinal): the order of a match's left and right.</summary>
    public static int CompareKeys(NominalRow a, NominalRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = string.CompareOrdinal(a.Force, b.Force);
        return c != 0 ? c : string.CompareOrdinal(a.PersonRef, b.PersonRef);
    }

    private static string FirstForename(string? forenames)
    {
        if (string.IsNullOrWhiteSpace(forenames)) return "";
        var first = forenames.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return Letters(first);
    }

    private static string Letters(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
            if (char.IsLetter(c)) sb.Append(char.ToUpper(c, CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
