using System.Globalization;
using Reassess.Records;

namespace Reassess.Synthesis;

/// <summary>What a generation produced.</summary>
public sealed record SynthesisSummary(
    int Forces, long Investigations, long People, long Involvements, long Identifiers,
    int Networks, int CrossForceNetworks, int NetworkInvestigations, int MissedGroups)
{
    /// <summary>Rows of truth/leads.csv (0 when the extract went to a sink other than a bundle).</summary>
    public int Leads { get; init; }

    /// <summary>Identifiers planted in summaries (each may give an <c>unrecorded_identifier</c> lead).</summary>
    public int PlantedMentions { get; init; }
}

/// <summary>
/// Generates a synthetic, entirely fictional force extract with known ground truth: background investigations with the
/// distributions of closed child sexual offence cases (mostly one suspect; outcome types 15, 16 and 18 common; victims
/// mostly 12–17; suspects' self-defined ethnicity missing for about two-thirds), plus planted offender networks whose
/// members are recorded as real systems record people — several nominals each, with spelling variants, typing errors,
/// transposed dates of birth, missing fields and aliases — linked by shared vehicles, phones and addresses, some across
/// two forces, and some of whose investigations recorded only one suspect (the group was missed).
/// Streams: memory does not grow with the size of the extract. One seed gives one sequence of rows.
/// </summary>
public sealed partial class ExtractGenerator
{
    private readonly SynthesisOptions _options;
    private readonly SeededRandom _random;
    // Mentions of identifiers in summaries draw from their own sequence, so the rest of the extract is as before.
    private readonly SeededRandom _mentionRandom;
    private readonly (IdentifierKind Kind, string Raw)?[] _recentIdentifiers = new (IdentifierKind, string)?[256];
    private int _recentIdentifierNext;
    private readonly DateOnly _asOf;
    private readonly DateOnly _start;
    private IExtractSink _sink = null!;
    private long _realPeople, _investigations, _people, _involvements, _identifiers;
    private int _networkInvestigations, _missedGroups;
    private readonly List<int> _phonePool;
    private int _backgroundPhonesLeft;
    private long _backgroundLeft;

    public ExtractGenerator(SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = new SeededRandom(options.Seed);
        _mentionRandom = new SeededRandom(options.Seed ^ 0x1EAD5UL);
        _asOf = options.AsOf;
        _start = options.AsOf.AddYears(-options.Years).AddDays(1);
        // The 1,000 drama numbers are dealt without replacement, so two people share a number only when the plan says so.
        _phonePool = [.. Enumerable.Range(0, FictionalMarks.DramaNumbers)];
        for (var i = _phonePool.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (_phonePool[i], _phonePool[j]) = (_phonePool[j], _phonePool[i]);
        }
    }

    /// <summary>Generates the options' extract into <paramref name="directory"/> as a bundle with its truth folder.</summary>
    public static SynthesisSummary WriteBundle(SynthesisOptions options, string directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new BundleWriter(directory);
        // The truth of the leads reads access occupations as met-2025 does (both shipped profiles share the terms).
        var truth = new LeadsTruth(writer, options.AsOf, Screening.CriteriaProfileLoader.LoadShipped("met-2025").Priority.AccessOccupations);
        var summary = new ExtractGenerator(options).Generate(truth);
        return summary with { Leads = truth.Flush(), PlantedMentions = truth.Mentions };
    }

