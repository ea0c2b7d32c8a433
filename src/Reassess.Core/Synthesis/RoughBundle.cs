using System.Globalization;
using System.Text;

namespace Reassess.Synthesis;

/// <summary>
/// What a <see cref="RoughBundle"/> holds: how many forces, investigations and people, how often a suspect offends
/// again, and the hub identifiers (a taxi firm's phone, a hostel's address, a fleet car) and how many people or
/// investigations each is recorded with.
/// </summary>
/// <param name="Seed">Everything else random comes from it, so a shape is one bundle.</param>
/// <param name="Forces">1 to 5 forces.</param>
/// <param name="Investigations">Investigations over all forces.</param>
/// <param name="Offenders">People who can be suspects; fewer than investigations means suspects recur.</param>
/// <param name="Hubs">Identifiers recorded with <paramref name="HubPeople"/> people each.</param>
/// <param name="HubPeople">People each hub is recorded with.</param>
/// <param name="HubInvestigations">Investigations each hub is also seen in.</param>
/// <param name="ReuseInOtherForce">Chance that a suspect offending in another force gets a nominal there (same name and date of birth, maybe a PNC id).</param>
/// <param name="Duplicates">Chance that a nominal is recorded twice in its force, with a spelling variant.</param>
/// <param name="NoSuspect">Chance that an investigation has no suspect recorded.</param>
public sealed record RoughBundleShape(int Seed, int Forces, int Investigations, int Offenders, int Hubs, int HubPeople, int HubInvestigations,
    double ReuseInOtherForce = 0.5, double Duplicates = 0.05, double NoSuspect = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"new RoughBundleShape({Seed}, {Forces}, {Investigations}, {Offenders}, {Hubs}, {HubPeople}, {HubInvestigations}, {ReuseInOtherForce:R}, {Duplicates:R}, {NoSuspect:R})");
}

/// <summary>
/// A force-export-v1 bundle unlike the synthetic generator's output (<c>reassess synth --rough</c>), built row by row for
/// the linkage tests and for benchmarks that must not see only <see cref="ExtractGenerator"/>'s shapes: several
/// forces, hub identifiers shared by hundreds of people, suspects reused across investigations and forces, names from
/// many languages (fictional, with diacritics and particles), and every file's rows shuffled. Phones are in the
/// 07700 900000–900999 drama range, so ordinary people share numbers by chance too; postcodes and registrations are made up.
/// </summary>
public sealed class RoughBundle
{
    private static readonly string[] ForceCodes = ["MPS", "GMP", "WYP", "KNT", "NWP"];
    private static readonly string[] Surnames =
    [
        "WIŚNIEWCZAK", "Al-Qadiriyan", "Nguyễn-Thao", "Øberholt", "Dąbrowiecka", "Ó Fionnagáin", "Kowalczykiewicz", "Yılmazoğlu",
        "Papadakoulis", "Haddadine", "van der Brekel", "Okonkwodu", "Santiagués", "Czerwińskov", "Mbekelwa", "de la Fuentera",
        "Abdirahmanov", "Fernández-Ruiberto", "Šimunovićek", "Mac Giolla Rua", "Björklundh", "Taşkıranoğ", "Oyelaranmi", "Petrauskienė",
    ];
    private static readonly string[] MaleForenames =
        ["Łukasz", "Mehmet Ali", "Jürgen", "Joaquín", "Aleksandr", "Chukwuemeka", "Nikolaos", "Tadhg", "Mustafa", "Văn Minh", "Bjørn", "Dariusz"];
    private static readonly string[] FemaleForenames =
        ["Zeynep", "Thị Hoa", "Siobhán", "Ngozi", "Fatimah", "Agnieszka", "Ioanna", "Małgorzata", "Amira", "Dagný", "Lucía", "Rūta"];
    private static readonly string[] ChildCodes = ["19D", "20B", "21", "22B", "71"];
    private static readonly string[] OtherCodes = ["28A", "30C", "8N", "105A"];

    private readonly List<string[]> _investigations = [];
    private readonly List<string[]> _people = [];
    private readonly List<string[]> _involvements = [];
    private readonly List<string[]> _identifiers = [];
    private readonly HashSet<(string, string, string, string)> _roles = [];

    public RoughBundleShape Shape { get; }
    public int PeopleRows => _people.Count;
    public int InvestigationRows => _investigations.Count;

    private RoughBundle(RoughBundleShape shape) => Shape = shape;

