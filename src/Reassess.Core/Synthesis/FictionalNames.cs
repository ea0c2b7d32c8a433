namespace Reassess.Synthesis;

/// <summary>
/// Built-in name lists for fictional people, and the ways a records system garbles a name: spelling variants
/// (Mohammed/Mohammad), nicknames (Jon/John, Bill/William) and typing errors. Any resemblance to a real person is
/// chance: names are combined at random with made-up dates of birth, postcodes and phones.
/// </summary>
public static class FictionalNames
{
    /// <summary>Male given names; a row lists one name's recorded variants, the first the usual spelling.</summary>
    internal static readonly string[][] Male =
    [
        ["Mohammed", "Mohammad", "Muhammad", "Mohamed"], ["John", "Jon", "Johnny", "Jonathan"], ["William", "Bill", "Will", "Billy"],
        ["Robert", "Rob", "Bob", "Robbie"], ["James", "Jim", "Jimmy", "Jamie"], ["Michael", "Mike", "Mick"], ["Daniel", "Dan", "Danny"],
        ["Thomas", "Tom", "Tommy"], ["Anthony", "Tony", "Antony"], ["Christopher", "Chris", "Kristopher"], ["Joseph", "Joe", "Joey"],
        ["Richard", "Rick", "Ricky"], ["Steven", "Stephen", "Steve"], ["Stuart", "Stewart"], ["Sean", "Shaun", "Shawn"],
        ["Abdul", "Abdel"], ["Ahmed", "Ahmad", "Ahmet"], ["Mark", "Marc"], ["Alexander", "Alex", "Aleksander"], ["Lee", "Leigh"],
        ["Craig"], ["Darren", "Daz"], ["Kieran", "Ciaran", "Kieron"], ["Aaron", "Aron"], ["Ryan", "Rian"], ["Jamal", "Jamaal"],
        ["Tariq", "Tarik"], ["Imran", "Imraan"], ["Kwame"], ["Emeka"], ["Tomasz", "Tomas"], ["Piotr"], ["Krzysztof", "Krystof"],
        ["Arben"], ["Valentin", "Valentine"], ["David", "Dave", "Davey"], ["Paul"], ["Andrew", "Andy", "Drew"], ["Gary", "Garry"],
        ["Wayne"], ["Dean"], ["Jason", "Jayson"], ["Liam"], ["Connor", "Conor"], ["Kyle"], ["Nathan", "Nate"], ["Adam"], ["Ben", "Benjamin"],
        ["Samuel", "Sam", "Sammy"], ["Matthew", "Matt", "Mathew"], ["Callum", "Calum"], ["Reece", "Rhys", "Reese"], ["Jordan"],
        ["Hassan", "Hasan"], ["Yusuf", "Yousef", "Youssef"], ["Omar", "Umar"], ["Bilal"], ["Zain", "Zayn"], ["Kofi"], ["Tunde"],
        ["Marcus", "Markus"], ["Tyrone"], ["Dwayne", "Duane"], ["Ravi"], ["Sanjay"], ["Arjun"], ["Gurpreet"], ["Wei"], ["Ivan"],
        ["Florin"], ["Besnik"], ["Dariusz"], ["Patrick", "Pat", "Paddy"], ["Declan"], ["Gareth"], ["Owen"], ["Rhodri"], ["Ewan", "Euan"],
    ];

    /// <summary>Female given names, with variants as for <see cref="Male"/>.</summary>
    internal static readonly string[][] Female =
    [
        ["Jessica", "Jess", "Jessie"], ["Rebecca", "Becky", "Rebekah"], ["Samantha", "Sam", "Sammy"], ["Katherine", "Kate", "Katie", "Catherine"],
        ["Elizabeth", "Liz", "Beth"], ["Charlotte", "Charlie", "Lottie"], ["Amy", "Aimee"], ["Chloe", "Cloe"], ["Leah", "Lea"],
        ["Zoe", "Zoey"], ["Aisha", "Ayesha", "Aysha"], ["Fatima", "Fatimah"], ["Sophie", "Sophia", "Sofia"], ["Megan", "Meghan", "Meg"],
        ["Chantelle", "Shantelle"], ["Jade"], ["Courtney", "Kourtney"], ["Kayleigh", "Kayley", "Kaylee"], ["Shannon"],
        ["Natasha", "Tasha"], ["Danielle", "Dani"], ["Bethany", "Beth"], ["Georgia"], ["Holly"], ["Paige"], ["Eleanor", "Ellie", "Elle"],
        ["Amira", "Ameera"], ["Precious"], ["Ruth"], ["Grace", "Gracie"], ["Maya", "Maia"], ["Olivia", "Liv"], ["Emily", "Emilie"],
        ["Lily", "Lilly"], ["Ava"], ["Isla"], ["Mia"], ["Ruby"], ["Poppy"], ["Evie", "Eve"], ["Freya"], ["Jasmine", "Yasmin", "Jasmin"],
        ["Nadia", "Nadya"], ["Zara", "Zahra"], ["Aaliyah", "Aliyah"], ["Tiana"], ["Shanice"], ["Kelsey"], ["Abigail", "Abbie", "Abby"],
        ["Lauren"], ["Stacey", "Stacy"], ["Kerry", "Keri"], ["Niamh"], ["Siobhan"], ["Ffion"], ["Caitlin", "Katelyn"], ["Agnieszka"],
        ["Roxana"], ["Priya"], ["Simran"], ["Mei"], ["Blessing"], ["Chidinma"], ["Sade", "Shade"], ["Halima", "Halimah"], ["Ellie-May", "Ellie May"],
    ];