    /// <summary>Generates the extract into <paramref name="sink"/>. Call once per generator.</summary>
    public SynthesisSummary Generate(IExtractSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        var plan = _options.Plan();
        var forces = plan.Select((p, i) => new ForceState(i, p.Force, FictionalMarks.AreasOf(i))).ToArray();
        var networks = PlanNetworks(plan, forces);
        var days = _asOf.DayNumber - _start.DayNumber + 1;

        var networkEventCount = networks.Sum(n => n.Events.Count);
        _backgroundLeft = plan.Sum(p => (long)p.Investigations) - networkEventCount;
        // Phones left after the networks took theirs are spread thinly over the background.
        _backgroundPhonesLeft = _phonePool.Count;

        for (var f = 0; f < forces.Length; f++)
        {
            var fs = forces[f];
            var events = networks.SelectMany(n => n.Events).Where(e => e.Force == f)
                .OrderBy(e => e.Recorded).ThenBy(e => e.Network.Ordinal).ThenBy(e => e.Order).ToList();
            long background = Math.Max(0, plan[f].Investigations - events.Count);
            var next = 0;
            for (var d = 0; d < days; d++)
            {
                var date = _start.AddDays(d);
                while (next < events.Count && events[next].Recorded <= date) EmitNetworkEvent(fs, events[next++]);
                var today = background * (d + 1) / days - background * d / days;
                for (var k = 0; k < today; k++) EmitBackgroundCase(fs, date);
            }
            while (next < events.Count) EmitNetworkEvent(fs, events[next++]);
        }

        return new SynthesisSummary(forces.Length, _investigations, _people, _involvements, _identifiers,
            networks.Count, networks.Count(n => n.SecondForce >= 0), _networkInvestigations, _missedGroups);
    }

    // ---------------------------------------------------------------- people

    private sealed class RealPerson
    {
        public required string Id;
        public Sex Sex;
        public int GivenRow;
        public string? Middle;
        public required string Surname;
        public DateOnly Dob;
        public required string Ethnicity;
        public string? Nationality;
        public string? Occupation;
        public required string Postcode;
        public string? Pnc;
        public DateOnly? Death;
        public string? AliasForename, AliasSurname;
        public List<(int Force, string Ref)>? Nominals;
        public int Phone = -1;
        public string? Vehicle, Username, Email;
        public HashSet<(string, IdentifierKind)>? Identified;

        public string Forename => FictionalNames.Given(Sex, GivenRow)[0];
        public int AgeOn(DateOnly day) => Age(Dob, day);
    }

    private sealed class ForceState(int index, SyntheticForce force, (string, string) areas)
    {
        public readonly int Index = index;
        public readonly string Code = force.Code;
        public readonly (string, string) Areas = areas;
        public int Year = -1, Sequence;
        public long PersonCounter;
        // Recent background suspects, some of whom are suspected again later (bounded, so memory stays flat).
        public readonly (RealPerson Person, string Ref)?[] Recent = new (RealPerson, string)?[512];
        public int RecentNext;
    }

    internal static int Age(DateOnly dob, DateOnly on)
    {
        var age = on.Year - dob.Year;
        if (on.Month < dob.Month || (on.Month == dob.Month && on.Day < dob.Day)) age--;
        return age;
    }

    private static readonly Weighted<string> EthnicityMix = new(
        ("W1", 40), ("W9", 9), ("W2", 1.5), ("W3", 0.5), ("W4", 0.5), ("B2", 8), ("B1", 6), ("B9", 2), ("A1", 5), ("A2", 3.5),
        ("A3", 3), ("A4", 1), ("A9", 3), ("M1", 3), ("M2", 1), ("M3", 1.5), ("M9", 2.5), ("O2", 1), ("O9", 3));

    private static readonly Weighted<string?> NationalityMix = new(
        ("GBR", 80), (null, 9), ("POL", 1.5), ("ROU", 1.5), ("IRL", 1), ("IND", 1), ("PAK", 1), ("NGA", 1), ("ALB", 0.8),
        ("LTU", 0.7), ("SOM", 0.6), ("PRT", 0.6), ("ITA", 0.5), ("JAM", 0.5), ("BGD", 0.5));

    private static readonly string[] GeneralOccupations =
    [
        "taxi driver", "builder", "unemployed", "student", "chef", "retail assistant", "delivery driver", "security guard",
        "warehouse operative", "mechanic", "IT consultant", "accountant", "bus driver", "takeaway worker", "labourer", "teacher",
        "youth worker", "carer", "electrician", "plumber", "hairdresser", "barber", "shop owner", "care worker", "self-employed",
        "scaffolder", "cleaner", "private hire driver", "van driver", "nurse", "engineer", "painter and decorator", "bar staff",
    ];

    private static readonly string[] TrustOccupations =
    [
        "teacher", "youth worker", "carer", "sports coach", "teaching assistant", "foster carer", "children's home worker",
        "scout leader", "music tutor", "swimming instructor", "school caretaker", "care worker",
    ];

