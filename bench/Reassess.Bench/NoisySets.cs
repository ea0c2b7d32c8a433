using System.Globalization;
using System.Text;

namespace Reassess.Bench;

/// <summary>
/// Labelled sets shaped unlike the public ones, generated from their values with a documented, seeded noise model
/// (bench/linkage-accuracy.md describes it). Nothing here is tuned to a held-back set: the noise rates are round
/// figures for what real registers show (a name mistyped, a nickname, day and month swapped, a date known only to the
/// year, a field left blank), not fitted to any result. Every value is synthetic: names and places come from the
/// FEBRL, fake_1000 and RLdata500 files (themselves synthetic), occupations from a fixed list.
/// </summary>
internal static class NoisySets
{
    private static readonly string[] Occupations =
    [
        "labourer", "clerk", "teacher", "nurse", "farmer", "carpenter", "driver", "baker", "miner", "tailor",
        "engineer", "shop assistant", "cook", "electrician", "plumber", "accountant", "painter", "soldier", "sailor",
        "student", "printer", "butcher", "mechanic", "cleaner", "gardener", "solicitor", "doctor", "weaver", "porter", "musician",
    ];

    // The generator's own nickname and variant table: deliberately not the engine's (Nicknames.cs), and with German,
    // Polish and Arabic-transliterated forms the engine's table does not all hold, so the set measures generalisation.
    private static readonly string[][] Variants =
    [
        ["robert", "bob", "rob", "bobby"], ["william", "bill", "will", "billy"], ["elizabeth", "liz", "beth", "eliza", "lisa"],
        ["margaret", "maggie", "peggy", "meg"], ["katherine", "kate", "kathy", "catherine", "katharina", "kathi"],
        ["johannes", "hans", "johann", "jan"], ["josef", "joseph", "sepp", "joe"], ["friedrich", "fritz", "frederick", "fred"],
        ["wolfgang", "wolf"], ["jurgen", "juergen", "jorg", "joerg"], ["michael", "mike", "michal", "mikhail"],
        ["alexander", "alex", "aleksander", "sasha"], ["mohammed", "muhammad", "mohamed", "mohammad"],
        ["christopher", "chris", "krzysztof"], ["stephen", "steven", "steve", "stefan"], ["thomas", "tom", "tomasz"],
        ["jessica", "jess", "jessie"], ["samuel", "sam"], ["daniel", "dan", "danny"], ["james", "jim", "jamie"],
        ["susanne", "susan", "sue", "suzanne"], ["andreas", "andrew", "andy", "andrzej"], ["peter", "pete", "piotr"],
    ];