    private sealed record Human(string Surname, string Forenames, string? DateOfBirth, string Sex, string? Pnc)
    {
        public Dictionary<string, string> NominalIn { get; } = new(StringComparer.Ordinal);
    }

    public static RoughBundle Build(RoughBundleShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var b = new RoughBundle(shape);
        var random = new Random(shape.Seed);
        var forces = ForceCodes.Take(Math.Clamp(shape.Forces, 1, ForceCodes.Length)).ToArray();
        var nextRef = 0;
        string NewPersonRef() => "N" + (++nextRef).ToString("D6", CultureInfo.InvariantCulture);

        Human NewHuman(bool child)
        {
            var male = random.Next(3) > 0;
            var forenames = (male ? MaleForenames : FemaleForenames)[random.Next(MaleForenames.Length)];
            var surname = Surnames[random.Next(Surnames.Length)];
            var year = child ? 2000 + random.Next(10) : 1950 + random.Next(50);
            var dob = random.Next(12) == 0 ? null : new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var pnc = !child && random.Next(3) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{random.Next(80, 100)}/{random.Next(1000000):D6}{(char)('A' + random.Next(26))}")
                : null;
            return new Human(surname, forenames, dob, male ? "M" : random.Next(20) == 0 ? "U" : "F", pnc);
        }

        string NominalOf(Human h, string force)
        {
            if (h.NominalIn.TryGetValue(force, out var existing)) return existing;
            var personRef = NewPersonRef();
            h.NominalIn[force] = personRef;
            b.AddPerson(force, personRef, h.Surname, h.Forenames, h.DateOfBirth, h.Sex, h.Pnc, random);
            if (random.NextDouble() < shape.Duplicates)
            {
                // The same person recorded again in the force: a typed variant of the name, no PNC id.
                var variant = h.Surname.Length > 4 ? h.Surname.Remove(random.Next(1, h.Surname.Length - 1), 1) : h.Surname + "E";
                b.AddPerson(force, NewPersonRef(), variant, h.Forenames, h.DateOfBirth, h.Sex, null, random);
            }
            return personRef;
        }

        var offenders = Enumerable.Range(0, Math.Max(1, shape.Offenders)).Select(_ => NewHuman(child: false)).ToList();
        var homeForce = offenders.Select(_ => forces[random.Next(forces.Length)]).ToList();
        var investigationKeys = new List<(string Force, string Ref)>();
        for (var i = 0; i < shape.Investigations; i++)
        {
            var force = forces[random.Next(forces.Length)];
            var invRef = string.Create(CultureInfo.InvariantCulture, $"{force}/{10 + random.Next(15)}/{i:D7}");
            investigationKeys.Add((force, invRef));
            var from = new DateOnly(2010 + random.Next(14), 1 + random.Next(12), 1 + random.Next(28));
            var child = random.Next(4) > 0;
            var codes = child ? ChildCodes[random.Next(ChildCodes.Length)] : OtherCodes[random.Next(OtherCodes.Length)];
            var closed = random.Next(5) > 0;
            b._investigations.Add([force, invRef, Date(from.AddDays(10)), Date(from), "", codes, closed ? "15" : "", closed ? Date(from.AddDays(200)) : "",
                "", random.Next(10) == 0 ? "true" : "false", "false", Postcode(random), ""]);

            // Suspects: mostly one, sometimes a group; drawn with replacement, so the busiest offend again and again,
            // often in their home force and sometimes elsewhere.
            var suspects = random.Next(10) switch { < 6 => 1, < 8 => 2, < 9 => 3, _ => 2 + random.Next(6) };
            if (shape.NoSuspect > 0 && random.NextDouble() < shape.NoSuspect) suspects = 0;
            for (var s = 0; s < suspects; s++)
            {
                var o = (int)(Math.Pow(random.NextDouble(), 2) * offenders.Count);
                var offender = offenders[o];
                if (force != homeForce[o] && !offender.NominalIn.ContainsKey(force) && random.NextDouble() >= shape.ReuseInOtherForce) offender = NewHuman(child: false);
                b.Involve(force, invRef, NominalOf(offender, force), "suspect", random);
            }
            for (var v = random.Next(3); v >= 0; v--) b.Involve(force, invRef, NominalOf(NewHuman(child: child), force), "victim", random);
            if (random.Next(4) == 0) b.Involve(force, invRef, NominalOf(NewHuman(child: false), force), "witness", random);
        }

        // Ordinary identifiers: a phone for most people (from 1,000 numbers, so some are shared by chance), a vehicle for some.
        var everyone = b._people.Select(p => (Force: p[0], Ref: p[1])).ToList();
        foreach (var (force, personRef) in everyone)
        {
            if (random.Next(3) > 0) b.AddIdentifier(force, "phone", Phone(random.Next(1000), random), personRef, "", "");
            if (random.Next(6) == 0) b.AddIdentifier(force, "vehicle", Registration(random), personRef, "", "");
            if (random.Next(8) == 0) b.AddIdentifier(force, "address", Postcode(random), personRef, "", "");
        }
        // Hubs: one value recorded with hundreds of unrelated people and seen in many investigations.
        string[] hubKinds = ["phone", "vehicle", "address", "email"];
        for (var h = 0; h < shape.Hubs; h++)
        {
            var kind = hubKinds[h % hubKinds.Length];
            var value = kind switch
            {
                "phone" => Phone(h % 1000, random),
                "vehicle" => string.Create(CultureInfo.InvariantCulture, $"ZZ{h % 100:D2} TAX"),
                "address" => string.Create(CultureInfo.InvariantCulture, $"Hostel, {h % 9 + 1} Quay Road, ZX{h % 9 + 1} 1HS"),
                _ => string.Create(CultureInfo.InvariantCulture, $"bookings{h}@taxi-firm.example"),
            };
            foreach (var k in Enumerable.Range(0, Math.Min(shape.HubPeople, everyone.Count)).Select(_ => random.Next(everyone.Count)))
                b.AddIdentifier(everyone[k].Force, kind, value, everyone[k].Ref, "", "hub");
            for (var k = 0; k < Math.Min(shape.HubInvestigations, investigationKeys.Count); k++)
            {
                var (force, invRef) = investigationKeys[random.Next(investigationKeys.Count)];
                b.AddIdentifier(force, kind, value, "", invRef, "seen at the scene");
            }
        }
        return b;
    }

