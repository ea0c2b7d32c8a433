namespace Reassess.Linkage.Matching;

/// <summary>
/// A field compared between two records, returning an ordered comparison level: 0 when either value is missing
/// (no evidence, weight 0), 1 the strongest agreement (exact), the last level disagreement. Fellegi–Sunter gives each
/// level an m-probability (among true matches) and a u-probability (among non-matches).
/// </summary>
internal abstract class FieldComparison(string field, params string[] levels)
{
    public const string Missing = "missing";

    public string Field { get; } = field;

    /// <summary>Level names; index 0 is <see cref="Missing"/>.</summary>
    public string[] Levels { get; } = [Missing, .. levels];

    /// <summary>Values of the exact level (1) whose weight is adjusted for how common the value is; null when none.</summary>
    public virtual TextField? TermFrequency => null;

    /// <summary>The exact level's u-probability when it can be computed exactly from value frequencies.</summary>
    public virtual double? ExactU => null;

    /// <summary>Each record's interned value (−1 when missing), equal ids being the exact level; null for a field
    /// compared otherwise. <see cref="HouseholdDependence"/> groups records by them.</summary>
    public virtual int[]? ExactIds => null;

    public abstract int Level(int a, int b);

    /// <summary>
    /// The level as far as cheap checks tell it: the full <see cref="Level"/> for comparisons that are cheap anyway,
    /// otherwise 0 (missing) or 1 (exact) from the interned ids, or -1 when only <see cref="Level"/> can say which
    /// near-miss or disagreement level the pair is at. Scoring bounds the undecided fields by their best non-exact
    /// weight and abandons a pair before any string is compared when even that cannot reach the threshold.
    /// </summary>
    public virtual int QuickLevel(int a, int b) => Level(a, b);

    protected static int ExactOrUndecided(int[] ids, int a, int b)
    {
        var x = ids[a];
        var y = ids[b];
        if (x < 0 || y < 0) return 0;
        return x == y ? 1 : -1;
    }

    /// <summary>A level that is evidence already counted by another comparison: its weight is 0 and EM leaves it out.</summary>
    public virtual bool Neutral(int level) => false;

    /// <summary>
    /// Near-miss levels whose weight is adjusted for how common the more common of the two values is (see
    /// <see cref="FellegiSunterModel.FuzzyAdjustment"/>): "Hill" and "Hall" are two common surnames a letter apart,
    /// far more often two people than one mistyped.
    /// </summary>
    public virtual bool FuzzyTermFrequency(int level) => false;

    /// <summary>
    /// Whether the pairs a deterministic identifier links show this field's levels as any matches would: true for
    /// personal details, whose recording errors have nothing to do with who holds a PNC id. False for a field that
    /// decides who gets one (a PNC id follows an arrest, so pairs sharing one are nearly all suspects).
    /// </summary>
    public virtual bool IndependentOfIdentifier => true;

    /// <summary>
    /// The least m of each level after the exact one: the share of true matches recorded with different values that
    /// the field is known to have in real records, whatever the training pairs show. 0 for most fields; set where the
    /// training pairs cannot see the disagreements (synthetic records, or labelled pairs copied from one another) and
    /// an m near zero would make one recorded difference outweigh an exact name and date of birth.
    /// </summary>
    public virtual double MinDisagreementM => 0;

    /// <summary>Relative cost of <see cref="Level"/>: cheap comparisons are made first so a pair that cannot reach the
    /// threshold is abandoned before its names are compared character by character.</summary>
    public virtual int Cost => 1;

    protected const double High = 0.92;
    protected const double Mid = 0.88;

    public const string OneEdit = "one edit";
    public const string CloseHigh = "jaro-winkler ≥ 0.92";
    public const string CloseMid = "jaro-winkler ≥ 0.88";

    /// <summary>
    /// How close two different names are: 1 one edit apart (a letter left out, added, changed, or two swapped: how
    /// a name is mistyped), 2 Jaro–Winkler ≥ 0.92, 3 ≥ 0.88, 0 neither. One edit is a level of its own, before the
    /// Jaro–Winkler ones: two real names sharing a long beginning or ending ("Thornamthorpe", "Thornamstone";
    /// "Johnston", "Johnson" is one edit) are close by Jaro–Winkler far more often than they are one name mistyped.
    /// </summary>
    protected static int Close(string x, string y)
    {
        if (StringSimilarity.WithinOneEdit(x, y)) return 1;
        if (StringSimilarity.JaroWinklerUpperBound(x, y) < Mid) return 0;
        var jw = StringSimilarity.JaroWinkler(x, y);
        return jw >= High ? 2 : jw >= Mid ? 3 : 0;
    }

