using System.Globalization;
using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;

namespace Reassess.Tests.Linkage;

/// <summary>
/// Hub identifiers (issue 23): a taxi firm's phone or a hostel's address recorded for hundreds of people must not weld
/// them into one network, while a phone a few people share still links them, weighed by how many share it.
/// </summary>
public class HubIdentifierTests
{
    private const string TaxiPhone = "+447700900001";

    /// <summary>
    /// 300 unrelated suspects, each alone in a child sexual offence investigation, all recorded with the taxi firm's
    /// phone; three of them (S1-S3) also share a phone of their own; S10 and S11 are co-suspects in a further investigation.
    /// </summary>
    private static LinkageInput World(bool hubOnCoSuspects = true)
    {
        var people = new List<NominalRow>();
        var investigations = new List<InvestigationRow>();
        var involvements = new List<InvolvementRow>();
        var identifiers = new List<IdentifierRow>();
        for (var i = 1; i <= 300; i++)
        {
            people.Add(new NominalRow(i, "WYP", $"S{i}", $"Nowakowicz{i}", "Łukasz", new DateOnly(1960, 1, 1).AddDays(i * 37), Sex.M, null, null, null, null));
            investigations.Add(new InvestigationRow(i, "WYP", $"INV-{i}", "21", new DateOnly(2016, 1, 1)));
            involvements.Add(new InvolvementRow(i, i, InvolvementRole.Suspect));
            if (hubOnCoSuspects || i is not (10 or 11)) identifiers.Add(new IdentifierRow(IdentifierKind.Phone, TaxiPhone, i, null));
        }
        foreach (var i in new[] { 1, 2, 3 }) identifiers.Add(new IdentifierRow(IdentifierKind.Phone, "+447700900333", i, null));
        investigations.Add(new InvestigationRow(301, "WYP", "INV-301", "21", new DateOnly(2017, 1, 1)));
        involvements.Add(new InvolvementRow(10, 301, InvolvementRole.Suspect));
        involvements.Add(new InvolvementRow(11, 301, InvolvementRole.Suspect));
        return new LinkageInput { People = people, Investigations = investigations, Involvements = involvements, Identifiers = identifiers };
    }

    private static NetworkResult Build(LinkageInput input) =>
        new NetworkBuilder(input, [.. input.People.Select(p => p.Id)], [], _ => true).Build(seed: 1);

    private static string Refs(FoundNetwork network, LinkageInput input) =>
        string.Join(' ', network.Members.Select(m => input.People[m.Person].PersonRef).Order(StringComparer.Ordinal));

    [Fact]
    public void A_phone_recorded_for_300_unrelated_people_makes_no_network_of_them()
    {
        var input = World();
        var result = Build(input);

        Assert.Equal(["S1 S2 S3", "S10 S11"], result.Networks.Select(n => Refs(n, input)).Order(StringComparer.Ordinal));
        Assert.All(result.Networks, n => Assert.True(n.People <= 3));
    }

    [Fact]
    public void A_phone_three_people_share_still_links_them_weighed_by_how_many_share_it()
    {
        var input = World();
        var network = Build(input).Networks.Single(n => Refs(n, input) == "S1 S2 S3");

        Assert.Equal(3, network.Links.Count);
        Assert.All(network.Links, l =>
        {
            Assert.Equal("phone", l.Kinds);
            Assert.Equal(0.5 + 1.0 / 299, l.Weight, 9); // their own phone, and the taxi firm's they hold too
            Assert.Matches(@"^phone \+447700900333 recorded with WYP:S\d and recorded with WYP:S\d \(shared phone, recorded for 3 people: weighed 0\.5\); phone ", l.Evidence);
        });
    }

    [Fact]
    public void A_hub_between_people_linked_otherwise_adds_its_small_weight_and_says_so()
    {
        var input = World();
        var link = Build(input).Networks.Single(n => Refs(n, input) == "S10 S11").Links.Single();

        Assert.Equal("co_suspect;phone", link.Kinds);
        Assert.Equal(1 + 1.0 / 299, link.Weight, 9);
        Assert.StartsWith("co-suspects WYP:S10 and WYP:S11 in WYP/INV-301; ", link.Evidence, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"phone {TaxiPhone} recorded with WYP:S10 and recorded with WYP:S11 (shared phone, recorded for 300 people: weighed 0.0033, links nobody by itself)"),
            link.Evidence, StringComparison.Ordinal);

        var without = World(hubOnCoSuspects: false);
        var plain = Build(without).Networks.Single(n => Refs(n, without) == "S10 S11").Links.Single();
        Assert.Equal(("co_suspect", 1.0), (plain.Kinds, plain.Weight));
    }

    [Theory]
    [InlineData(IdentifierKind.Phone, 2, 1.0)]
    [InlineData(IdentifierKind.Phone, 3, 0.5)]
    [InlineData(IdentifierKind.Vehicle, 12, 1.0 / 11)]
    [InlineData(IdentifierKind.Address, 2, 0.5)]
    [InlineData(IdentifierKind.Address, 241, 0.5 / 240)]
    public void A_shared_identifier_weighs_its_kind_split_among_the_others_who_share_it(IdentifierKind kind, int people, double weight) =>
        Assert.Equal(weight, NetworkBuilder.IdentifierWeight(kind, people), 12);
}
