using System.Text.RegularExpressions;
using PhoneNumbers;
using Reassess.Records;
using Reassess.Synthesis;

namespace Reassess.Tests.Synthesis;

public sealed partial class ExtractGeneratorTests
{
    private static readonly DateOnly AsOf = new(2025, 3, 31);

    private static ExtractCollector Generate(SynthesisOptions options)
    {
        var sink = new ExtractCollector();
        new ExtractGenerator(options).Generate(sink);
        return sink;
    }

    private static SynthesisOptions Small(int investigations = 4_000, int forces = 2, ulong seed = 7) =>
        new() { Scale = SynthesisScale.Count(investigations), Forces = forces, AsOf = AsOf, Seed = seed };

    [Fact]
    public void The_same_seed_and_as_of_date_write_the_same_bytes()
    {
        var a = Directory.CreateTempSubdirectory("synth-a").FullName;
        var b = Directory.CreateTempSubdirectory("synth-b").FullName;
        var c = Directory.CreateTempSubdirectory("synth-c").FullName;
        try
        {
            ExtractGenerator.WriteBundle(Small(), a);
            ExtractGenerator.WriteBundle(Small(), b);
            ExtractGenerator.WriteBundle(Small(seed: 8), c);
            var files = Directory.GetFiles(a, "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(8, files.Count); // four bundle files, four truth files (people, networks, network_investigations, leads)
            foreach (var file in files)
                Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file);
            Assert.False(File.ReadAllBytes(Path.Combine(a, "people.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c, "people.csv"))));
        }
        finally
        {
            foreach (var d in new[] { a, b, c }) Directory.Delete(d, recursive: true);
        }
    }

    [Fact]
    public void No_pnc_id_is_given_to_two_people()
    {
        var sink = Generate(Small(20_000));
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, person) in sink.People)
        {
            if (person.PncId is not { } pnc) continue;
            var real = sink.RealPersonOf[key];
            Assert.Equal(owner.TryAdd(pnc, real) ? real : owner[pnc], real);
        }
        Assert.NotEmpty(owner);
    }

    [Fact]
    public void The_requested_number_of_investigations_is_generated_across_the_forces()
    {
        var sink = Generate(Small(3_001, forces: 3));
        Assert.Equal(3_001, sink.Investigations.Count);
        Assert.Equal(["MPS", "GMP", "WMP"], sink.Investigations.Select(i => i.Force).Distinct());
        Assert.Equal(sink.Investigations.Count, sink.Investigations.Select(i => (i.Force, i.InvestigationRef)).Distinct().Count());
    }

    [Fact]
    public void Truth_files_refer_only_to_records_in_the_bundle()
    {
        var sink = Generate(Small());
        Assert.Empty(sink.OrderViolations);
        var investigations = sink.Investigations.Select(i => (i.Force, i.InvestigationRef)).ToHashSet();
        var realPeople = sink.RealPersonOf.Values.ToHashSet(StringComparer.Ordinal);
        var involvements = sink.ByInvestigation();

        Assert.Equal(sink.People.Count, sink.RealPersonOf.Count);
        Assert.NotEmpty(sink.NetworkInvestigations);
        foreach (var (_, force, investigation, missed) in sink.NetworkInvestigations)
        {
            Assert.Contains((force, investigation), investigations);
            var suspects = involvements[(force, investigation)].Count(i => i.Role == InvolvementRole.Suspect);
            Assert.True(missed ? suspects == 1 : suspects >= 2, $"{investigation}: {suspects} suspects, missed {missed}");
        }
        Assert.All(sink.NetworkMembers, m => Assert.Contains(m.RealPerson, realPeople));
        Assert.Equal(sink.NetworkMembers.Count, sink.NetworkMembers.Distinct().Count());
        Assert.All(sink.NetworkInvestigations, n => Assert.Contains(sink.NetworkMembers, m => m.Network == n.Network && m.Role == NetworkRole.Offender));
        foreach (var i in sink.Identifiers)
        {
            Assert.True(i.PersonRef is not null || i.InvestigationRef is not null);
            if (i.PersonRef is not null) Assert.Contains((i.Force, i.PersonRef), sink.People.Keys);
            if (i.InvestigationRef is not null) Assert.Contains((i.Force, i.InvestigationRef), investigations);
        }
    }

    [Fact]
    public void Planted_networks_record_the_same_person_under_several_nominals_and_reach_a_second_force()
    {
        var sink = Generate(Small(12_000, forces: 3));
        var offenders = sink.NetworkMembers.Where(m => m.Role == NetworkRole.Offender).Select(m => m.RealPerson).ToHashSet(StringComparer.Ordinal);
        var nominals = sink.RealPersonOf.Where(kv => offenders.Contains(kv.Value)).GroupBy(kv => kv.Value).ToList();
        Assert.Contains(nominals, g => g.Count() >= 3);
        Assert.Contains(nominals, g => g.Select(kv => kv.Key.Force).Distinct().Count() == 2);
        Assert.Contains(sink.NetworkInvestigations, n => n.Missed);
        Assert.Contains(sink.NetworkInvestigations.GroupBy(n => n.Network), g => g.Select(n => n.Force).Distinct().Count() == 2);
        // Some nominals of one real person differ in name or date of birth: the linkage has work to do.
        Assert.Contains(nominals, g => g.Select(kv => (sink.People[kv.Key].Surname, sink.People[kv.Key].Forenames, sink.People[kv.Key].DateOfBirth)).Distinct().Count() > 1);
        // Networks share vehicles, phones or addresses between investigations.
        var shared = sink.Identifiers.Where(i => i.InvestigationRef is not null)
            .GroupBy(i => (i.Kind, Normal(i.RawValue))).Count(g => g.Select(i => i.InvestigationRef).Distinct().Count() > 1);
        Assert.True(shared >= 3, $"{shared} shared identifiers");
    }

    private static int Age(DateOnly dob, DateOnly on) =>
        on.Year - dob.Year - (on.Month < dob.Month || (on.Month == dob.Month && on.Day < dob.Day) ? 1 : 0);

    private static string Normal(string raw) => raw.Replace(" ", "", StringComparison.Ordinal).Replace("+44", "0", StringComparison.Ordinal).ToUpperInvariant();

    [Fact]
    public void Every_phone_is_in_the_drama_range()
    {
        var sink = Generate(Small(20_000, forces: 4));
        var phones = sink.Identifiers.Where(i => i.Kind == IdentifierKind.Phone).ToList();
        Assert.True(phones.Count > 100, $"{phones.Count} phones");
        var util = PhoneNumberUtil.GetInstance();
        foreach (var phone in phones)
        {
            var parsed = util.Parse(phone.RawValue, "GB");
            Assert.Equal(44, parsed.CountryCode);
            Assert.InRange((long)parsed.NationalNumber, FictionalMarks.DramaFirst, FictionalMarks.DramaLast);
        }
        Assert.Contains(phones, p => p.RawValue.StartsWith("+447700900", StringComparison.Ordinal));
        Assert.Contains(phones, p => p.RawValue.StartsWith("07700 900", StringComparison.Ordinal));
    }

    [GeneratedRegex("^(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]) [0-9][A-Z]{2}$")]
    private static partial Regex UkPostcode();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2} ?[A-Z]{3}$", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentRegistration();

