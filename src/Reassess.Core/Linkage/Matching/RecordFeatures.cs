using System.Text.RegularExpressions;

namespace Reassess.Linkage.Matching;

/// <summary>Interns strings to dense ids so exact comparisons and blocking keys are integer operations.</summary>
internal sealed class Interner
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    public List<string> Values { get; } = [];

    public int Id(string? value)
    {
        if (value is null) return -1;
        if (_ids.TryGetValue(value, out var id)) return id;
        id = Values.Count;
        _ids[value] = id;
        Values.Add(value);
        return id;
    }
}

/// <summary>
/// One field's normalised values: the strings, their interned ids (-1 missing) and how often each value occurs, for
/// term-frequency adjustment and the exact u-probability.
/// </summary>
internal sealed class TextField
{
    public TextField(string?[] values, Interner interner)
    {
        Values = values;
        Ids = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            Ids[i] = interner.Id(values[i]);
            // One string instance per distinct value: millions of records repeat a few thousand names.
            if (Ids[i] >= 0) values[i] = interner.Values[Ids[i]];
        }
        Counts = new int[interner.Values.Count];
        foreach (var id in Ids)
        {
            if (id < 0) continue;
            Counts[id]++;
            NonNull++;
        }
        double sum = 0;
        foreach (var c in Counts) sum += (double)c * (c - 1);
        ExactAgreement = NonNull > 1 ? sum / ((double)NonNull * (NonNull - 1)) : 0;
    }

    public string?[] Values { get; }
    public int[] Ids { get; }
    public int[] Counts { get; }
    public long NonNull { get; }

    /// <summary>Probability that two random records with values share it (the u of an exact match, computed exactly).</summary>
    public double ExactAgreement { get; }

    public bool Present => NonNull > 0;

    /// <summary>Relative frequency of record <paramref name="i"/>'s value among records having a value.</summary>
    public double Frequency(int i) => (double)Counts[Ids[i]] / NonNull;
}

/// <summary>Per-record features computed once before any pair is compared: normalised values, ids, phonetic codes,
/// nickname groups, date digits, postcode sector and district.</summary>
internal sealed partial class RecordFeatures
{
    public RecordFeatures(IReadOnlyList<PersonRecord> records)
    {
        var n = records.Count;
        Count = n;
        Source = new int[n];
        var names = new Interner();
        var fore = new string?[n];
        var sur = new string?[n];
        var dob = new int[n];
        var sex = new string?[n];
        var pc = new string?[n];
        var addr = new string?[n];
        var city = new string?[n];
        var phone = new string?[n];
        var email = new string?[n];
        var birth = new string?[n];
        var occ = new string?[n];
        var ident = new string?[n];
        var role = new string?[n];
        var ethnicity = new string?[n];
        var observed = new string?[n];
        var nationality = new string?[n];
        var force = new string?[n];
        // Each record normalised on its own (pure functions, one slot each): in parallel, as national data has millions.
        var source = Source;
        Parallel.For(0, n, i =>
        {
            var r = records[i];
            source[i] = r.Source;
            fore[i] = MatchNormalise.Name(r.Forenames);
            sur[i] = MatchNormalise.Name(r.Surname);
            dob[i] = DateDigits(r.DateOfBirth, r.DateOfBirthText);
            sex[i] = SexToken(r.Sex);
            pc[i] = MatchNormalise.Compact(r.Postcode);
            addr[i] = MatchNormalise.Text(r.Address);
            city[i] = MatchNormalise.Text(r.City);
            phone[i] = MatchNormalise.Phone(r.Phone);
            email[i] = MatchNormalise.Email(r.Email);
            birth[i] = MatchNormalise.Text(r.BirthPlace);
            occ[i] = MatchNormalise.Text(r.Occupation);
            ident[i] = MatchNormalise.Compact(r.Identifier);
            role[i] = MatchNormalise.Text(r.Role);
            ethnicity[i] = Recorded(MatchNormalise.Compact(r.Ethnicity), "NS");
            observed[i] = Recorded(MatchNormalise.Compact(r.ObservedEthnicity), "IC9", "IC0");
            nationality[i] = Recorded(MatchNormalise.Compact(r.Nationality), "XXX");
            force[i] = MatchNormalise.Compact(r.Force);
        });

        // Forenames and surnames share one interner so a forename can be compared with a surname (swaps).
        Forenames = new TextField(fore, names);
        Surname = new TextField(sur, names);
        ForenameFirst = new int[n];
        ForenamePhonetic = new int[n];
        SurnamePhonetic = new int[n];
        var phonetic = new Interner();
        var phoneticOfName = new Dictionary<int, int>();
        int PhoneticId(int nameId)
        {
            if (nameId < 0) return -1;
            if (phoneticOfName.TryGetValue(nameId, out var p)) return p;
            var code = Nysiis.Encode(names.Values[nameId]);
            p = code.Length == 0 ? -1 : phonetic.Id(code);
            phoneticOfName[nameId] = p;
            return p;
        }
        for (var i = 0; i < n; i++)
        {
            var f = fore[i];
            var space = f?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
            ForenameFirst[i] = f is null ? -1 : names.Id(space < 0 ? f : f[..space]);
            ForenamePhonetic[i] = PhoneticId(ForenameFirst[i]);
            var s = sur[i];
            SurnamePhonetic[i] = PhoneticId(s is null ? -1 : names.Id(s.Replace(" ", "", StringComparison.Ordinal)));
        }
        Names = names.Values;
        NameCounts = new int[names.Values.Count];
        for (var i = 0; i < n; i++)
        {
            if (ForenameFirst[i] >= 0) NameCounts[ForenameFirst[i]]++;
            if (Surname.Ids[i] >= 0) NameCounts[Surname.Ids[i]]++;
        }
        CommonNameCount = Math.Max(MinCommonNameCount, n / 10_000);
        NameGroups = new int[names.Values.Count][];
        for (var id = 0; id < NameGroups.Length; id++) NameGroups[id] = Nicknames.GroupsOfName(names.Values[id]);

        DateOfBirth = dob;
        Sex = new TextField(sex, new Interner());
        var postcodes = new Interner();
        Postcode = new TextField(pc, postcodes);
        PostcodeSector = new int[n];
        PostcodeDistrict = new int[n];
        var parts = new Interner();
        for (var i = 0; i < n; i++)
        {
            PostcodeSector[i] = PostcodeDistrict[i] = -1;
            var p = pc[i];
            if (p is null) continue;
            var m = UkPostcode().Match(p);
            if (!m.Success) continue;
            PostcodeDistrict[i] = parts.Id(m.Groups[1].Value);
            PostcodeSector[i] = parts.Id(m.Groups[1].Value + " " + m.Groups[2].Value[0]);
        }
        var texts = new Interner();
        Address = new TextField(addr, texts);
        AddressTokens = new int[n][];
        var tokens = new Interner();
        for (var i = 0; i < n; i++)
        {
            var a = addr[i];
            if (a is null)
            {
                AddressTokens[i] = [];
                continue;
            }
            var t = a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(tokens.Id).Distinct().ToArray();
            Array.Sort(t);
            AddressTokens[i] = t;
        }
        City = new TextField(city, new Interner());
        Phone = new TextField(phone, new Interner());
        Email = new TextField(email, new Interner());
        EmailUser = new int[n];
        var users = new Interner();
        for (var i = 0; i < n; i++)
        {
            var e = email[i];
            var at = e?.IndexOf('@', StringComparison.Ordinal) ?? -1;
            EmailUser[i] = at > 0 ? users.Id(e![..at]) : -1;
        }
        BirthPlace = new TextField(birth, new Interner());
        Occupation = new TextField(occ, new Interner());
        Identifier = new TextField(ident, new Interner());
        Role = new TextField(role, new Interner());
        Ethnicity = new TextField(ethnicity, new Interner());
        ObservedEthnicity = new TextField(observed, new Interner());
        Nationality = new TextField(nationality, new Interner());
        Force = new TextField(force, new Interner());
    }

