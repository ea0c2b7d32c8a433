using Reassess.Audit;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Screening;

namespace Reassess.Composition;

/// <summary>
/// The linkage run as every shell starts it: the trained matcher with the run's seed, and offender networks judged by
/// the screening rules' child sexual offence. <c>reassess link</c>, the demo and the synthetic referral loop all build
/// their <see cref="LinkageService"/> here, so none of them can wire it differently.
/// </summary>
public static class PipelineLinkage
{
    /// <summary>A linkage service with the engine's matcher seeded with <paramref name="seed"/>.</summary>
    public static LinkageService Create(int seed, TimeProvider time, IAuditTrail? audit) =>
        new(new EngineMatcher(seed), input => NetworkInvestigationFacts.ChildSexualOffence(input, ChildSexualOffence.Holds), time, audit);
}