    [GeneratedRegex("^[0-9]{1,3}[A-Z]?(/[0-9]{1,2})?$")]
    private static partial Regex OffenceCode();

    [GeneratedRegex("^[0-9]{2}/[0-9]{6}[A-Z]$")]
    private static partial Regex PncId();

    [Fact]
    public void Rows_follow_force_export_v1_and_end_at_the_as_of_date()
    {
        var sink = Generate(Small(6_000));
        foreach (var i in sink.Investigations)
        {
            Assert.InRange(i.RecordedDate, AsOf.AddYears(-15), AsOf);
            Assert.True(i.OffenceFrom <= i.RecordedDate);
            Assert.True(i.OffenceTo is null || i.OffenceTo >= i.OffenceFrom);
            Assert.Equal(i.OutcomeCode is null, i.OutcomeDate is null);
            Assert.True(i.OutcomeDate is null || (i.OutcomeDate >= i.RecordedDate && i.OutcomeDate <= AsOf));
            Assert.All(i.OffenceCodeList, c => Assert.Matches(OffenceCode(), c));
            if (i.Postcode is not null) Assert.Matches(UkPostcode(), i.Postcode);
        }
        foreach (var p in sink.People.Values)
        {
            if (p.Postcode is not null) Assert.Matches(UkPostcode(), p.Postcode);
            if (p.PncId is not null) Assert.Matches(PncId(), p.PncId);
            Assert.True(p.DateOfDeath is null || p.DateOfDeath <= AsOf);
            Assert.False(string.IsNullOrWhiteSpace(p.Surname));
        }
        foreach (var v in sink.Identifiers.Where(i => i.Kind == IdentifierKind.Vehicle))
            Assert.Matches(CurrentRegistration(), v.RawValue);
        Assert.All(sink.Identifiers.Where(i => i.Kind == IdentifierKind.Email), e => Assert.Matches("@example\\.(com|org|net)$", e.RawValue.ToLowerInvariant()));
        Assert.Equal(sink.Involvements.Count, sink.Involvements.Select(i => (i.Force, i.InvestigationRef, i.PersonRef, i.Role)).Distinct().Count());
    }