    /// <summary>The code, or null when it only says the value is not known (not stated, unknown, unspecified).</summary>
    private static string? Recorded(string? code, params ReadOnlySpan<string> unknown) => code is null || unknown.Contains(code) ? null : code;

    public int Count { get; }
    public int[] Source { get; }
    public List<string> Names { get; }
    public int[][] NameGroups { get; }

    /// <summary>Per name id: how many records have it as first forename or as surname.</summary>
    public int[] NameCounts { get; }

    /// <summary>A name held by at least this many records (5, or one record in 10,000 in large data) is common: a
    /// typing error seldom lands on one.</summary>
    public int CommonNameCount { get; }

    public const int MinCommonNameCount = 5;

    public bool CommonName(int nameId) => nameId >= 0 && NameCounts[nameId] >= CommonNameCount;
    public TextField Forenames { get; }
    public int[] ForenameFirst { get; }
    public int[] ForenamePhonetic { get; }
    public TextField Surname { get; }
    public int[] SurnamePhonetic { get; }

    /// <summary>yyyyMMdd as an integer, -1 when missing; may be an impossible date kept for its digits.</summary>
    public int[] DateOfBirth { get; }
    public TextField Sex { get; }
    public TextField Postcode { get; }
    public int[] PostcodeSector { get; }
    public int[] PostcodeDistrict { get; }
    public TextField Address { get; }
    public int[][] AddressTokens { get; }
    public TextField City { get; }
    public TextField Phone { get; }
    public TextField Email { get; }
    public int[] EmailUser { get; }
    public TextField BirthPlace { get; }
    public TextField Occupation { get; }
    public TextField Identifier { get; }

    /// <summary>The part each record plays where it was made (suspect, victim, witness).</summary>
    public TextField Role { get; }

    /// <summary>Self-defined ethnicity (18+1 code), missing when not stated.</summary>
    public TextField Ethnicity { get; }

    /// <summary>Officer-observed ethnicity (IC code), missing when unknown.</summary>
    public TextField ObservedEthnicity { get; }

    /// <summary>Nationality (ISO 3166-1 alpha-3), missing when unspecified.</summary>
    public TextField Nationality { get; }

    /// <summary>The police force whose records hold the record, missing outside <c>reassess link</c>.</summary>
    public TextField Force { get; }

    public bool HasDateOfBirth
    {
        get
        {
            foreach (var d in DateOfBirth)
                if (d >= 0) return true;
            return false;
        }
    }

    internal static int DateDigits(DateOnly? date, string? text)
    {
        if (date is { } d) return d.Year * 10000 + d.Month * 100 + d.Day;
        if (text is null) return -1;
        var digits = 0;
        var count = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') continue;
            digits = digits * 10 + (c - '0');
            if (++count > 8) return -1;
        }
        return count == 8 ? digits : -1;
    }

    private static string? SexToken(string? sex)
    {
        var s = MatchNormalise.Text(sex);
        return s switch
        {
            null => null,
            "m" or "male" or "man" or "boy" => "m",
            "f" or "female" or "woman" or "girl" => "f",
            "u" or "unknown" or "not known" or "x" => null,
            _ => s,
        };
    }

    [GeneratedRegex("^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")]
    private static partial Regex UkPostcode();
}
