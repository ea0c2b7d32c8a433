using Reassess.Records;
using Reassess.Screening;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Screening;

/// <summary>
/// <see cref="ScreeningRules.Typologies"/> hands out one of 32 shared read-only label lists: for random suspects it must
/// give the labels the rule builds one by one (the previous code, kept here), and the lists must not be writable.
/// </summary>
public sealed class TypologyLabelSetsTests
{
    [Fact]
    public void Shared_label_lists_are_the_labels_built_one_by_one()
    {
        var random = new Random(41);
        var relationships = Enum.GetValues<SuspectRelationship>();
        foreach (var profile in new[] { Met, Beaconport })
        {
            var rules = new ScreeningRules(profile);
            var seen = new HashSet<string>();
            for (var i = 0; i < 3_000; i++)
            {
                var facts = Qualifying(i).With(f =>
                {
                    f.Participants.RemoveAll(p => p.Role == InvolvementRole.Suspect);
                    for (var s = random.Next(0, 4); s > 0; s--)
                        f.Participants.Add(Suspect(100 + s, random.Next(5) == 0 ? null : relationships[random.Next(relationships.Length)],
                            random.Next(6) == 0 ? null : OffenceFrom.AddYears(-random.Next(10, 40))));
                });
                var labels = rules.Typologies(facts);
                Assert.Equal(Plain(profile, facts), labels);
                Assert.Throws<NotSupportedException>(() => ((IList<string>)labels).Add("x"));
                seen.Add(string.Join(';', labels));
            }
            Assert.True(seen.Count >= 6, $"{seen.Count} label sets: {string.Join(" | ", seen)}");
        }
    }

    private static List<string> Plain(CriteriaProfile profile, InvestigationFacts facts)
    {
        var rule = profile.Typologies;
        bool intrafamilial = false, institutional = false, online = false, peer = true, anySuspect = false;
        foreach (var p in facts.Participants)
        {
            if (p.Role != InvolvementRole.Suspect) continue;
            anySuspect = true;
            if (p.Relationship is { } r)
            {
                intrafamilial |= rule.Intrafamilial.Contains(r);
                institutional |= rule.Institutional.Contains(r);
                online |= rule.Online.Contains(r);
            }
            if (AgeAtOffence.Years(p.DateOfBirth, facts.OffenceFrom) is not { } age || age >= rule.PeerUnderAge) peer = false;
        }
        peer &= anySuspect;
        var labels = new List<string>(3);
        if (institutional) labels.Add(TypologyLabels.Institutional);
        if (intrafamilial) labels.Add(TypologyLabels.Intrafamilial);
        if (!intrafamilial && !institutional && !peer) labels.Add(TypologyLabels.Network);
        if (online) labels.Add(TypologyLabels.Online);
        if (peer) labels.Add(TypologyLabels.Peer);
        return labels;
    }
}
