using Reassess.Prioritisation;

namespace Reassess.Tests.Prioritisation;

/// <summary><see cref="PriorityInputsLoader.GroupedIds"/> gives, for every key, what a dictionary of lists gives.</summary>
public sealed class GroupedIdsTests
{
    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(2, 1, false)]
    [InlineData(3, 5_000, false)]
    [InlineData(4, 5_000, true)]
    [InlineData(5, 20_000, true)]
    public void Each_key_reads_back_its_values_in_the_order_added_as_a_dictionary_of_lists_does(int seed, int pairs, bool keysInOrder)
    {
        var random = new Random(seed);
        var added = Enumerable.Range(0, pairs).Select(_ => (Key: (long)random.Next(-50, 2_000), Value: random.NextInt64(-1_000_000, 1_000_000))).ToList();
        if (keysInOrder) added = [.. added.OrderBy(p => p.Key)]; // stable: values keep their order within a key
        var groups = new PriorityInputsLoader.GroupedIds();
        var plain = new Dictionary<long, List<long>>();
        foreach (var (key, value) in added)
        {
            groups.Add(key, value);
            if (!plain.TryGetValue(key, out var list)) plain[key] = list = [];
            list.Add(value);
        }
        groups.Complete();

        Assert.Equal(pairs, groups.Count);
        for (long key = -60; key < 2_010; key++)
            Assert.Equal(plain.GetValueOrDefault(key) ?? [], groups[key].ToArray());
    }

    [Fact]
    public void Reading_before_completing_and_adding_after_are_refused()
    {
        var groups = new PriorityInputsLoader.GroupedIds();
        groups.Add(1, 2);
        Assert.Throws<InvalidOperationException>(() => groups[1].Length);
        groups.Complete();
        Assert.Throws<InvalidOperationException>(() => groups.Add(3, 4));
    }
}
