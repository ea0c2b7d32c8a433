using Reassess.Prioritisation;
using Reassess.Screening;

namespace Reassess.Tests.Screening;

/// <summary>
/// <see cref="QueueFileOrder"/> sorts candidates by numeric keys made from their force and reference; the order must be
/// exactly the ordinal order of force, then reference, that comparing the strings gives.
/// </summary>
public sealed class QueueFileOrderTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2_000)]
    [InlineData(4, 20_000)]
    public void Candidates_come_in_the_ordinal_order_of_force_then_reference(int seed, int count)
    {
        var random = new Random(seed);
        // References that share long prefixes, differ after 16 characters, are prefixes of one another, or hold
        // characters at and above U+00FF, a NUL or a surrogate: the cases where a numeric prefix could mislead.
        string[] stems = ["MPS/0000123", "MPS/00001234567890123", "GMP-2019-000", "é", "ÿ", "Ā", "\uffff", "a\0", "", "\ud83d\ude00", "ab"];
        string[] forces = ["MPS", "GMP", "mps", "Ÿ", "M", "MPSX"];
        var references = new HashSet<(string, string)>();
        while (references.Count < count)
        {
            var stem = stems[random.Next(stems.Length)];
            var tail = new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(4) switch
            {
                0 => (char)('0' + random.Next(10)),
                1 => (char)random.Next(0xF0, 0x110),
                2 => (char)random.Next(0, 3),
                _ => (char)('A' + random.Next(3)),
            })]);
            references.Add((forces[random.Next(forces.Length)], stem + tail));
        }
        var candidates = references.Select((r, i) => Candidate(i, r.Item1, r.Item2)).ToList();

        var expected = candidates.ToList();
        expected.Sort((x, y) =>
        {
            var c = string.CompareOrdinal(x.Facts.Force, y.Facts.Force);
            return c != 0 ? c : string.CompareOrdinal(x.Facts.InvestigationRef, y.Facts.InvestigationRef);
        });
        var actual = QueueFileOrder.Sort(candidates);

        Assert.Equal(expected.Select(c => c.Facts.Id), actual.Select(c => c.Facts.Id));
    }

    [Fact]
    public void Prefixes_order_as_the_strings_do_or_tie()
    {
        string[] samples = ["", "a", "a\0", "a\0b", "ab", "b", "ÿ", "ÿa", "Ā", "Āa", "ÿĀ", "0123456789abcdef", "0123456789abcdefX", "0123456789abcdeg", "\uffff"];
        foreach (var x in samples)
            foreach (var y in samples)
            {
                var byPrefix = QueueFileOrder.Prefix(x).CompareTo(QueueFileOrder.Prefix(y));
                var byString = Math.Sign(string.CompareOrdinal(x, y));
                Assert.True(byPrefix == 0 || byPrefix == byString, $"'{x}' against '{y}': prefix {byPrefix}, string {byString}");
            }
    }

    private static ScreenedCandidate Candidate(long id, string force, string reference) => new()
    {
        Assessment = new Assessment
        {
            Facts = new InvestigationFacts { Id = id, Force = force, InvestigationRef = reference },
            Results = [],
            Typologies = [],
            PeriodWindow = default,
        },
        Factors = Array.Empty<PriorityFactor>(),
    };
}
