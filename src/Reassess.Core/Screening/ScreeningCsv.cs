using Reassess.Output;
using Reassess.Prioritisation;
using Reassess.Records;

namespace Reassess.Screening;

/// <summary>The <c>reassess screen --out</c> CSV (docs/outputs.md): the contract's columns first and in order, then the profile's facts.</summary>
public static class ScreeningCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["force", "investigation_id", "typologies", "basis", "priority", "priority_factors", "recorded_date", "outcome_code", "suspects", "victims", "linked_evidence"];

    /// <summary>Writes one row per candidate, in the outcome's order (force, then investigation id, ordinal).</summary>
    public static void Write(TextWriter writer, ScreeningOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        using var csv = new CsvOutput(writer, Header, rawColumns: ["priority", "priority_factors", "typologies", "basis"]);
        foreach (var c in outcome.Candidates)
        {
            var f = c.Facts;
            csv.WriteRow(
                f.Force,
                f.InvestigationRef,
                c.Typologies,
                Token.Of(c.Basis),
                PriorityScore.Number(c.Priority),
                c.PriorityFactors,
                f.RecordedDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                f.OutcomeCode,
                c.Assessment.Suspects.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Assessment.Victims.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Assessment.LinkedEvidence);
        }
    }
}
