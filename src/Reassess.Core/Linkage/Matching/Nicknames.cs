namespace Reassess.Linkage.Matching;

/// <summary>
/// Built-in table of English forename equivalents: diminutives (Bob, Robert), short forms (Jon, John) and common
/// transliteration variants (Mohammed, Muhammad). A name may belong to several groups (Jon: John and Jonathan); two forenames
/// sharing a group reach the <c>alias</c> comparison level.
/// </summary>
public static class Nicknames
{
    private static readonly string[] Groups =
    [
        "robert bob bobby rob robbie robby bert rab",
        "william bill billy will willie willy liam wil",
        "john jon johnny jonny jack jock ian",
        "jonathan jon jonny nathan",
        "james jim jimmy jamie jem",
        "richard rich richie dick dicky rick ricky",
        "michael mike mick micky mickey mikey mich",
        "christopher chris kit topher",
        "christine chris chrissie christina kristina kristine tina",
        "thomas tom tommy thom",
        "anthony tony anton antony",
        "joseph joe joey jo",
        "josephine jo josie",
        "daniel dan danny",
        "david dave davy davie",
        "edward ed eddie ted teddy ned",
        "charles charlie chas chuck carl",
        "charlotte charlie lottie lotte",
        "henry harry hal hank",
        "harold harry hal",
        "andrew andy drew",
        "alexander alex alec sandy xander alexandr aleksander",
        "alexandra alex sandra lexi",
        "benjamin ben benny benji",
        "samuel sam sammy",
        "samantha sam sammie",
        "matthew matt matty mathew",
        "nicholas nick nicky nico nicolas nikolas",
        "patrick pat paddy",
        "patricia pat patty trish tricia",
        "peter pete",
        "stephen steve stevie steven stefan",
        "timothy tim timmy",
        "kenneth ken kenny",
        "leonard len lenny leo",
        "lawrence laurence larry laurie",
        "gregory greg",
        "jeffrey jeff geoffrey geoff",
        "frederick fred freddie freddy",
        "francis frank frankie",
        "gerald gerry jerry",
        "raymond ray",
        "ronald ron ronnie",
        "donald don donnie",
        "douglas doug",
        "philip phil phillip",
        "zachary zach zack",
        "nathaniel nathan nat nate",
        "oliver ollie olly",
        "joshua josh",
        "jacob jake",
        "callum calum",
        "connor conor",
        "elizabeth liz lizzie beth betty bette eliza libby elsie lisa",
        "margaret maggie meg peggy margo marge",
        "katherine kate katie kath kathy catherine kathryn cathy kay kat",
        "jennifer jen jenny",
        "rebecca becky becca",
        "deborah debbie deb debra",
        "susan sue susie suzanne",
        "victoria vicky vicki tori",
        "jessica jess jessie",
        "abigail abbie abby",
        "amanda mandy",
        "barbara barb babs",
        "dorothy dot dotty",
        "eleanor ellie nora elinor",
        "helen helena nell",
        "isabel isabelle isabella izzy bella",
        "jacqueline jackie",
        "judith judy",
        "louise lou louisa",
        "mary molly polly mae",
        "natalie nat natasha tasha",
        "rosemary rose rosie",
        "sarah sara sally",
        "teresa theresa tess tessa terri",
        "valerie val",
        "wendy gwendolyn",
        "mohammed mohammad muhammad mohamed muhammed mohamad mohd mahomed mehmet",
        "ahmed ahmad ahmet",
        "hussain hussein husain",
        "abdul abdel abdoul",
        "yusuf yousef youssef joseph",
        "ibrahim ebrahim",
        "mustafa mustapha",
        "aleksandr alexander",
        "sean shaun shawn",
        "stuart stewart",
        "neil neal niall",
        "mark marc marcus",
        "philippa pippa",
        "kieran kieron ciaran",
        "aaron aron",
        "shane shayne",
        "lee leigh",
    ];

    private static readonly Dictionary<string, int[]> GroupsOf = Build();

    private static Dictionary<string, int[]> Build()
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < Groups.Length; g++)
        {
            foreach (var name in Groups[g].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!map.TryGetValue(name, out var list)) map[name] = list = [];
                list.Add(g);
            }
        }
        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The groups a normalised (lower-case) forename belongs to (empty when none).</summary>
    public static int[] GroupsOfName(string name) => GroupsOf.TryGetValue(name, out var g) ? g : [];

    /// <summary>Whether two normalised forenames are known equivalents (share a group).</summary>
    public static bool AreEquivalent(string a, string b) => Share(GroupsOfName(a), GroupsOfName(b));

    internal static bool Share(int[] a, int[] b)
    {
        foreach (var x in a)
            foreach (var y in b)
                if (x == y) return true;
        return false;
    }
}
