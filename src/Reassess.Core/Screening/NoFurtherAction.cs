using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Screening;

/// <summary>
/// The NFA rule (docs/criteria-profiles.md): no further action by police or CPS when the outcome type counts as NFA
/// (reference/outcome-types.csv), or the CPS decided <c>nfa_evidential</c> or <c>nfa_public_interest</c>, or at least
/// one suspect's disposal is <c>nfa</c>. Shared by screening and reports.
/// </summary>
public static class NoFurtherAction
{
    /// <summary>The rule with the reference outcome types.</summary>
    public static bool Holds(string? outcomeCode, CpsDecision? cpsDecision, IEnumerable<SuspectDisposal?> suspectDisposals)
    {
        ArgumentNullException.ThrowIfNull(suspectDisposals);
        return OutcomeTypes.Find(outcomeCode)?.CountsAsNfa == true
            || cpsDecision is CpsDecision.NfaEvidential or CpsDecision.NfaPublicInterest
            || suspectDisposals.Any(d => d == SuspectDisposal.Nfa);
    }
}