    // Spelling variants and transliterations (each way round): how one sound is written in another register.
    private static readonly (string, string)[] Spellings =
    [
        ("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("y", "i"),
        ("th", "t"), ("ei", "ai"), ("mm", "m"), ("tt", "t"), ("ll", "l"), ("sch", "sh"), ("w", "v"), ("z", "ts"),
        ("ie", "y"), ("ou", "u"), ("dt", "t"), ("ks", "x"),
    ];

    public sealed record Person(string Forename, string Surname, int Year, int Month, int Day, string Place, string Occupation, string Postcode);

    /// <summary>Writes both generated sets into <paramref name="dir"/> and returns their paths.</summary>
    public static (string HistoricalLike, string NamesAndDates) Write(string dataDir, string dir, int seed)
    {
        Directory.CreateDirectory(dir);
        var pools = Pools.Read(dataDir);
        var hist = Path.Combine(dir, $"gen-historical-{seed}.csv");
        var nd = Path.Combine(dir, $"gen-names-dates-{seed}.csv");
        WriteHistorical(pools, hist, new Random(seed));
        WriteNamesAndDates(pools, nd, new Random(seed + 1000));
        return (hist, nd);
    }

    /// <summary>
    /// Historical-persons-like: 2,500 people, 1 to 8 records each (most 2–4), with a relative for one person in six
    /// (same surname, birthplace and postcode, another forename, born 1–30 years apart) and names drawn with a skewed
    /// (Zipf-like) frequency so namesakes are common. Fields: forenames, surname, dob, birth_place, occupation, postcode.
    /// </summary>
    private static void WriteHistorical(Pools pools, string path, Random rng)
    {
        var people = new List<Person>();
        for (var i = 0; i < 2_500; i++)
        {
            var p = NewPerson(pools, rng);
            people.Add(p);
            if (rng.NextDouble() < 1.0 / 6)
            {
                var year = Math.Clamp(p.Year + (rng.Next(2) == 0 ? -1 : 1) * rng.Next(1, 31), 1900, 2005);
                people.Add(p with { Forename = Zipf(pools.Forenames, rng), Year = year, Month = rng.Next(1, 13), Day = rng.Next(1, 29), Occupation = Occupations[rng.Next(Occupations.Length)] });
            }
        }
        var sb = new StringBuilder("id,forenames,surname,dob,birth_place,occupation,postcode,truth\n");
        var id = 0;
        for (var t = 0; t < people.Count; t++)
        {
            var p = people[t];
            var records = 1 + (int)Math.Min(7, Math.Floor(-Math.Log(1 - rng.NextDouble()) * 2.2));
            for (var r = 0; r < records; r++)
            {
                var fore = Name(p.Forename, rng, nickname: 0.08, spelling: 0.06, typo: 0.10, initial: 0.03, missing: 0.03);
                var sur = Name(p.Surname, rng, nickname: 0, spelling: 0.06, typo: 0.10, initial: 0, missing: 0.02);
                var dob = Date(p, rng, missing: 0.12);
                var place = rng.NextDouble() < 0.2 ? "" : rng.NextDouble() < 0.08 ? Typo(p.Place, rng) : p.Place;
                var occ = rng.NextDouble() < 0.25 ? "" : rng.NextDouble() < 0.15 ? Occupations[rng.Next(Occupations.Length)] : p.Occupation;
                var pc = rng.NextDouble() < 0.3 ? "" : rng.NextDouble() < 0.2 ? pools.Postcodes[rng.Next(pools.Postcodes.Length)] : rng.NextDouble() < 0.05 ? Typo(p.Postcode, rng) : p.Postcode;
                sb.Append(CultureInfo.InvariantCulture, $"h{id++},{fore},{sur},{dob},{place},{occ},{pc},{t}\n");
            }
        }
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// Names and dates of birth only: 9,000 people from the German (RLdata500) and English (FEBRL, fake_1000) name
    /// pools, and 1,000 duplicates (10%) each with one or two errors: a typo, a transliteration or spelling variant, a
    /// nickname, day and month swapped, a digit of the date mistyped (month 13 kept), a date known only to the month or
    /// year, a year one out.
    /// </summary>
    private static void WriteNamesAndDates(Pools pools, string path, Random rng)
    {
        var people = new List<Person>();
        for (var i = 0; i < 9_000; i++) people.Add(NewPerson(pools, rng));
        var sb = new StringBuilder("id,forenames,surname,dob,truth\n");
        var id = 0;
        for (var t = 0; t < people.Count; t++)
        {
            var p = people[t];
            sb.Append(CultureInfo.InvariantCulture, $"n{id++},{p.Forename},{p.Surname},{p.Year:0000}-{p.Month:00}-{p.Day:00},{t}\n");
        }
        for (var d = 0; d < 1_000; d++)
        {
            var t = rng.Next(people.Count);
            var p = people[t];
            string fore = p.Forename, sur = p.Surname, dob = $"{p.Year:0000}-{p.Month:00}-{p.Day:00}";
            var errors = rng.NextDouble() < 0.5 ? 1 : 2;
            for (var e = 0; e < errors; e++)
            {
                switch (rng.Next(9))
                {
                    case 0: fore = Typo(fore, rng); break;
                    case 1: sur = Typo(sur, rng); break;
                    case 2: sur = Spelling(sur, rng); break;
                    case 3: fore = Nickname(fore, rng) ?? Spelling(fore, rng); break;
                    case 4: dob = p.Day <= 12 && p.Day != p.Month ? $"{p.Year:0000}-{p.Day:00}-{p.Month:00}" : DigitTypo(dob, rng); break;
                    case 5: dob = DigitTypo(dob, rng); break;
                    case 6: dob = rng.Next(2) == 0 ? $"{p.Year:0000}-{p.Month:00}-00" : $"{p.Year:0000}-00-00"; break;
                    case 7: dob = $"{p.Year + (rng.Next(2) == 0 ? -1 : 1):0000}-{p.Month:00}-{p.Day:00}"; break;
                    default: fore = Spelling(fore, rng); break;
                }
            }
            sb.Append(CultureInfo.InvariantCulture, $"n{id++},{fore},{sur},{dob},{t}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }

    private static Person NewPerson(Pools pools, Random rng) => new(
        Zipf(pools.Forenames, rng), Zipf(pools.Surnames, rng), rng.Next(1920, 2006), rng.Next(1, 13), rng.Next(1, 29),
        Zipf(pools.Places, rng), Occupations[rng.Next(Occupations.Length)], pools.Postcodes[rng.Next(pools.Postcodes.Length)]);

    // Rank r drawn with weight 1/(r+1)^0.8: a few names very common, a long tail of rare ones.
    private static string Zipf(string[] pool, Random rng)
    {
        var u = rng.NextDouble();
        var n = pool.Length;
        // Inverse of the continuous approximation of the Zipf CDF with exponent 0.8.
        var r = (int)(Math.Pow(u * (Math.Pow(n + 1, 0.2) - 1) + 1, 1 / 0.2) - 1);
        return pool[Math.Clamp(r, 0, n - 1)];
    }

    private static string Name(string name, Random rng, double nickname, double spelling, double typo, double initial, double missing)
    {
        var x = rng.NextDouble();
        if ((x -= missing) < 0) return "";
        if ((x -= initial) < 0) return name[..1];
        if ((x -= nickname) < 0) return Nickname(name, rng) ?? name;
        if ((x -= spelling) < 0) return Spelling(name, rng);
        if ((x -= typo) < 0) return Typo(name, rng);
        return name;
    }

    private static string Date(Person p, Random rng, double missing)
    {
        var x = rng.NextDouble();
        var exact = $"{p.Year:0000}-{p.Month:00}-{p.Day:00}";
        if ((x -= missing) < 0) return "";
        if ((x -= 0.04) < 0) return p.Day <= 12 ? $"{p.Year:0000}-{p.Day:00}-{p.Month:00}" : exact;
        if ((x -= 0.05) < 0) return $"{p.Year:0000}-00-00";
        if ((x -= 0.05) < 0) return DigitTypo(exact, rng);
        if ((x -= 0.05) < 0) return $"{p.Year + (rng.Next(2) == 0 ? -1 : 1):0000}-{p.Month:00}-{p.Day:00}";
        return exact;
    }

    private static string? Nickname(string name, Random rng)
    {
        foreach (var g in Variants)
        {
            if (!g.Contains(name)) continue;
            var others = g.Where(v => v != name).ToArray();
            return others[rng.Next(others.Length)];
        }
        return null;
    }

    private static string Spelling(string name, Random rng)
    {
        var start = rng.Next(Spellings.Length);
        for (var i = 0; i < Spellings.Length; i++)
        {
            var (a, b) = Spellings[(start + i) % Spellings.Length];
            if (name.Contains(a, StringComparison.Ordinal)) return ReplaceOnce(name, a, b);
            if (name.Contains(b, StringComparison.Ordinal) && b.Length > 1) return ReplaceOnce(name, b, a);
        }
        return Typo(name, rng);
    }

    private static string ReplaceOnce(string s, string a, string b)
    {
        var i = s.IndexOf(a, StringComparison.Ordinal);
        return s[..i] + b + s[(i + a.Length)..];
    }

    /// <summary>One keying error: a letter changed, dropped, doubled or two adjacent letters swapped (never the first letter changed).</summary>
    private static string Typo(string s, Random rng)
    {
        if (s.Length < 3) return s;
        var i = rng.Next(1, s.Length);
        var letter = (char)('a' + rng.Next(26));
        return rng.Next(4) switch
        {
            0 => s[..i] + letter + s[(i + 1)..],
            1 => s[..i] + s[(i + 1)..],
            2 => s[..i] + s[i] + s[i..],
            _ => i < s.Length - 1 ? s[..i] + s[i + 1] + s[i] + s[(i + 2)..] : s[..(i - 1)] + s[i] + s[i - 1],
        };
    }

    /// <summary>One digit of yyyy-MM-dd changed (the month may become 13 or 00, a day 3x: impossible dates are kept).</summary>
    private static string DigitTypo(string date, Random rng)
    {
        int[] positions = [2, 3, 5, 6, 8, 9];
        var i = positions[rng.Next(positions.Length)];
        var c = (char)('0' + rng.Next(10));
        if (c == date[i]) c = c == '9' ? '0' : (char)(c + 1);
        var s = date[..i] + c + date[(i + 1)..];
        return s.EndsWith("-00", StringComparison.Ordinal) && s[5..7] == "00" ? date : s;
    }

    private sealed record Pools(string[] Forenames, string[] Surnames, string[] Places, string[] Postcodes)
    {
        public static Pools Read(string dataDir)
        {
            var fore = new List<string>();
            var sur = new List<string>();
            var places = new List<string>();
            var postcodes = new List<string>();
            foreach (var row in TruthFile.Read(Path.Combine(dataDir, "febrl2.csv")).Values)
            {
                fore.Add(row["given_name"]);
                sur.Add(row["surname"]);
                places.Add(row["suburb"]);
                postcodes.Add(row["postcode"]);
            }
            foreach (var row in TruthFile.Read(Path.Combine(dataDir, "RLdata500.csv")).Values)
            {
                fore.Add(row["fname_c1"].ToLowerInvariant());
                sur.Add(row["lname_c1"].ToLowerInvariant());
            }
            foreach (var row in TruthFile.Read(Path.Combine(dataDir, "fake_1000.csv")).Values)
            {
                fore.Add(row["first_name"].ToLowerInvariant());
                sur.Add(row["surname"].ToLowerInvariant());
                places.Add(row["city"].ToLowerInvariant());
            }
            foreach (var g in Variants) fore.AddRange(g.Take(1));
            static string[] Clean(List<string> values) =>
                [.. values.Where(v => v.Length >= 2 && v.All(c => char.IsLetter(c) || c == ' ')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var rng = new Random(7);
            string[] Shuffled(List<string> values)
            {
                var a = Clean(values);
                rng.Shuffle(a);
                return a;
            }
            string[] codes = [.. postcodes.Where(p => p.Length == 4 && p.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            rng.Shuffle(codes);
            return new Pools(Shuffled(fore), Shuffled(sur), Shuffled(places), codes);
        }
    }
}