    /// <summary>
    /// A near miss between two names that are each common in the data (Hill and Hall, Wayne and Dwayne): far more
    /// often two people with two real names than one name mistyped, since a typing error makes a rare string. A level
    /// of its own, so EM and the random pairs weigh it apart from the near misses that look like typing errors.
    /// </summary>
    public const string CloseCommon = "close, but both common names";
}

internal sealed class ForenameComparison(RecordFeatures f)
    : FieldComparison("forenames", "exact", "swapped with surname", "nickname or same first name", OneEdit, CloseHigh, CloseMid, CloseCommon, "same NYSIIS code", "initial", "different")
{
    public override int Cost => 5;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(f.Forenames.Ids, a, b);
    public override TextField TermFrequency => f.Forenames;
    public override double? ExactU => f.Forenames.ExactAgreement;
    public override bool FuzzyTermFrequency(int level) => level is 4 or 5 or 6;

    public override int Level(int a, int b)
    {
        var fa = f.Forenames.Ids[a];
        var fb = f.Forenames.Ids[b];
        if (fa < 0 || fb < 0) return 0;
        if (fa == fb) return 1;
        if (NameRules.Swapped(f, a, b)) return 2;
        var ta = f.ForenameFirst[a];
        var tb = f.ForenameFirst[b];
        if (ta == tb || Nicknames.Share(f.NameGroups[ta], f.NameGroups[tb])) return 3;
        var x = f.Names[fa];
        var y = f.Names[fb];
        var close = Close(x, y);
        if (close > 0) return f.CommonName(ta) && f.CommonName(tb) ? 7 : close + 3;
        if (f.ForenamePhonetic[a] >= 0 && f.ForenamePhonetic[a] == f.ForenamePhonetic[b]) return 8;
        if ((x.Length == 1 || y.Length == 1) && x[0] == y[0]) return 9;
        return 10;
    }
}

internal sealed class SurnameComparison(RecordFeatures f)
    : FieldComparison("surname", "exact", "swapped with forenames (counted there)", OneEdit, CloseHigh, CloseMid, CloseCommon, "same NYSIIS code", "shares a part", "different")
{
    public override int Cost => 4;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(f.Surname.Ids, a, b);
    public override int[] ExactIds => f.Surname.Ids;

    /// <summary>A swap is one event, both names written the other way round, and the forenames' swap level weighs
    /// it: weighing it again here would count it twice (as if two independent agreements, each as rare as the swap),
    /// which gave two namesakes in opposite order more weight than an exact name and date of birth.</summary>
    public override bool Neutral(int level) => level == 2;
    public override TextField TermFrequency => f.Surname;
    public override double? ExactU => f.Surname.ExactAgreement;
    public override bool FuzzyTermFrequency(int level) => level is 3 or 4 or 5;

    public override int Level(int a, int b)
    {
        var sa = f.Surname.Ids[a];
        var sb = f.Surname.Ids[b];
        if (sa < 0 || sb < 0) return 0;
        if (sa == sb) return 1;
        if (NameRules.Swapped(f, a, b)) return 2;
        var x = f.Names[sa];
        var y = f.Names[sb];
        var close = Close(x, y);
        if (close > 0) return f.CommonName(sa) && f.CommonName(sb) ? 6 : close + 2;
        if (f.SurnamePhonetic[a] >= 0 && f.SurnamePhonetic[a] == f.SurnamePhonetic[b]) return 7;
        if (NameRules.SharePart(x, y)) return 8;
        return 9;
    }
}

internal static class NameRules
{
    /// <summary>Forenames and surname written the other way round (each close to the other record's opposite name).</summary>
    public static bool Swapped(RecordFeatures f, int a, int b)
    {
        var fa = f.ForenameFirst[a];
        var fb = f.ForenameFirst[b];
        var sa = f.Surname.Ids[a];
        var sb = f.Surname.Ids[b];
        if (fa < 0 || fb < 0 || sa < 0 || sb < 0) return false;
        return Close(f, fa, sb) && Close(f, sa, fb);
    }