    private RealPerson NewPerson(ForceState fs, Sex sex, DateOnly dob)
    {
        var p = new RealPerson
        {
            Id = "R" + (++_realPeople).ToString("D9", CultureInfo.InvariantCulture),
            Sex = sex,
            GivenRow = FictionalNames.PickGivenRow(sex, _random),
            Surname = FictionalNames.PickSurname(_random),
            Dob = dob,
            Ethnicity = EthnicityMix.Pick(_random),
            Nationality = NationalityMix.Pick(_random),
            Postcode = FictionalMarks.Postcode(fs.Areas, _random),
        };
        if (_random.Chance(0.3)) p.Middle = FictionalNames.Given(sex, FictionalNames.PickGivenRow(sex, _random))[0];
        if (_random.Chance(0.04)) p.Surname = p.Surname + "-" + FictionalNames.PickSurname(_random);
        return p;
    }

    // PNC ids issued so far: the PNC never gives one id to two people, but a random serial repeats by chance (7 ids
    // shared by two people among 67,000 at scale 200,000, growing with the square of the count), and linkage then
    // rightly took the two for one person.
    private readonly HashSet<string> _pncIssued = new(StringComparer.Ordinal);

    private string UniquePnc(int year)
    {
        string pnc;
        do pnc = FictionalMarks.PncId(year, _random);
        while (!_pncIssued.Add(pnc));
        return pnc;
    }

    private DateOnly DobFor(int ageAtDate, DateOnly date) => date.AddYears(-ageAtDate).AddDays(-_random.Next(365));

    private static Sex VictimSexOf(SeededRandom r) => r.NextDouble() switch { < 0.80 => Sex.F, < 0.99 => Sex.M, _ => Sex.U };

    private static Sex SuspectSexOf(SeededRandom r) => r.NextDouble() switch { < 0.96 => Sex.M, < 0.99 => Sex.F, _ => Sex.U };

    private enum Part { Victim, Suspect, Witness, Other }

    /// <summary>Records <paramref name="p"/> as a new nominal, with <paramref name="distortions"/> recording errors.</summary>
    private string Record(ForceState fs, RealPerson p, Part part, DateOnly when, int distortions)
    {
        string? forename = FictionalNames.Given(p.Sex == Sex.U ? Sex.M : p.Sex, p.GivenRow)[0];
        var middle = p.Middle;
        var surname = p.Surname;
        DateOnly? dob = p.Dob;
        var postcode = _random.Chance(0.8) ? p.Postcode : null;
        var sex = _random.Chance(0.97) ? p.Sex : (Sex?)null;
        for (var i = 0; i < distortions; i++)
        {
            switch (_random.Next(8))
            {
                case 0:
                    var row = FictionalNames.Given(p.Sex == Sex.U ? Sex.M : p.Sex, p.GivenRow);
                    forename = row.Length > 1 ? row[_random.Between(1, row.Length - 1)] : FictionalNames.Typo(row[0], _random);
                    break;
                case 1: surname = FictionalNames.Typo(surname, _random); break;
                case 2:
                    var d = p.Dob;
                    dob = d.Day <= 12 && d.Day != d.Month ? new DateOnly(d.Year, d.Day, d.Month) : d.AddYears(_random.Chance(0.5) ? 1 : -1);
                    break;
                case 3: dob = null; break;
                case 4: forename = null; middle = null; break;
                case 5: middle = middle is null ? FictionalNames.Given(p.Sex == Sex.U ? Sex.M : p.Sex, FictionalNames.PickGivenRow(p.Sex, _random))[0] : null; break;
                case 6 when p.AliasSurname is not null: forename = p.AliasForename; surname = p.AliasSurname; middle = null; break;
                case 6: surname = FictionalNames.Typo(surname, _random); break;
                default: postcode = _random.Chance(0.5) ? FictionalMarks.Postcode(fs.Areas, _random) : null; break;
            }
        }
        // Dates of birth go unrecorded more often for suspects than for victims.
        if (dob is not null && _random.Chance(part switch { Part.Suspect => 0.08, Part.Victim => 0.03, _ => 0.15 })) dob = null;

        var adult = p.AgeOn(when) >= 18;
        var ethnicity = part switch
        {
            // The 2025 national audit found suspects' self-defined ethnicity unrecorded in about two-thirds of cases.
            Part.Suspect => _random.NextDouble() switch { < 0.64 => null, < 0.72 => SelfDefinedEthnicityNotStated, _ => p.Ethnicity },
            Part.Victim => _random.NextDouble() switch { < 0.45 => null, < 0.51 => SelfDefinedEthnicityNotStated, _ => p.Ethnicity },
            _ => _random.NextDouble() switch { < 0.5 => null, < 0.6 => SelfDefinedEthnicityNotStated, _ => p.Ethnicity },
        };
        var observed = _random.Chance(part switch { Part.Suspect => 0.7, Part.Victim => 0.35, _ => 0.2 }) ? Observed(p.Ethnicity) : null;

        var person = new Person
        {
            Force = fs.Code,
            PersonRef = NextPersonRef(fs),
            Surname = surname,
            Forenames = forename is null ? null : middle is null ? forename : forename + " " + middle,
            DateOfBirth = dob,
            Sex = sex,
            SelfDefinedEthnicity = ethnicity,
            OfficerObservedEthnicity = observed,
            Nationality = _random.Chance(0.85) ? p.Nationality : null,
            DateOfDeath = p.Death is { } death && _random.Chance(0.85) ? death : null,
            PncId = part == Part.Suspect && p.Pnc is not null && _random.Chance(0.75) ? p.Pnc : null,
            Occupation = adult && part != Part.Victim && _random.Chance(0.45) ? p.Occupation : !adult && _random.Chance(0.2) ? "school pupil" : null,
            Postcode = postcode,
        };
        _sink.Person(person, p.Id);
        _people++;
        return person.PersonRef;
    }