    internal static readonly string[] Surnames =
    [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson",
        "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel",
        "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
        "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
        "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
        "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster",
        "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer",
        "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray",
        "Dixon", "Harvey", "Ahmed", "Rahman", "Iqbal", "Mahmood", "Akhtar", "Chaudhry", "Sharma", "Kaur", "Gill", "Mensah",
        "Okafor", "Adeyemi", "Osei", "Okoye", "Nwosu", "Kowalski", "Nowak", "Wisniewski", "Popescu", "Ionescu", "Hoxha", "Krasniqi",
        "Nguyen", "Chen", "Wang", "O'Brien", "O'Connor", "McDonald", "MacLeod", "Fraser", "Reid", "Doherty", "Byrne", "Gallagher",
        "Quinn", "Brennan", "Pritchard", "Bowen", "Rees", "Vaughan", "Hamilton", "Graham", "Fletcher", "Gordon", "Stone", "Hart",
        "Pearson", "Sutton", "Holland", "Burton", "Lawson", "Fox", "Walsh", "Francis", "Lowe", "Dawson", "Hayes", "Spencer",
    ];

    /// <summary>Placeholder surnames forces record when a suspect is not identified.</summary>
    internal static readonly string[] Placeholders = ["UNKNOWN", "UNKNOWN", "UNKNOWN", "NOT KNOWN", "UNK"];

    /// <summary>Words for fictional online usernames.</summary>
    internal static readonly string[] HandleWords =
    [
        "shadow", "fox", "king", "star", "night", "ghost", "lion", "wolf", "blaze", "smoke", "diamond", "rider", "ice", "storm",
        "prince", "boss", "vibe", "mad", "real", "lil", "big", "deep", "chill", "ace", "ninja", "dragon", "tiger", "snake",
    ];

    // ------------------------------------------------------------------ how often each name is given
    //
    // Real names are a few very common ones and a long tail. In Great Britain about one person in 80 is a Smith, but
    // the hundred or so commonest surnames cover only about a fifth of people, and roughly half of people have a
    // surname rarer than one in 10,000 (approximate figures from published surname frequency studies). Given names
    // are more concentrated: the commonest hundred cover well over half of the men and women of the ages in these
    // records. The lists above are that head. Drawing only from them, uniformly, made every full name shared by about
    // 100 people in the national extract (and the same name and date of birth common by chance), which real records
    // are not: name and date of birth are how the PNC is searched. So the head is drawn by rank (Zipf, weight
    // 1/(rank + offset): Smith about 1.1%, John about 4%), and the other people get made-up names from a long tail,
    // each rare. Duplicates are garbled exactly as before.

    /// <summary>Share of people whose surname is one of <see cref="Surnames"/>.</summary>
    internal const double HeadSurnameShare = 0.35;

    /// <summary>Share of people whose given name is one of the rows of <see cref="Male"/> or <see cref="Female"/>.</summary>
    internal const double HeadGivenShare = 0.65;

    private static readonly string[] SurnameOnsets =
    [
        "Ash", "Brad", "Carr", "Dun", "Elm", "Fair", "Gar", "Hal", "Ing", "Kel", "Lang", "Mar", "Nor", "Oak", "Pen", "Rad",
        "Sel", "Thorn", "Wal", "Wych", "Bel", "Cald", "Dar", "Fen", "Grim", "Hart", "Kirk", "Lid", "Mel", "Ren",
    ];

    private static readonly string[] SurnameMiddles = ["", "a", "e", "i", "o", "ing", "er", "en", "ow", "ley", "es", "am", "el", "ard", "is", "an", "ot", "un", "ry", "ick"];

