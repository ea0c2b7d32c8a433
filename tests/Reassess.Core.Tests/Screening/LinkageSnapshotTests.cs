using Reassess.Screening;

namespace Reassess.Tests.Screening;

public class LinkageSnapshotTests
{
    [Fact]
    public void Nominals_of_a_resolved_person_invert_the_resolution_once_and_for_all()
    {
        var snapshot = new LinkageSnapshot
        {
            ResolvedPersonOf = new Dictionary<long, long> { [2] = 1, [3] = 1, [5] = 4 },
            MissedGroupEvidence = new Dictionary<long, string>(),
        };
        Assert.Equal([2L, 3L], snapshot.NominalsOf[1].Order());
        Assert.Equal([5L], snapshot.NominalsOf[4]);
        Assert.False(snapshot.NominalsOf.ContainsKey(7));      // not merged: only itself, not listed
        Assert.Same(snapshot.NominalsOf, snapshot.NominalsOf); // built once
        Assert.Empty(LinkageSnapshot.Empty.NominalsOf);
    }
}