    // Cheap test first: a swap almost never has a different first letter, and most pairs are no swap at all.
    private static bool Close(RecordFeatures f, int x, int y) =>
        x == y || (f.Names[x][0] == f.Names[y][0] && StringSimilarity.JaroWinklerAtLeast(f.Names[x], f.Names[y], 0.92));

    /// <summary>Double-barrelled or multi-word surnames sharing a word of three letters or more.</summary>
    public static bool SharePart(string x, string y)
    {
        if (x.IndexOf(' ', StringComparison.Ordinal) < 0 && y.IndexOf(' ', StringComparison.Ordinal) < 0) return false;
        // Words as ranges of the strings: no array and no string per word (this runs for every pair of different surnames).
        foreach (var p in x.AsSpan().Split(' '))
        {
            var part = x.AsSpan(p);
            if (part.Length < 3) continue;
            foreach (var q in y.AsSpan().Split(' '))
                if (part.SequenceEqual(y.AsSpan(q))) return true;
        }
        return false;
    }
}

/// <summary>
/// Date of birth. Besides the exact date and near misses, two kinds of disagreement are levels of their own because
/// real registers are full of them and they say much more than "different": day and month written the other way round
/// (a US-style date read as a UK one), and a partial date, known only to the year or the month (day or month 00), whose
/// known parts agree with the other date. A partial date that disagrees on its known parts falls to the year levels.
/// Impossible dates (month 13, day 32) are kept as their digits, so a mistyped month still reaches "one digit differs".
/// </summary>
internal sealed class DateOfBirthComparison(RecordFeatures f)
    : FieldComparison("dob", "exact", "day and month transposed", "partial date, known parts agree", "one digit differs", "one of day, month, year differs", "within a year", "within two years", "different")
{
    /// <summary>
    /// The most years apart the "within two years" level takes; a wider gap is "different". One person's records
    /// seldom put the year more than one out except by a mistyped digit (its own level); relatives are born years
    /// apart (siblings a few, parents and children a generation), so a wide gap is kept apart from a near one for EM
    /// to weigh strongly against a match.
    /// </summary>
    public const int NearYears = 2;

    public override int Level(int a, int b)
    {
        var x = f.DateOfBirth[a];
        var y = f.DateOfBirth[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        int ya = x / 10000, ma = x / 100 % 100, da = x % 100;
        int yb = y / 10000, mb = y / 100 % 100, db = y % 100;
        if (ya == yb && ma == db && da == mb && ma != 0 && da != 0) return 2;
        var partial = ma == 0 || da == 0 || mb == 0 || db == 0;
        if (partial)
        {
            // Unknown parts (00) agree with anything; the year must be known on both.
            if (ya == yb && (ma == 0 || mb == 0 || ma == mb) && (da == 0 || db == 0 || da == db)) return 3;
            return Math.Abs(ya - yb) <= 1 ? 6 : Math.Abs(ya - yb) <= NearYears ? 7 : 8;
        }
        if (DigitEdit(x, y)) return 4;
        var same = (ya == yb ? 1 : 0) + (ma == mb ? 1 : 0) + (da == db ? 1 : 0);
        if (same == 2) return 5;
        if (Math.Abs(DayNumber(ya, ma, da) - DayNumber(yb, mb, db)) <= 366) return 6;
        return Math.Abs(ya - yb) <= NearYears ? 7 : 8;
    }

    /// <summary>The eight digits differ in one place or by two adjacent digits swapped.</summary>
    internal static bool DigitEdit(int x, int y)
    {
        Span<int> dx = stackalloc int[8];
        Span<int> dy = stackalloc int[8];
        for (var i = 7; i >= 0; i--)
        {
            dx[i] = x % 10;
            dy[i] = y % 10;
            x /= 10;
            y /= 10;
        }
        var first = -1;
        var diffs = 0;
        for (var i = 0; i < 8; i++)
        {
            if (dx[i] == dy[i]) continue;
            if (first < 0) first = i;
            diffs++;
        }
        if (diffs == 1) return true;
        return diffs == 2 && first < 7 && dx[first] == dy[first + 1] && dx[first + 1] == dy[first];
    }

    // Approximate day number, valid for impossible dates too (month 13, day 32).
    private static int DayNumber(int y, int m, int d) => y * 372 + m * 31 + d;
}

internal sealed class PostcodeComparison(RecordFeatures f)
    : FieldComparison("postcode", "exact", "one character differs", "same sector", "same district", "different")
{
    public override int Cost => 2;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(f.Postcode.Ids, a, b);
    public override int[] ExactIds => f.Postcode.Ids;
    public override TextField TermFrequency => f.Postcode;
    public override double? ExactU => f.Postcode.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = f.Postcode.Ids[a];
        var y = f.Postcode.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        if (StringSimilarity.WithinOneEdit(f.Postcode.Values[a], f.Postcode.Values[b])) return 2;
        var sa = f.PostcodeSector[a];
        if (sa >= 0 && sa == f.PostcodeSector[b]) return 3;
        var da = f.PostcodeDistrict[a];
        if (da >= 0 && da == f.PostcodeDistrict[b]) return 4;
        return 5;
    }
}

