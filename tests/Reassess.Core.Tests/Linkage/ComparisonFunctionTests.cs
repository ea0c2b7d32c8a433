using Reassess.Linkage.Matching;

namespace Reassess.Tests.Linkage;

public class ComparisonFunctionTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.8963)]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("abc", "", 0.0)]
    public void Jaro_winkler_matches_published_values(string a, string b, double expected) =>
        Assert.Equal(expected, StringSimilarity.JaroWinkler(a, b), 3);

    [Theory]
    [InlineData("robert", "rupert", false)] // 0.8756: below 0.88
    [InlineData("jon", "john", true)]        // 0.9333
    [InlineData("smith", "smyth", false)]    // 0.8933: between the thresholds
    public void Jaro_winkler_thresholds_at_0_92_split_close_from_far(string a, string b, bool atLeast092) =>
        Assert.Equal(atLeast092, StringSimilarity.JaroWinkler(a, b) >= 0.92);

    [Theory]
    [InlineData("smith", "smith", 0)]
    [InlineData("smith", "smiht", 1)] // transposition counts once
    [InlineData("smith", "smyth", 1)]
    [InlineData("smith", "smit", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)] // optimal string alignment, not unrestricted Damerau
    public void Damerau_levenshtein_counts_edits(string a, string b, int expected) =>
        Assert.Equal(expected, StringSimilarity.DamerauLevenshtein(a, b));

    [Fact]
    public void Damerau_levenshtein_stops_past_its_limit() =>
        Assert.Equal(2, StringSimilarity.DamerauLevenshtein("kitten", "sitting", 1));

    [Theory]
    [InlineData("smith", "smith", true)]
    [InlineData("smith", "smiht", true)]
    [InlineData("smith", "smyth", true)]
    [InlineData("smith", "smit", true)]
    [InlineData("smith", "msith", true)]
    [InlineData("aab", "aba", true)]
    [InlineData("", "a", true)]
    [InlineData("smith", "smiths", true)]
    [InlineData("smith", "sm1th2", false)]
    [InlineData("smith", "mtish", false)]
    [InlineData("ca", "abc", false)]
    [InlineData("abcd", "badc", false)]
    public void Within_one_edit_is_damerau_levenshtein_at_most_one(string a, string b, bool expected)
    {
        Assert.Equal(expected, StringSimilarity.WithinOneEdit(a, b));
        Assert.Equal(expected, StringSimilarity.WithinOneEdit(b, a));
    }

    [Theory]
    [InlineData("smith jones", "jones", true)]
    [InlineData("brown", "smith jones", false)]
    [InlineData("smith  jones", "brown jones", true)] // a double space makes an empty word, which is no part
    [InlineData("al smith", "al jones", false)]       // parts of fewer than three letters do not count
    [InlineData("lee ward", "lee", true)]
    [InlineData("smith", "smith", false)]             // one word each: the exact level's business, not this one
    [InlineData("de la cruz", "cruz-diaz", false)]
    public void Surnames_share_a_part_of_three_letters_or_more(string a, string b, bool expected)
    {
        Assert.Equal(expected, NameRules.SharePart(a, b));
        Assert.Equal(expected, NameRules.SharePart(b, a));
    }

    /// <summary>The fast paths decide exactly what the full functions decide, on strings from a small alphabet (so
    /// that near misses are common) that includes characters 64 apart, which share a bit of the upper bound's mask.</summary>
    [Fact]
    public void Fast_paths_agree_with_the_full_functions_on_random_strings()
    {
        var random = new Random(20261127);
        const string alphabet = "abcdeAB\u0001\u0021é-";
        string Next() => new([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        var close = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var a = Next();
            var b = random.Next(3) == 0 ? Mutate(a) : Next();
            Assert.Equal(StringSimilarity.DamerauLevenshtein(a, b, 1) <= 1, StringSimilarity.WithinOneEdit(a, b));
            var jw = StringSimilarity.JaroWinkler(a, b);
            Assert.True(StringSimilarity.JaroWinklerUpperBound(a, b) >= jw, $"bound below {jw} for '{a}', '{b}'");
            foreach (var threshold in (double[])[0.88, 0.92])
                Assert.Equal(jw >= threshold, StringSimilarity.JaroWinklerAtLeast(a, b, threshold));
            if (jw >= 0.88) close++;
        }
        Assert.InRange(close, 10_000, 200_000); // the near misses were exercised

        string Mutate(string s)
        {
            if (s.Length < 2) return s + alphabet[random.Next(alphabet.Length)];
            var i = random.Next(s.Length - 1);
            return random.Next(4) switch
            {
                0 => s.Remove(i, 1),
                1 => s.Insert(i, alphabet[random.Next(alphabet.Length)].ToString()),
                2 => string.Concat(s.AsSpan(0, i), s[i + 1].ToString(), s[i].ToString(), s.AsSpan(i + 2)),
                _ => string.Concat(s.AsSpan(0, i), alphabet[random.Next(alphabet.Length)].ToString(), s.AsSpan(i + 1)),
            };
        }
    }

    [Theory]
    [InlineData("Johnson", "JANSAN")]
    [InlineData("Williams", "WALAN")]
    [InlineData("Brian", "BRAN")]
    [InlineData("Brown", "BRAN")]
    [InlineData("Smith", "SNAT")]
    [InlineData("Schmidt", "SNAD")]
    [InlineData("Knight", "NAGT")]
    [InlineData("Macdonald", "MCDANALD")]
    [InlineData("Phillips", "FALAP")]
    public void Nysiis_gives_known_codes(string name, string code) => Assert.Equal(code, Nysiis.Encode(name));

    [Theory]
    [InlineData("bob", "robert", true)]
    [InlineData("bill", "william", true)]
    [InlineData("jon", "john", true)]
    [InlineData("jon", "jonathan", true)]
    [InlineData("mohammed", "muhammad", true)]
    [InlineData("robert", "william", false)]
    public void Nicknames_know_common_equivalents(string a, string b, bool same) => Assert.Equal(same, Nicknames.AreEquivalent(a, b));

    private static FieldComparison DobComparison(params DateOnly?[] dates)
    {
        var f = new RecordFeatures([.. dates.Select((d, i) => new PersonRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, d))]);
        return new DateOfBirthComparison(f);
    }

    [Theory]
    [InlineData("1980-03-07", "1980-03-07", "exact")]
    [InlineData("1980-03-07", "1980-07-03", "day and month transposed")]
    [InlineData("1980-03-07", "1980-03-08", "one digit differs")]
    [InlineData("1980-03-17", "1980-03-71", "one digit differs")]  // impossible date kept as digits
    [InlineData("1980-03-07", "1980-05-07", "one digit differs")]
    [InlineData("1980-03-07", "1980-11-07", "one of day, month, year differs")]
    [InlineData("1980-03-07", "1979-11-20", "within a year")]
    [InlineData("1980-03-07", "1970-11-20", "different")]
    [InlineData("1980-03-07", "1978-01-20", "within two years")]               // two years apart: a sibling, or a year mistaken twice
    [InlineData("1980-03-07", "1982-12-31", "within two years")]
    [InlineData("1980-03-07", "1977-11-20", "different")]                      // three years: beyond NearYears
    [InlineData("1980-03-07", "1983-01-02", "different")]
    [InlineData("1980-00-00", "1980-03-07", "partial date, known parts agree")] // known only to the year
    [InlineData("1980-03-00", "1980-03-07", "partial date, known parts agree")] // known only to the month
    [InlineData("1980-03-07", "1980-00-07", "partial date, known parts agree")] // month left blank
    [InlineData("1980-03-00", "1980-04-07", "within a year")]                   // known part disagrees
    [InlineData("1980-00-00", "1975-03-07", "different")]
    [InlineData("1980-00-00", "1978-03-07", "within two years")]               // partial date: its year two out
    [InlineData("1980-05-00", "1977-05-07", "different")]                      // partial date: three years out
    [InlineData("1980-13-07", "1980-03-07", "one digit differs")]               // impossible month 13, as in RLdata500
    [InlineData("1980-12-05", "1980-05-12", "day and month transposed")]
    public void Date_of_birth_levels(string a, string b, string level)
    {
        var f = new RecordFeatures([Person("a", a), Person("b", b)]);
        var c = new DateOfBirthComparison(f);
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    private static PersonRecord Person(string id, string date)
    {
        var digits = date.Replace("-", "", StringComparison.Ordinal);
        return DateOnly.TryParseExact(date, "yyyy-MM-dd", out var d) ? new PersonRecord(id, null, null, d) : new PersonRecord(id, null, null, null, DateOfBirthText: digits);
    }

    [Fact]
    public void Missing_date_is_the_missing_level() => Assert.Equal(0, DobComparison(new DateOnly(1980, 1, 1), null).Level(0, 1));

    [Theory]
    [InlineData("SW1A 1AA", "sw1a1aa", "exact")]
    [InlineData("SW1A 1AA", "SW1A 1AB", "one character differs")]
    [InlineData("SW1A 1AA", "SW1A 1BD", "same sector")]
    [InlineData("SW1A 1AA", "SW1A 2BD", "same district")]
    [InlineData("SW1A 1AA", "N1 9GU", "different")]
    [InlineData("4011", "4811", "one character differs")]
    public void Postcode_levels(string a, string b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Postcode: a), new PersonRecord("b", null, null, null, Postcode: b)]);
        var c = new PostcodeComparison(f);
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    [Theory]
    [InlineData("suspect", "Suspect", "both suspects")]
    [InlineData("victim", "victim", "both victims")]
    [InlineData("witness", "witness", "the same other part")]
    [InlineData("victim", "suspect", "different parts")]
    [InlineData("suspect", null, "missing")]
    public void Role_levels(string? a, string? b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Role: a), new PersonRecord("b", null, null, null, Role: b)]);
        var c = new RoleComparison(f.Role);
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
        Assert.Equal(c.Level(0, 1), c.Level(1, 0));
    }

    [Theory]
    [InlineData("W1", "w1", "same")]
    [InlineData("W1", "W9", "same group")]
    [InlineData("M1", "B1", "different")]
    [InlineData("A2", "NS", "missing")] // asked and not stated: no evidence either way
    [InlineData("A2", "", "missing")]
    [InlineData(null, "A2", "missing")]
    public void Self_defined_ethnicity_levels(string? a, string? b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Ethnicity: a), new PersonRecord("b", null, null, null, Ethnicity: b)]);
        var c = Comparison(f, "self_defined_ethnicity");
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
        Assert.Equal(c.Level(0, 1), c.Level(1, 0));
    }

    [Theory]
    [InlineData("IC1", "IC1", "same")]
    [InlineData("IC1", "IC2", "different")] // an observation has no group level: IC1 and IC2 are both White, seen apart
    [InlineData("IC3", "IC9", "missing")]   // IC9: unknown
    public void Officer_observed_ethnicity_levels(string? a, string? b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, ObservedEthnicity: a), new PersonRecord("b", null, null, null, ObservedEthnicity: b)]);
        var c = Comparison(f, "officer_observed_ethnicity");
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    [Theory]
    [InlineData("GBR", "gbr", "same")]
    [InlineData("GBR", "POL", "different")]
    [InlineData("GBR", "XXX", "missing")] // ICAO 9303: nationality unspecified
    [InlineData("GBR", " ", "missing")]
    public void Nationality_levels(string? a, string? b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Nationality: a), new PersonRecord("b", null, null, null, Nationality: b)]);
        var c = Comparison(f, "nationality");
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    [Theory]
    [InlineData("MPS", "mps", "same force")]
    [InlineData("MPS", "GMP", "different forces")]
    [InlineData("MPS", null, "missing")]
    public void Force_levels(string? a, string? b, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", null, null, null, Force: a), new PersonRecord("b", null, null, null, Force: b), new PersonRecord("c", null, null, null, Force: "WYP")]);
        var c = Comparison(f, "force");
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
        Assert.Equal(c.Level(0, 1), c.Level(1, 0));
    }

    [Fact]
    public void Force_is_compared_only_when_the_records_come_from_more_than_one()
    {
        var one = new RecordFeatures([new PersonRecord("a", "Ann", "Lee", null, Force: "MPS"), new PersonRecord("b", "Ann", "Lee", null, Force: "MPS")]);
        Assert.DoesNotContain(LinkageEngine.Comparisons(one), c => c.Field == "force");
        var none = new RecordFeatures([new PersonRecord("a", "Ann", "Lee", null), new PersonRecord("b", "Ann", "Lee", null)]);
        Assert.DoesNotContain(LinkageEngine.Comparisons(none), c => c.Field == "force");
    }

    [Fact]
    public void Sharing_a_small_force_weighs_more_than_sharing_the_largest_and_different_forces_are_never_ruled_out()
    {
        // 90 records in one force, 10 in another: agreeing on the small one is the rarer coincidence.
        var records = Enumerable.Range(0, 100).Select(i => new PersonRecord($"p{i}", null, null, null, Force: i < 90 ? "MPS" : "CUMBRIA")).ToList();
        var f = new RecordFeatures(records);
        var comparison = Comparison(f, "force");
        Assert.Same(f.Force, comparison.TermFrequency);
        var model = new FellegiSunterModel([comparison]);
        model.U[0][1] = f.Force.ExactAgreement;
        model.U[0][2] = 1 - f.Force.ExactAgreement;
        model.M[0][1] = 0.99;
        model.M[0][2] = 0.01;
        Estimation.FloorDisagreement(model, 0);
        Assert.True(model.TermFrequencyAdjustment(0, 95) > 0, "a small force shared");
        Assert.True(model.TermFrequencyAdjustment(0, 0) < 0, "the largest force shared");
        // Whatever the training pairs show, one pair in ten of a person's records may sit in two forces.
        Assert.Equal(0.1, model.M[0][2], 6);
    }

    private static FieldComparison Comparison(RecordFeatures f, string field) => Assert.Single(LinkageEngine.Comparisons(f), c => c.Field == field);

    [Fact]
    public void Codes_that_only_say_not_known_leave_the_field_uncompared()
    {
        var f = new RecordFeatures([new PersonRecord("a", "Ann", "Lee", null, Ethnicity: "NS", ObservedEthnicity: "IC9", Nationality: "XXX"), new PersonRecord("b", "Ann", "Lee", null, Ethnicity: "NS")]);
        Assert.DoesNotContain(LinkageEngine.Comparisons(f), c => c.Field is "self_defined_ethnicity" or "officer_observed_ethnicity" or "nationality");
    }

    [Fact]
    public void A_rare_ethnicity_or_nationality_shared_weighs_no_more_than_the_common_one()
    {
        // 90 GBR and W1, 10 POL and A3: the codes go with names in real records, so rarity is not counted twice.
        var records = Enumerable.Range(0, 100).Select(i => new PersonRecord($"p{i}", null, null, null,
            Ethnicity: i < 90 ? "W1" : "A3", ObservedEthnicity: i < 90 ? "IC1" : "IC4", Nationality: i < 90 ? "GBR" : "POL")).ToList();
        var f = new RecordFeatures(records);
        foreach (var field in new[] { "self_defined_ethnicity", "officer_observed_ethnicity", "nationality" })
        {
            var comparison = Comparison(f, field);
            Assert.Null(comparison.TermFrequency);
            var model = new FellegiSunterModel([comparison]);
            Assert.Equal(0, model.TermFrequencyAdjustment(0, 95));
            Assert.Equal(0, model.TermFrequencyAdjustment(0, 0));
        }
    }

    [Fact]
    public void Role_is_compared_only_when_the_records_have_one()
    {
        var without = new RecordFeatures([new PersonRecord("a", "Ann", "Lee", null), new PersonRecord("b", "Ann", "Lee", null)]);
        Assert.DoesNotContain(LinkageEngine.Comparisons(without), c => c.Field == "role");
        var with = new RecordFeatures([new PersonRecord("a", "Ann", "Lee", null, Role: "suspect"), new PersonRecord("b", "Ann", "Lee", null)]);
        Assert.Contains(LinkageEngine.Comparisons(with), c => c.Field == "role");
    }

    [Theory]
    [InlineData("Robert", "Smith", "Robert", "Smith", "exact")]
    [InlineData("Robert", "Smith", "Smith", "Robert", "swapped with surname")]
    [InlineData("Bob", "Smith", "Robert", "Smith", "nickname or same first name")]
    [InlineData("Mary Jane", "Smith", "Mary", "Smith", "nickname or same first name")]
    [InlineData("Jonathon", "Smith", "Jonathan", "Smith", "one edit")]
    [InlineData("Jonathan", "Smith", "Jon", "Smith", "nickname or same first name")]
    [InlineData("Valentine", "Smith", "Valentina", "Smith", "one edit")]
    [InlineData("Christophe", "Smith", "Christopher", "Smith", "one edit")]
    [InlineData("Alexandra", "Smith", "Alexandria", "Smith", "one edit")]
    [InlineData("Marianne", "Smith", "Mariana", "Smith", "jaro-winkler ≥ 0.92")]
    [InlineData("J", "Smith", "Joan", "Smith", "initial")]
    [InlineData("Robert", "Smith", "Alice", "Smith", "different")]
    public void Forename_levels(string f1, string s1, string f2, string s2, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", f1, s1, null), new PersonRecord("b", f2, s2, null)]);
        var c = new ForenameComparison(f);
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    [Theory]
    [InlineData("Robert", "Smith", "Smith", "Robert", "swapped with forenames (counted there)")]
    [InlineData("Robert", "Smith", "Smith", "Roberts", "swapped with forenames (counted there)")]
    [InlineData("Robert", "Smith", "Smith", "Alice", "different")]
    [InlineData("Robert", "Smith", "Robert", "Smyth", "one edit")]
    [InlineData("Robert", "Robinson", "Robert", "Robnison", "one edit")]     // two letters swapped
    [InlineData("Robert", "Thornamthorpe", "Robert", "Thornamstone", "jaro-winkler ≥ 0.92")]
    [InlineData("Robert", "Thornamthorpe", "Robert", "Thornamthorp", "one edit")]
    public void Surname_levels(string f1, string s1, string f2, string s2, string level)
    {
        var f = new RecordFeatures([new PersonRecord("a", f1, s1, null), new PersonRecord("b", f2, s2, null)]);
        var c = new SurnameComparison(f);
        Assert.Equal(level, c.Levels[c.Level(0, 1)]);
    }

    [Fact]
    public void A_swap_needs_both_names_the_other_way_round()
    {
        // Forename equal to the other's surname, but the other forename is not this surname: no swap.
        var f = new RecordFeatures([new PersonRecord("a", "Thomas", "Owen", null), new PersonRecord("b", "Owen", "Jones", null)]);
        Assert.NotEqual("swapped with surname", new ForenameComparison(f).Levels[new ForenameComparison(f).Level(0, 1)]);
        Assert.NotEqual(2, new SurnameComparison(f).Level(0, 1));
    }

    [Fact]
    public void A_swap_is_weighed_once_by_the_forenames_not_again_by_the_surname()
    {
        var f = new RecordFeatures([new PersonRecord("a", "Thomas", "Owen", null), new PersonRecord("b", "Owen", "Thomas", null)]);
        var model = new FellegiSunterModel([new ForenameComparison(f), new SurnameComparison(f)]);
        for (var k = 0; k < 2; k++)
        {
            Array.Fill(model.M[k], 0.1);
            Array.Fill(model.U[k], 0.1);
            model.M[k][2] = 0.05;
            model.U[k][2] = 1e-6; // a swap is rare among random pairs: log2(m/u) is large
        }
        model.Lambda = 0.5;
        model.UpdateWeights();
        var pattern = model.Pattern(0, 1);
        Assert.Equal(2, FellegiSunterModel.LevelOf(pattern, 0));
        Assert.Equal(2, FellegiSunterModel.LevelOf(pattern, 1));
        Assert.True(model.Weights[0][2] > 15);
        Assert.Equal(0, model.Weights[1][2]);
        Assert.Equal(model.Weights[0][2], model.PatternWeight(pattern), 9);
    }
}
