using System.Globalization;
using Reassess.Records;
using Reassess.Screening;

namespace Reassess.Prioritisation;

/// <summary>One named factor of a candidate's priority: its weight, how much of it applies, and what it added.</summary>
public sealed record PriorityFactor(string Name, double Weight, double Quantity, double Contribution, string Detail);

/// <summary>What the priority reads beyond the assessment: facts about the suspects found elsewhere in the data.</summary>
public sealed record PriorityInputs(
    IReadOnlyList<string> AccessOccupations,
    IReadOnlyList<string> LinkedInvestigationRefs,
    int LinkedVictims,
    int LaterOffending = 0,
    int UnrecordedIdentifiers = 0)
{
    public static PriorityInputs None { get; } = new([], [], 0);

    /// <summary>
    /// What each <c>later_offending</c> lead found, as <c>SUSPECT in INVESTIGATION</c> (another force's investigation named
    /// only by its force); the factor's words list them.
    /// </summary>
    public IReadOnlyList<string> LaterOffendingFound { get; init; } = [];

    /// <summary>What each <c>unrecorded_identifier</c> lead found, as <c>KIND VALUE</c> (<c>vehicle AB12CDE</c>).</summary>
    public IReadOnlyList<string> UnrecordedIdentifiersFound { get; init; } = [];
}

/// <summary>
/// A candidate's explainable priority (docs/criteria-profiles.md, Priority): the sum of named factors whose weights live in the
/// criteria profile. Contributions are rounded to three decimals so the sum shown is the sum of the parts shown.
/// </summary>
public static class PriorityScore
{
    /// <summary>
    /// Every factor of the profile, in the profile's order, with its contribution (zero when it does not apply). Without
    /// <paramref name="details"/> each <see cref="PriorityFactor.Detail"/> is empty: screening a million investigations
    /// needs the numbers, and an explanation formats its words.
    /// </summary>
    public static IReadOnlyList<PriorityFactor> Factors(CriteriaProfile profile, Assessment assessment, PriorityInputs inputs, DateOnly asOf, bool details = true) =>
        Factors(profile, assessment, inputs, asOf, details, shared: null);

    /// <summary>
    /// The factors without words, each taken from <paramref name="shared"/> (made there once per distinct value): what a
    /// screening pass keeps for every candidate.
    /// </summary>
    internal static IReadOnlyList<PriorityFactor> Factors(CriteriaProfile profile, Assessment assessment, PriorityInputs inputs, DateOnly asOf, SharedFactors shared) =>
        Factors(profile, assessment, inputs, asOf, details: false, shared);

    private static IReadOnlyList<PriorityFactor> Factors(CriteriaProfile profile, Assessment assessment, PriorityInputs inputs, DateOnly asOf, bool details, SharedFactors? shared)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(inputs);
        var rule = profile.Priority;
        var facts = assessment.Facts;
        var factors = new PriorityFactor[PriorityFactorNames.All.Count];
        var added = 0;
        void Add(string name, double quantity, string detail)
        {
            var weight = rule.Weights[name];
            factors[added] = shared?.Get(added, name, weight, quantity) ?? new PriorityFactor(name, weight, quantity, Round(weight * quantity), detail);
            added++;
        }

        // Distinct people among the victims under 18 (loops: this runs for every candidate of a pass).
        var participants = facts.Participants;
        bool ChildVictim(int i) => participants[i].Role == InvolvementRole.Victim && AgeAtOffence.IsChild(participants[i].DateOfBirth, asOf);
        var childVictims = 0;
        for (var i = 0; i < participants.Count; i++)
        {
            if (!ChildVictim(i)) continue;
            var seen = false;
            for (var j = 0; j < i && !seen; j++) seen = participants[j].PersonId == participants[i].PersonId && ChildVictim(j);
            if (!seen) childVictims++;
        }
        Add(PriorityFactorNames.VictimUnder18, childVictims > 0 ? 1 : 0, details ? (childVictims > 0 ? $"{childVictims} victim(s) under 18 on {Date(asOf)}" : $"no victim known to be under 18 on {Date(asOf)}") : "");

        var linked = Math.Min(inputs.LinkedInvestigationRefs.Count, rule.CountCap);
        Add(PriorityFactorNames.LinkedInvestigations, linked, details ? (inputs.LinkedInvestigationRefs.Count == 0 ? "no suspect appears in another investigation"
                : $"suspects appear in {inputs.LinkedInvestigationRefs.Count} other investigation(s): {Some(inputs.LinkedInvestigationRefs)} (cap {rule.CountCap})") : "");
        Add(PriorityFactorNames.LinkedVictims, Math.Min(inputs.LinkedVictims, rule.CountCap), details ? $"{inputs.LinkedVictims} other victim(s) in those investigations (cap {rule.CountCap})" : "");

        Add(PriorityFactorNames.AccessOccupation, inputs.AccessOccupations.Count > 0 ? 1 : 0, details ? (inputs.AccessOccupations.Count > 0 ? $"suspect occupation: {string.Join("; ", inputs.AccessOccupations)}" : "no suspect occupation giving access to children") : "");