    [Fact]
    public void Postcode_areas_and_registration_memory_tags_are_ones_that_do_not_exist()
    {
        Assert.All(FictionalMarks.FictionalAreas, a => Assert.DoesNotContain(a, new[] { "SW", "E", "N", "M", "B", "LS", "GU", "OX" }));
        var random = new SeededRandom(3);
        for (var i = 0; i < 200; i++)
            Assert.Contains(FictionalMarks.Registration(new DateOnly(2015, 1, 1).AddDays(i * 17), random)[0], "TU");
        Assert.Equal("59", FictionalMarks.Registration(new DateOnly(2010, 1, 15), random)[2..4]);
        Assert.Equal("10", FictionalMarks.Registration(new DateOnly(2010, 3, 1), random)[2..4]);
        Assert.Equal("60", FictionalMarks.Registration(new DateOnly(2010, 9, 1), random)[2..4]);
    }

    [Fact]
    public void Met_scale_yields_about_nine_thousand_met_2025_candidates_over_every_typology()
    {
        // The full met scale is generated in memory here (a few seconds); the demo and bench/ check it through the
        // real importer and screening.
        var sink = Generate(new SynthesisOptions { AsOf = AsOf, Seed = 1 });
        Assert.Equal(SynthesisOptions.MetInvestigationsPerYear * 15, sink.Investigations.Count);
        var candidates = sink.Met2025(AsOf);
        Assert.InRange(candidates.Count, 8_100, 9_900);
        foreach (var typology in new[] { "intrafamilial", "institutional", "online", "peer", "network" })
            Assert.Contains(candidates, c => c.Typologies.Contains(typology));
        // About 600 a year in every full year.
        foreach (var year in Enumerable.Range(2011, 13))
            Assert.InRange(candidates.Count(c => c.Investigation.RecordedDate.Year == year), 480, 720);

        var involvements = sink.ByInvestigation();
        var suspects = sink.Involvements.Where(i => i.Role == InvolvementRole.Suspect).Select(i => sink.People[(i.Force, i.PersonRef)]).Distinct().ToList();
        var missing = suspects.Count(p => p.SelfDefinedEthnicity is null) / (double)suspects.Count;
        Assert.InRange(missing, 0.58, 0.72);
        Assert.Contains(suspects, p => p.SelfDefinedEthnicity == "NS");
        // Most investigations have one suspect; victims are mostly 12 to 17.
        var single = sink.Investigations.Count(i => involvements[(i.Force, i.InvestigationRef)].Count(x => x.Role == InvolvementRole.Suspect) == 1);
        Assert.True(single > sink.Investigations.Count * 0.7, $"{single} single-suspect");
        var victimAges = sink.Investigations.SelectMany(i => involvements[(i.Force, i.InvestigationRef)]
                .Where(x => x.Role == InvolvementRole.Victim)
                .Select(x => sink.People[(x.Force, x.PersonRef)].DateOfBirth is { } dob ? Age(dob, i.OffenceFrom) : -1))
            .Where(a => a >= 0).ToList();
        Assert.True(victimAges.Count(a => a is >= 12 and <= 17) > victimAges.Count / 2, "victims mostly 12 to 17");
        var outcomes = sink.Investigations.Where(i => i.OutcomeCode is not null).GroupBy(i => i.OutcomeCode!).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(4).ToList();
        Assert.Contains("16", outcomes);
        Assert.Contains("15", outcomes);
        Assert.Contains(sink.Investigations, i => i.OutcomeCode is null);
        Assert.Contains(sink.People.Values, p => p.Occupation == "taxi driver");
        Assert.Contains(sink.People.Values, p => p.DateOfDeath is not null);
        Assert.Contains(sink.Investigations, i => i.IndependentlyReviewed);
        Assert.Contains(sink.Investigations, i => i.OffenceCodeList.Contains("105A"));
    }
}