    private void AddPerson(string force, string personRef, string surname, string forenames, string? dob, string sex, string? pnc, Random random) =>
        _people.Add([force, personRef, surname, random.Next(15) == 0 ? "" : forenames, dob ?? "", sex, "", "", random.Next(2) == 0 ? "POL" : "", "",
            pnc ?? "", "", random.Next(3) == 0 ? Postcode(random) : ""]);

    private void Involve(string force, string invRef, string personRef, string role, Random random)
    {
        if (!_roles.Add((force, invRef, personRef, role))) return;
        _involvements.Add([force, invRef, personRef, role, role == "suspect" ? "acquaintance" : "", role == "suspect" && random.Next(2) == 0 ? "nfa" : "", "", ""]);
    }

    private void AddIdentifier(string force, string kind, string value, string personRef, string invRef, string context) =>
        _identifiers.Add([force, kind, value, personRef, invRef, context]);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Phone(int n, Random random) =>
        random.Next(2) == 0 ? string.Create(CultureInfo.InvariantCulture, $"07700 900{n:D3}") : string.Create(CultureInfo.InvariantCulture, $"+447700900{n:D3}");

    private static string Postcode(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"ZX{1 + random.Next(9)} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");

    private static string Registration(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"ZY{random.Next(10, 99)} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");

    /// <summary>Writes the four files, each file's rows in an order shuffled by <paramref name="shuffleSeed"/>.</summary>
    public void WriteTo(string directory, int shuffleSeed)
    {
        var random = new Random(shuffleSeed);
        Write(directory, "investigations.csv",
            "force,investigation_id,recorded_date,offence_from,offence_to,offence_codes,outcome_code,outcome_date,cps_decision,cse_flag,independently_reviewed,postcode,summary",
            _investigations, random);
        Write(directory, "people.csv",
            "force,person_id,surname,forenames,date_of_birth,sex,self_defined_ethnicity,officer_observed_ethnicity,nationality,date_of_death,pnc_id,occupation,postcode",
            _people, random);
        Write(directory, "involvements.csv", "force,investigation_id,person_id,role,relationship,suspect_disposal,arrested,interviewed", _involvements, random);
        Write(directory, "identifiers.csv", "force,kind,value,person_id,investigation_id,context", _identifiers, random);
    }

    private static void Write(string directory, string file, string header, List<string[]> rows, Random random)
    {
        var order = rows.ToArray();
        random.Shuffle(order);
        var sb = new StringBuilder(header).Append('\n');
        foreach (var row in order) sb.AppendJoin(',', row.Select(Quote)).Append('\n');
        File.WriteAllText(Path.Combine(directory, file), sb.ToString(), new UTF8Encoding(false));
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