        var evidential = facts.OutcomeCode is { } o && rule.EvidentialOutcomes.Contains(o.Trim());
        Add(PriorityFactorNames.Outcome15, evidential ? 1 : 0, details ? $"outcome {facts.OutcomeCode ?? "none"}" : "");

        var codes = ChildSexualOffence.SplitCodes(facts.OffenceCodes);
        if (details)
        {
            var contactCodes = codes.Where(profile.OffenceCodes.Contact.Contains).ToList();
            Add(PriorityFactorNames.ContactOffence, contactCodes.Count > 0 ? 1 : 0, contactCodes.Count > 0 ? $"contact code(s) {string.Join(';', contactCodes)}" : "no contact code");
        }
        else Add(PriorityFactorNames.ContactOffence, Array.Exists(codes, profile.OffenceCodes.Contact.Contains) ? 1 : 0, "");

        Add(PriorityFactorNames.Suspects, Math.Min(assessment.Suspects, rule.CountCap), details ? $"{assessment.Suspects} suspect(s) (cap {rule.CountCap})" : "");
        Add(PriorityFactorNames.Victims, Math.Min(assessment.Victims, rule.CountCap), details ? $"{assessment.Victims} victim(s) (cap {rule.CountCap})" : "");

        var years = (asOf.DayNumber - facts.RecordedDate.DayNumber) / 365.25;
        var recency = Math.Clamp(1 - (years / rule.RecencyYears), 0, 1);
        Add(PriorityFactorNames.Recency, Round(recency), details ? $"recorded {Date(facts.RecordedDate)}, {Round(years).ToString("0.##", CultureInfo.InvariantCulture)} years before {Date(asOf)} (none after {rule.RecencyYears})" : "");

        Add(PriorityFactorNames.LaterOffending, Math.Min(inputs.LaterOffending, rule.CountCap), details ? (inputs.LaterOffending == 0 ? "no suspect suspected again after the outcome"
                : $"{inputs.LaterOffending} later_offending lead(s), a suspect suspected again in an investigation recorded after the outcome: {Some(inputs.LaterOffendingFound)} (cap {rule.CountCap})") : "");
        Add(PriorityFactorNames.UnrecordedIdentifier, Math.Min(inputs.UnrecordedIdentifiers, rule.CountCap), details ? (inputs.UnrecordedIdentifiers == 0 ? "no identifier written but unrecorded"
                : $"{inputs.UnrecordedIdentifiers} unrecorded_identifier lead(s), written in the summary or a context and never recorded: {Some(inputs.UnrecordedIdentifiersFound)} (cap {rule.CountCap})") : "");
        if (added != factors.Length) throw new InvalidOperationException($"{added} priority factors made, {factors.Length} named.");
        return factors;
    }

    /// <summary>
    /// The factors a screening pass makes, without words, each made once per distinct position, name, weight and quantity
    /// (to the bit): a factor is immutable, and a pass of a quarter of a million candidates otherwise made eleven per
    /// candidate, all kept with the candidates (about 170 MB at 1M investigations for the collector to promote). One per
    /// pass, used by one thread.
    /// </summary>
    internal sealed class SharedFactors
    {
        private readonly Dictionary<(int Position, long Quantity), PriorityFactor> _made = [];

        /// <summary>How many distinct factors were made.</summary>
        public int Count => _made.Count;

        public PriorityFactor Get(int position, string name, double weight, double quantity)
        {
            var key = (position, BitConverter.DoubleToInt64Bits(quantity));
            if (_made.TryGetValue(key, out var made) && string.Equals(made.Name, name, StringComparison.Ordinal)
                && BitConverter.DoubleToInt64Bits(made.Weight) == BitConverter.DoubleToInt64Bits(weight))
                return made;
            return _made[key] = new PriorityFactor(name, weight, quantity, Round(weight * quantity), "");
        }
    }

    /// <summary>The score: the sum of the contributions.</summary>
    public static double Total(IEnumerable<PriorityFactor> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        // In order, as Enumerable.Sum adds them: the same total to the last bit.
        var sum = 0d;
        if (factors is PriorityFactor[] array)
            foreach (var f in array) sum += f.Contribution;
        else
            foreach (var f in factors) sum += f.Contribution;
        return Round(sum);
    }

    /// <summary>The <c>priority_factors</c> cell: <c>name=contribution</c> joined with <c>;</c>.</summary>
    public static string Describe(IEnumerable<PriorityFactor> factors) =>
        string.Join(';', factors.Select(f => f.Name + "=" + Number(f.Contribution)));

    /// <summary>A number as written in outputs: invariant, at most three decimals, no exponent.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Queue order: highest priority first; ties by force then investigation reference (ordinal), so the order never depends on storage.</summary>
    public static int CompareForQueue(double priorityA, string forceA, string refA, double priorityB, string forceB, string refB)
    {
        var c = priorityB.CompareTo(priorityA);
        if (c == 0) c = string.CompareOrdinal(forceA, forceB);
        if (c == 0) c = string.CompareOrdinal(refA, refB);
        return c;
    }

    private static double Round(double v) => Math.Round(v, 3, MidpointRounding.AwayFromZero);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Some(IReadOnlyList<string> refs) =>
        refs.Count <= 5 ? string.Join(", ", refs) : string.Join(", ", refs.Take(5)) + $" and {refs.Count - 5} more";
}