internal sealed class AddressComparison(RecordFeatures f)
    : FieldComparison("address", "exact", "jaro-winkler ≥ 0.92", "half the words shared", "different")
{
    public override int Cost => 6;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(f.Address.Ids, a, b);
    public override int[] ExactIds => f.Address.Ids;
    public override double? ExactU => f.Address.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = f.Address.Ids[a];
        var y = f.Address.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        if (StringSimilarity.JaroWinklerAtLeast(f.Address.Values[a], f.Address.Values[b], High)) return 2;
        if (StringSimilarity.Jaccard(f.AddressTokens[a], f.AddressTokens[b]) >= 0.5) return 3;
        return 4;
    }
}

/// <summary>Exact, close (Jaro–Winkler ≥ 0.92), different: city, birth place, occupation.</summary>
internal sealed class TextComparison(string field, TextField values, bool termFrequency)
    : FieldComparison(field, "exact", "jaro-winkler ≥ 0.92", "different")
{
    public override int Cost => 3;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(values.Ids, a, b);
    public override int[] ExactIds => values.Ids;
    public override TextField? TermFrequency => termFrequency ? values : null;
    public override double? ExactU => values.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = values.Ids[a];
        var y = values.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        return StringSimilarity.JaroWinklerAtLeast(values.Values[a], values.Values[b], High) ? 2 : 3;
    }
}

/// <summary>Exact, one character differs, different: identifiers and phone numbers, where a near miss is a typing error.</summary>
internal sealed class CodeComparison(string field, TextField values)
    : FieldComparison(field, "exact", "one character differs", "different")
{
    public override int Cost => 2;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(values.Ids, a, b);
    public override int[] ExactIds => values.Ids;
    public override double? ExactU => values.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = values.Ids[a];
        var y = values.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        return StringSimilarity.WithinOneEdit(values.Values[a], values.Values[b]) ? 2 : 3;
    }
}

internal sealed class EmailComparison(RecordFeatures f)
    : FieldComparison("email", "exact", "same user name", "jaro-winkler ≥ 0.88", "different")
{
    public override int Cost => 3;
    public override int QuickLevel(int a, int b) => ExactOrUndecided(f.Email.Ids, a, b);
    public override double? ExactU => f.Email.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = f.Email.Ids[a];
        var y = f.Email.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        var ua = f.EmailUser[a];
        if (ua >= 0 && ua == f.EmailUser[b]) return 2;
        return StringSimilarity.JaroWinklerAtLeast(f.Email.Values[a], f.Email.Values[b], Mid) ? 3 : 4;
    }
}

internal sealed class SexComparison(RecordFeatures f) : FieldComparison("sex", "same", "different")
{
    public override double? ExactU => f.Sex.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = f.Sex.Ids[a];
        var y = f.Sex.Ids[b];
        if (x < 0 || y < 0) return 0;
        return x == y ? 1 : 2;
    }
}

/// <summary>
/// The police force whose records hold each nominal: the same force or different forces. A coarse area: people are
/// mostly recorded by the force where they live and offend, so a name with no date of birth in the same force's
/// records is far likelier the same person than the same name in another force's, and sharing a small force says more
/// than sharing the largest (term-frequency adjusted). Nominals in different forces stay linkable on their other
/// evidence: people move and networks reach across force boundaries, so the disagreement level keeps an m of at least
/// <see cref="MinDisagreementM"/> whatever the training pairs show. Compared only when the records come from more than
/// one force.
/// </summary>
internal sealed class ForceComparison(TextField forces) : FieldComparison("force", "same force", "different forces")
{
    // At least one in ten of a person's pairs of records in different forces: a move of house across a force boundary,
    // offending in a neighbouring force, a record made by the British Transport Police or the NCA.
    public override double MinDisagreementM => 0.1;
    public override TextField TermFrequency => forces;
    public override double? ExactU => forces.ExactAgreement;

