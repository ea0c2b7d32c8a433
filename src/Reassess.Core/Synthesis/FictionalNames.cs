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

    internal static string[] Given(Records.Sex sex, int row) => sex == Records.Sex.F ? Female[row] : Male[row];

    internal static int GivenRows(Records.Sex sex) => sex == Records.Sex.F ? Female.Length : Male.Length;

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
