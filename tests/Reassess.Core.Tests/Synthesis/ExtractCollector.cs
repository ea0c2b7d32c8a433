using Reassess.Records;
using Reassess.Reference;
using Reassess.Synthesis;

namespace Reassess.Tests.Synthesis;

/// <summary>Keeps a generated extract in memory, and screens it with an independent reading of met-2025 (screening.md).</summary>
internal sealed class ExtractCollector : IExtractSink
{
    public List<Investigation> Investigations { get; } = [];
    public Dictionary<(string Force, string Ref), Person> People { get; } = [];
    public Dictionary<(string Force, string Ref), string> RealPersonOf { get; } = [];
    public List<Involvement> Involvements { get; } = [];
    public List<Identifier> Identifiers { get; } = [];
    public List<(string Network, string RealPerson, NetworkRole Role)> NetworkMembers { get; } = [];
    public List<(string Network, string Force, string Investigation, bool Missed)> NetworkInvestigations { get; } = [];
    public List<string> OrderViolations { get; } = [];

    private readonly HashSet<(string, string)> _investigationKeys = [];

    public void Investigation(Investigation investigation)
    {
        Investigations.Add(investigation);
        _investigationKeys.Add((investigation.Force, investigation.InvestigationRef));
    }

    public void Person(Person person, string realPersonId)
    {
        People.Add((person.Force, person.PersonRef), person);
        RealPersonOf.Add((person.Force, person.PersonRef), realPersonId);
    }

    public void Involvement(Involvement involvement)
    {
        if (!_investigationKeys.Contains((involvement.Force, involvement.InvestigationRef)) || !People.ContainsKey((involvement.Force, involvement.PersonRef)))
            OrderViolations.Add($"{involvement.InvestigationRef} {involvement.PersonRef}");
        Involvements.Add(involvement);
    }

    public void Identifier(Identifier identifier) => Identifiers.Add(identifier);

    public void NetworkMember(string networkId, string realPersonId, NetworkRole role) => NetworkMembers.Add((networkId, realPersonId, role));

    public void NetworkInvestigation(string networkId, string force, string investigationRef, bool missedGroup) =>
        NetworkInvestigations.Add((networkId, force, investigationRef, missedGroup));

    public ILookup<(string, string), Involvement> ByInvestigation() => Involvements.ToLookup(i => (i.Force, i.InvestigationRef));

    /// <summary>The met-2025 candidates at <paramref name="asOf"/>, with their typology labels.</summary>
    public List<(Investigation Investigation, SortedSet<string> Typologies)> Met2025(DateOnly asOf)
    {
        var involvements = ByInvestigation();
        var result = new List<(Investigation, SortedSet<string>)>();
        foreach (var inv in Investigations)
        {
            if (inv.RecordedDate < asOf.AddYears(-15) || inv.RecordedDate > asOf) continue;
            var here = involvements[(inv.Force, inv.InvestigationRef)].ToList();
            var codes = inv.OffenceCodeList.Select(SexualOffenceCodes.Find).ToList();
            var child = codes.Any(c => c is { ChildSpecific: true })
                || (codes.Any(c => c is not null) && here.Where(i => i.Role == InvolvementRole.Victim)
                    .Any(v => AgeAt(People[(inv.Force, v.PersonRef)], inv.OffenceFrom) is < 18));
            if (!child) continue;
            var suspects = here.Where(i => i.Role == InvolvementRole.Suspect).ToList();
            if (suspects.Select(s => s.PersonRef).Distinct().Count() < 2) continue;
            var nfa = OutcomeTypes.Find(inv.OutcomeCode) is { CountsAsNfa: true }
                || inv.CpsDecision is CpsDecision.NfaEvidential or CpsDecision.NfaPublicInterest
                || suspects.Any(s => s.SuspectDisposal == SuspectDisposal.Nfa);
            if (!nfa) continue;
            var labels = new SortedSet<string>(StringComparer.Ordinal);
            if (suspects.Any(s => s.Relationship is SuspectRelationship.Family or SuspectRelationship.Household)) labels.Add("intrafamilial");
            if (suspects.Any(s => s.Relationship is SuspectRelationship.PositionOfTrust or SuspectRelationship.Carer)) labels.Add("institutional");
            if (suspects.Any(s => s.Relationship is SuspectRelationship.OnlineContact)) labels.Add("online");
            if (suspects.All(s => AgeAt(People[(inv.Force, s.PersonRef)], inv.OffenceFrom) is < 18)) labels.Add("peer");
            if (!labels.Overlaps(["intrafamilial", "institutional", "peer"])) labels.Add("network");
            result.Add((inv, labels));
        }
        return result;
    }

    private static int? AgeAt(Person p, DateOnly on)
    {
        if (p.DateOfBirth is not { } dob) return null;
        var age = on.Year - dob.Year;
        if (on.Month < dob.Month || (on.Month == dob.Month && on.Day < dob.Day)) age--;
        return age;
    }
}
