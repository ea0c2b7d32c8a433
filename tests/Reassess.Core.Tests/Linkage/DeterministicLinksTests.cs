using Reassess.Linkage.Resolution;
using Reassess.Records;

namespace Reassess.Tests.Linkage;

public class DeterministicLinksTests
{
    private static NominalRow Row(string forenames, string surname, string? dob, Sex? sex = Sex.M, string? pnc = null, long id = 1) =>
        new(id, "MPS", "P" + id, surname, forenames, dob is null ? null : DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture), sex, pnc, null, null, null);

    [Theory]
    [InlineData("1980-03-04", "1980-03-04", false)]
    [InlineData("1980-03-04", "1980-04-03", false)] // day and month transposed
    [InlineData("1980-03-04", "1981-03-04", false)] // one component mistyped
    [InlineData("1980-03-04", "1980-03-14", false)]
    [InlineData("1980-03-04", "1981-03-05", true)]
    [InlineData("1938-12-03", "1967-12-23", true)]
    [InlineData(null, "1967-12-23", false)]
    public void Dates_of_birth_contradict_when_more_than_a_recording_error_apart(string? a, string? b, bool contradict) =>
        Assert.Equal(contradict, DeterministicLinks.Contradict(Row("Mark", "Jones", a), Row("Mark", "Jones", b)));

    [Theory]
    [InlineData(Sex.M, Sex.F, true)]
    [InlineData(Sex.M, Sex.U, false)]
    [InlineData(Sex.F, null, false)]
    public void Known_different_sexes_contradict(Sex? a, Sex? b, bool contradict) =>
        Assert.Equal(contradict, DeterministicLinks.Contradict(Row("Sam", "Oak", null, a), Row("Sam", "Oak", null, b)));

    [Theory]
    [InlineData("Luke", "Barr", null, "Luke", "Barr", null, true)]
    [InlineData("Luke", "Barr", "1975-07-07", "Lucas", "Barr", "1975-07-07", true)]
    [InlineData("Luke", "Barr", "1975-07-07", "Luke", "Barr", "1977-07-07", false)] // brothers on a family phone
    [InlineData("Luke", "Barr", null, "Dan", "Wells", null, false)]
    [InlineData("Luke", "UNKNOWN", null, "Dan", "Unknown", null, false)] // a placeholder surname says nothing
    public void A_shared_identifier_links_only_compatible_records(string f1, string s1, string? d1, string f2, string s2, string? d2, bool compatible) =>
        Assert.Equal(compatible, DeterministicLinks.Compatible(Row(f1, s1, d1), Row(f2, s2, d2)));

    [Fact]
    public void Pnc_ids_compare_without_case_or_spaces()
    {
        Assert.Equal("05/123456K", DeterministicLinks.NormalisePnc(" 05/123456k "));
        Assert.Null(DeterministicLinks.NormalisePnc("  "));
    }

    [Fact]
    public void A_nominal_suspect_anywhere_plays_the_suspect_part_for_the_role_comparison()
    {
        var people = new[] { Row("A", "One", null, id: 1), Row("B", "Two", null, id: 2), Row("C", "Three", null, id: 3), Row("D", "Four", null, id: 4) };
        var input = new LinkageInput
        {
            People = people,
            Involvements =
            [
                new InvolvementRow(1, 10, InvolvementRole.Victim), new InvolvementRow(1, 11, InvolvementRole.Suspect),
                new InvolvementRow(2, 10, InvolvementRole.Witness), new InvolvementRow(2, 12, InvolvementRole.Victim),
                new InvolvementRow(3, 12, InvolvementRole.Other),
            ],
            Identifiers = [],
            Investigations = [],
        };
        Assert.Equal([InvolvementRole.Suspect, InvolvementRole.Victim, InvolvementRole.Other, null], EngineMatcher.RolesOf(input));
    }

    [Fact]
    public void Every_nominal_of_one_pnc_id_is_linked_and_no_other()
    {
        var people = new[] { Row("A", "One", null, pnc: "05/1K", id: 1), Row("B", "Two", null, pnc: "05/1k", id: 2), Row("C", "Three", null, pnc: "05/1K", id: 3), Row("D", "Four", null, pnc: "06/2K", id: 4) };
        var input = new LinkageInput { People = people, Involvements = [], Identifiers = [], Investigations = [] };
        var links = DeterministicLinks.Find(input);
        Assert.All(links, l => Assert.Equal(MatchMethod.Pnc, l.Method));
        var clusters = PersonClusters.Resolve(people, links.Select(l => (l.Left, l.Right)), []);
        Assert.Equal([1L, 1L, 1L, 4L], clusters);
    }

    [Fact]
    public void A_pnc_id_on_two_records_that_cannot_be_one_person_is_held_for_review()
    {
        var people = new[]
        {
            Row("Daniel", "Gill", "1994-11-27", pnc: "10/048172F", id: 1),
            Row("Arjun", "Campbell", "1969-02-27", pnc: "10/048172F", id: 2),
            Row("Daniel", "Gill", "1994-11-28", pnc: "10/048172F", id: 3), // one digit typed wrongly: still linked
        };
        var input = new LinkageInput { People = people, Involvements = [], Identifiers = [], Investigations = [] };
        var links = DeterministicLinks.Find(input);
        Assert.Equal(2, links.Count);
        var held = Assert.Single(links, l => !l.Automatic);
        Assert.Equal((0, 1), (Math.Min(held.Left, held.Right), Math.Max(held.Left, held.Right)));
        Assert.Contains("held for review", held.Evidence, StringComparison.Ordinal);
        Assert.Single(links, l => l.Automatic && Math.Max(l.Left, l.Right) == 2);
    }

    [Fact]
    public void A_record_matching_two_namesakes_born_years_apart_joins_only_the_stronger_match()
    {
        var people = new[]
        {
            Row("Lauren", "Byrne", "2001-07-07", Sex.F, id: 1),
            Row("Luaren", "Byrrne", null, Sex.F, id: 2), // no date of birth: it could be either
            Row("Lauren", "Byrne", "1999-10-28", Sex.F, id: 3),
            Row("Lauren", "Byrne", "1999-10-28", Sex.F, id: 4),
        };
        // Strongest first: 2–1, then 2–3 (which would put 1 and 3 together), then 3–4.
        var clusters = PersonClusters.Resolve(people, [(1, 0), (1, 2), (2, 3)], []);
        Assert.Equal([1L, 1L, 3L, 3L], clusters);

        // A reviewer's confirmation is not refused.
        var confirmed = PersonClusters.Resolve(people, [(1, 0), (1, 2)], [new DecidedPair(0, 2, SamePerson: true)]);
        Assert.Equal([1L, 1L, 1L, 4L], confirmed);
    }
}