    private static readonly string[] SurnameEndings =
    [
        "ton", "ford", "well", "by", "ham", "ley", "worth", "stone", "field", "wood", "land", "more", "dale", "brook", "combe",
        "croft", "gate", "hurst", "ridge", "shaw", "thwaite", "wick", "borough", "den", "cott", "holm", "mere", "stead",
        "thorpe", "way", "bury", "cliffe", "don", "ell", "er", "ett", "ick", "man", "son", "rick",
    ];

    private static readonly string[] GivenOnsets = ["Al", "Bre", "Cai", "Da", "El", "Fa", "Ga", "Ha", "Is", "Ja", "Ka", "Le", "Ma", "Na", "Or", "Pa", "Ra", "Sa", "Ta", "Va", "Ya", "Za", "Ko", "Mi", "Ro"];

    private static readonly string[] MaleEndings = ["den", "ric", "son", "ton", "vin", "mar", "ran", "lan", "rik", "ius", "an", "el", "io", "bert", "wyn", "dor", "kas", "tan", "zo", "ren"];

    private static readonly string[] FemaleEndings = ["na", "la", "ra", "lia", "nne", "belle", "ssa", "ya", "ette", "ine", "mi", "ka", "lyn", "rah", "nia", "elle", "ina", "ara", "isa", "ny"];

    /// <summary>The tail of rare surnames: made-up combinations of English place-name parts (about 24,000).</summary>
    internal static readonly string[] TailSurnames = Tail(Surnames, SurnameOnsets, SurnameMiddles, SurnameEndings);

    private static readonly string[][] AllMale = [.. Male, .. Tail(Male.Select(r => r[0]), GivenOnsets, [""], MaleEndings).Select(n => new[] { n })];

    private static readonly string[][] AllFemale = [.. Female, .. Tail(Female.Select(r => r[0]), GivenOnsets, [""], FemaleEndings).Select(n => new[] { n })];

    private static readonly Weighted<int> SurnameRank = Zipf(Surnames.Length, 10);
    private static readonly Weighted<int> MaleRank = Zipf(Male.Length, 5);
    private static readonly Weighted<int> FemaleRank = Zipf(Female.Length, 5);

    private static Weighted<int> Zipf(int count, double offset) => new([.. Enumerable.Range(0, count).Select(r => (r, 1 / (r + 1 + offset)))]);

    private static string[] Tail(IEnumerable<string> head, string[] onsets, string[] middles, string[] endings)
    {
        var taken = new HashSet<string>(head, StringComparer.OrdinalIgnoreCase);
        var tail = new List<string>();
        foreach (var o in onsets)
            foreach (var m in middles)
                foreach (var e in endings)
                {
                    var name = o + m + e;
                    if (taken.Add(name)) tail.Add(name);
                }
        return [.. tail];
    }

    /// <summary>A surname: one of the common ones by rank, or a rare one from the tail.</summary>
    internal static string PickSurname(SeededRandom random) =>
        random.NextDouble() < HeadSurnameShare ? Surnames[SurnameRank.Pick(random)] : TailSurnames[random.Next(TailSurnames.Length)];

    /// <summary>A row of given names (see <see cref="Given"/>): one of the common ones by rank, or a rare one.</summary>
    internal static int PickGivenRow(Records.Sex sex, SeededRandom random)
    {
        var female = sex == Records.Sex.F;
        var head = female ? Female.Length : Male.Length;
        return random.NextDouble() < HeadGivenShare
            ? (female ? FemaleRank : MaleRank).Pick(random)
            : head + random.Next((female ? AllFemale.Length : AllMale.Length) - head);
    }

    internal static string[] Given(Records.Sex sex, int row) => sex == Records.Sex.F ? AllFemale[row] : AllMale[row];

    internal static int GivenRows(Records.Sex sex) => sex == Records.Sex.F ? AllFemale.Length : AllMale.Length;

    /// <summary>A typing error a call handler or officer might make: adjacent letters swapped, one dropped or doubled.</summary>
    public static string Typo(string name, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(random);
        if (name.Length < 4) return name + name[^1];
        var i = random.Between(1, name.Length - 2);
        return random.Next(3) switch
        {
            0 when char.IsLetter(name[i]) && char.IsLetter(name[i + 1]) => string.Concat(name.AsSpan(0, i), name[i + 1].ToString(), name[i].ToString(), name.AsSpan(i + 2)),
            1 => name.Remove(i, 1),
            _ => name.Insert(i, name[i].ToString()),
        };
    }
}
