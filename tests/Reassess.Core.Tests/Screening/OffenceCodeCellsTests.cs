using Reassess.Records;
using Reassess.Screening;
using static Reassess.Tests.Screening.ScreeningTestData;

namespace Reassess.Tests.Screening;

/// <summary>
/// <see cref="ScreeningRules"/> looks up what each distinct <c>offence_codes</c> cell says once and reuses it: every
/// assessment must still agree with <see cref="ChildSexualOffence.Holds(IEnumerable{string}, DateOnly, IEnumerable{DateOnly?}, OffenceCodeSets)"/>
/// and the contact rule applied to the split cell, for cells seen again with other victims.
/// </summary>
public sealed class OffenceCodeCellsTests
{
    [Fact]
    public void Child_sexual_and_contact_offence_agree_with_the_rule_on_random_cells_and_victims()
    {
        var random = new Random(29);
        string[] codes = ["19C", "19d", " 20A", "8N ", "88E", "71/17", "105A", "17A", "22B", "88A", "", " ", "999Z", "19C"];
        foreach (var profile in new[] { Met, Beaconport })
        {
            var rules = new ScreeningRules(profile);
            for (var i = 0; i < 5_000; i++)
            {
                var cell = string.Join(';', Enumerable.Range(0, random.Next(0, 4)).Select(_ => codes[random.Next(codes.Length)]));
                var facts = Qualifying(i).With(f =>
                {
                    f.OffenceCodes = cell;
                    f.Participants.RemoveAll(p => p.Role == InvolvementRole.Victim);
                    for (var v = random.Next(0, 3); v > 0; v--)
                        f.Participants.Add(Victim(300 + v, random.Next(4) == 0 ? null : OffenceFrom.AddYears(-random.Next(10, 25)).AddDays(random.Next(-2, 3))));
                });
                var a = rules.Assess(facts, AsOf, LinkageSnapshot.Empty);
                var split = ChildSexualOffence.SplitCodes(cell);
                Assert.Equal(ChildSexualOffence.Holds(split, facts.OffenceFrom,
                    facts.Participants.Where(p => p.Role == InvolvementRole.Victim).Select(p => p.DateOfBirth), profile.OffenceCodes), a.ChildSexualOffence);
                Assert.Equal(split.Any(profile.OffenceCodes.Contact.Contains), a.ContactOffence);
            }
        }
    }
}
