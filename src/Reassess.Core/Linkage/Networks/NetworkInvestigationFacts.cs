using Reassess.Linkage.Resolution;
using Reassess.Records;

namespace Reassess.Linkage.Networks;

/// <summary>Facts about investigations that networks need, computed once over the linkage input.</summary>
public static class NetworkInvestigationFacts
{
    /// <summary>
    /// Which investigations (positions in <see cref="LinkageInput.Investigations"/>) are child sexual offence
    /// investigations, by the given rule over offence codes, <c>offence_from</c> and the victims' dates of birth
    /// (screening's public rule, so linkage and screening never disagree).
    /// </summary>
    public static Func<int, bool> ChildSexualOffence(LinkageInput input, Func<string, DateOnly, IEnumerable<DateOnly?>, bool> rule)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rule);
        var victimsOf = new Dictionary<int, List<DateOnly?>>();
        foreach (var inv in input.Involvements)
        {
            if (inv.Role != InvolvementRole.Victim) continue;
            if (!input.InvestigationIndex.TryGetValue(inv.InvestigationId, out var i) || !input.PersonIndex.TryGetValue(inv.PersonId, out var p)) continue;
            if (!victimsOf.TryGetValue(i, out var list)) victimsOf[i] = list = [];
            list.Add(input.People[p].DateOfBirth);
        }
        var holds = new bool[input.Investigations.Count];
        for (var i = 0; i < holds.Length; i++)
        {
            var inv = input.Investigations[i];
            holds[i] = rule(inv.OffenceCodes, inv.OffenceFrom, victimsOf.TryGetValue(i, out var dobs) ? dobs : []);
        }
        return i => holds[i];
    }
}