    public override int Level(int a, int b)
    {
        var x = forces.Ids[a];
        var y = forces.Ids[b];
        if (x < 0 || y < 0) return 0;
        return x == y ? 1 : 2;
    }
}

/// <summary>
/// The part the two records play where they were made (for nominals: suspect, victim, witness): both suspects, both
/// victims, the same other part, or different parts. Each level's m and u are learnt like any field's, and apart:
/// people recorded as suspects again are common where offending repeats, while two victims agreeing says little (child
/// victims share a narrow band of birth dates, so namesakes among them agree on more than their names by chance), and
/// a victim later recorded as a suspect, not rare in child sexual abuse, is as common as the data says it is.
/// </summary>
internal sealed class RoleComparison : FieldComparison
{
    private readonly int[] _kind;

    public RoleComparison(TextField roles) : base("role", "both suspects", "both victims", "the same other part", "different parts")
    {
        _kind = new int[roles.Ids.Length];
        for (var i = 0; i < _kind.Length; i++)
        {
            _kind[i] = roles.Values[i] switch
            {
                null => -1,
                "suspect" => 1,
                "victim" => 2,
                _ => 3,
            };
        }
        Roles = roles;
    }

    private TextField Roles { get; }

    // A PNC id follows an arrest: pairs sharing one are nearly all suspects, whatever the parts matches play in general.
    public override bool IndependentOfIdentifier => false;

    public override int Level(int a, int b)
    {
        var x = Roles.Ids[a];
        var y = Roles.Ids[b];
        if (x < 0 || y < 0) return 0;
        return x == y ? _kind[a] : 4;
    }
}

/// <summary>
/// A code describing the person as recorded (self-defined ethnicity, officer-observed ethnicity, nationality): the same
/// code, optionally the same broad group (W1 and W9 are both White), or different.
/// Agreement weighs the same whichever code is shared: there is deliberately no term-frequency adjustment. In real
/// records these codes go with the names (a Polish surname with a Polish nationality, a Pakistani surname with an
/// Asian ethnicity code), and the names' own rarity is already counted; weighting a rare code up would count it twice,
/// and would make people of minority ethnicities and nationalities likelier to be linked, and so drawn into offender
/// networks, on less evidence than anyone else. On the synthetic data, where codes and names are independent, the
/// adjustment would add about 0.002 to 0.004 F1.
/// These codes are also recorded inconsistently: self-defined ethnicity is asked again at each contact and answered (or
/// keyed) differently, an observed ethnicity is one officer's impression, a nationality may be a second or a former
/// citizenship. So each disagreement level keeps an m of at least <see cref="MinDisagreementM"/>, whatever the training
/// pairs show.
/// </summary>
internal sealed class DescriptorComparison : FieldComparison
{
    private readonly TextField _values;
    private readonly int[]? _group;

    /// <param name="field">The field's name.</param>
    /// <param name="values">The normalised codes.</param>
    /// <param name="minDisagreement">The least m of each disagreement level.</param>
    /// <param name="group">The broad group of a code (null: no group level).</param>
    public DescriptorComparison(string field, TextField values, double minDisagreement, Func<string, string>? group = null)
        : base(field, group is null ? ["same", "different"] : ["same", "same group", "different"])
    {
        _values = values;
        MinDisagreementM = minDisagreement;
        if (group is null) return;
        var groups = new Interner();
        _group = new int[values.Ids.Length];
        for (var i = 0; i < _group.Length; i++) _group[i] = values.Values[i] is { } v ? groups.Id(group(v)) : -1;
    }

    public override double MinDisagreementM { get; }

    public override int Level(int a, int b)
    {
        var x = _values.Ids[a];
        var y = _values.Ids[b];
        if (x < 0 || y < 0) return 0;
        if (x == y) return 1;
        if (_group is null) return 2;
        return _group[a] == _group[b] ? 2 : 3;
    }
}
