using Reassess.Linkage.Networks;

namespace Reassess.Tests.Linkage;

public class LouvainTests
{
    private static List<WeightedEdge> Clique(int from, int size, double weight = 1)
    {
        var edges = new List<WeightedEdge>();
        for (var a = from; a < from + size; a++)
            for (var b = a + 1; b < from + size; b++)
                edges.Add(new WeightedEdge(a, b, weight));
        return edges;
    }

    [Fact]
    public void Two_cliques_joined_by_a_bridge_are_two_communities()
    {
        var edges = Clique(0, 5).Concat(Clique(5, 5)).Append(new WeightedEdge(4, 5, 1)).ToList();
        var c = Louvain.Communities(10, edges, seed: 7);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(c[0], c[i]));
        Assert.All(Enumerable.Range(5, 5), i => Assert.Equal(c[5], c[i]));
        Assert.NotEqual(c[0], c[5]);
    }

    [Fact]
    public void A_ring_of_cliques_splits_into_its_cliques()
    {
        // Eight 4-cliques in a ring, each joined to the next by one edge: the classic case where modularity's optimum is the cliques.
        var edges = new List<WeightedEdge>();
        for (var k = 0; k < 8; k++)
        {
            edges.AddRange(Clique(k * 4, 4));
            edges.Add(new WeightedEdge(k * 4 + 3, ((k + 1) % 8) * 4, 1));
        }
        var c = Louvain.Communities(32, edges, seed: 3);
        for (var k = 0; k < 8; k++)
            for (var i = 1; i < 4; i++) Assert.Equal(c[k * 4], c[k * 4 + i]);
        Assert.Equal(8, c.Distinct().Count());
        Assert.True(Louvain.Modularity(32, edges, c) > 0.6);
    }

    [Fact]
    public void Components_never_share_a_community_and_isolated_nodes_stay_alone()
    {
        var edges = new List<WeightedEdge> { new(0, 1, 1), new(2, 3, 1) };
        var c = Louvain.Communities(5, edges);
        Assert.Equal(c[0], c[1]);
        Assert.Equal(c[2], c[3]);
        Assert.NotEqual(c[0], c[2]);
        Assert.NotEqual(c[4], c[0]);
        Assert.NotEqual(c[4], c[2]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_communities()
    {
        var random = new Random(42);
        var edges = new List<WeightedEdge>();
        for (var i = 0; i < 400; i++)
        {
            var (a, b) = (random.Next(120), random.Next(120));
            if (a != b) edges.Add(new WeightedEdge(a, b, 1 + random.Next(3)));
        }
        Assert.Equal(Louvain.Communities(120, edges, seed: 5), Louvain.Communities(120, edges, seed: 5));
    }

    [Fact]
    public void Louvain_does_not_lose_modularity_against_the_trivial_partitions()
    {
        var random = new Random(9);
        var edges = new List<WeightedEdge>();
        // Four planted groups of 15: dense inside, sparse between.
        for (var a = 0; a < 60; a++)
            for (var b = a + 1; b < 60; b++)
                if (random.NextDouble() < (a / 15 == b / 15 ? 0.5 : 0.02)) edges.Add(new WeightedEdge(a, b, 1));
        var c = Louvain.Communities(60, edges, seed: 1);
        var found = Louvain.Modularity(60, edges, c);
        var planted = Louvain.Modularity(60, edges, [.. Enumerable.Range(0, 60).Select(i => i / 15)]);
        Assert.True(found >= planted - 1e-9, $"found {found}, planted {planted}");
        Assert.True(found > Louvain.Modularity(60, edges, new int[60]));
    }

    [Fact]
    public void Modularity_of_two_disconnected_edges_split_in_two_is_one_half()
    {
        var edges = new List<WeightedEdge> { new(0, 1, 1), new(2, 3, 1) };
        Assert.Equal(0.5, Louvain.Modularity(4, edges, [0, 0, 1, 1]), 9);
    }

    [Fact]
    public void Non_positive_weights_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Louvain.Communities(2, [new WeightedEdge(0, 1, 0)]));
    }
}