    private const string SelfDefinedEthnicityNotStated = "NS";

    private string Observed(string selfDefined) => selfDefined[0] switch
    {
        'W' => _random.Chance(0.8) ? "IC1" : "IC2",
        'B' => "IC3",
        'A' => selfDefined == "A4" ? "IC5" : "IC4",
        'O' => selfDefined == "O2" ? "IC6" : "IC9",
        _ => _random.Pick(["IC1", "IC3", "IC4", "IC9"]),
    };

    private string NextPersonRef(ForceState fs) =>
        "N" + (++fs.PersonCounter).ToString("D8", CultureInfo.InvariantCulture);

    private string NextInvestigationRef(ForceState fs, DateOnly recorded)
    {
        if (recorded.Year != fs.Year) { fs.Year = recorded.Year; fs.Sequence = 0; }
        _investigations++;
        return string.Create(CultureInfo.InvariantCulture, $"{++fs.Sequence:D7}/{recorded.Year % 100:D2}");
    }

    private void Involve(ForceState fs, string investigationRef, string personRef, InvolvementRole role,
        SuspectRelationship? relationship = null, SuspectDisposal? disposal = null, bool? arrested = null, bool? interviewed = null)
    {
        _sink.Involvement(new Involvement
        {
            Force = fs.Code,
            InvestigationRef = investigationRef,
            PersonRef = personRef,
            Role = role,
            Relationship = relationship,
            SuspectDisposal = disposal,
            Arrested = arrested,
            Interviewed = interviewed,
        });
        _involvements++;
    }

    private void Identify(ForceState fs, IdentifierKind kind, string value, string? personRef, string? investigationRef, string? context)
    {
        _sink.Identifier(new Identifier
        {
            Force = fs.Code,
            Kind = kind,
            RawValue = value,
            Value = value,
            PersonRef = personRef,
            InvestigationRef = investigationRef,
            Context = context,
        });
        _identifiers++;
        if (kind is IdentifierKind.Phone or IdentifierKind.Vehicle or IdentifierKind.Email)
        {
            _recentIdentifiers[_recentIdentifierNext] = (kind, value);
            _recentIdentifierNext = (_recentIdentifierNext + 1) % _recentIdentifiers.Length;
        }
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
