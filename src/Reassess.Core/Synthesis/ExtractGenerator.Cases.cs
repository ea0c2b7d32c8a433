using Reassess.Records;

namespace Reassess.Synthesis;

public sealed partial class ExtractGenerator
{
    /// <summary>Who the suspects were to the victim: drives relationships, ages, offence codes and typologies.</summary>
    private enum Scenario { Family, Household, Institutional, Online, Peer, Acquaintance, Stranger, IntimatePartner, Unknown }

    private static readonly Weighted<Scenario> Scenarios = new(
        (Scenario.Family, 27), (Scenario.Household, 7), (Scenario.Institutional, 7), (Scenario.Online, 12), (Scenario.Peer, 19),
        (Scenario.Acquaintance, 15), (Scenario.Stranger, 7), (Scenario.IntimatePartner, 3), (Scenario.Unknown, 3));

    // Most investigations record one suspect; a few record none (not identified); the group cases are a minority.
    private static readonly Weighted<int> SuspectCounts = new((0, 5), (1, 77.5), (2, 11.5), (3, 4), (4, 1.4), (5, 0.6));

    private static readonly Weighted<int> VictimCounts = new((1, 87), (2, 9), (3, 3), (4, 1));

    // Outcome types of closed sexual offence investigations with a named suspect (Home Office outcomes framework):
    // evidential difficulties (15, 16) dominate, about one in eight is charged.
    private static readonly Weighted<string> NamedSuspectOutcomes = new(
        ("16", 31), ("15", 17), ("14", 6), ("1", 12), ("1A", 1), ("21", 5), ("10", 3), ("9", 1), ("20", 6), ("2", 1.5), ("3", 1.5),
        ("8", 2), ("22", 1), ("5", 0.6), ("12", 0.4), ("13", 0.4), ("17", 0.3), ("4", 0.2), ("6", 0.1), ("18", 2));

    private static readonly Weighted<string> NoSuspectOutcomes = new(("18", 75), ("14", 25));

    private static readonly Weighted<string> NetworkOutcomes = new(
        ("16", 40), ("15", 18), ("14", 6), ("21", 6), ("10", 4), ("1", 14), ("20", 6), ("9", 2), ("17", 1), ("3", 1), ("12", 1), ("13", 1));

    private static readonly string[] NonSexualCodes = ["8N", "105A", "11A", "36", "8L", "105B"];

    private void EmitBackgroundCase(ForceState fs, DateOnly recorded)
    {
        var scenario = Scenarios.Pick(_random);
        var suspects = SuspectCounts.Pick(_random);
        // Peer abuse is more often by a group than abuse by an adult is.
        if (scenario == Scenario.Peer && suspects == 1 && _random.Chance(0.12)) suspects = _random.Between(2, 4);
        var victims = VictimCounts.Pick(_random);

        // Non-recent abuse: a victim reporting years later as an adult.
        var nonRecent = _random.Chance(0.15);
        var offenceFrom = nonRecent
            ? recorded.AddDays(-_random.Between(3 * 365, 30 * 365))
            : recorded.AddDays(-Math.Min(_random.Next(200), _random.Next(200)));
        DateOnly? offenceTo = _random.Chance(0.3) ? Min(offenceFrom.AddDays(_random.Between(7, 3 * 365)), recorded) : null;

        var victimAge = VictimAge(scenario);
        var victimSex = VictimSexOf(_random);
        var codes = Codes(scenario, victimAge, victimSex);
        var (outcome, outcomeDate) = Outcome(recorded, suspects == 0 ? NoSuspectOutcomes : NamedSuspectOutcomes);
        var placeholders = suspects > 0 && outcome is "14" && _random.Chance(0.7);

        var investigationRef = NextInvestigationRef(fs, recorded);
        var cse = scenario is Scenario.Acquaintance or Scenario.Stranger or Scenario.Unknown or Scenario.IntimatePartner
            && victimAge is >= 12 and < 18 && (codes.Contains("71", StringComparison.Ordinal) ? _random.Chance(0.7) : _random.Chance(0.06));
        var investigation = new Investigation
        {
            Force = fs.Code,
            InvestigationRef = investigationRef,
            RecordedDate = recorded,
            OffenceFrom = offenceFrom,
            OffenceTo = offenceTo,
            OffenceCodes = codes,
            OutcomeCode = outcome,
            OutcomeDate = outcomeDate,
            CseFlag = cse,
            IndependentlyReviewed = outcome is not null && _random.Chance(0.015),
            Postcode = _random.Chance(0.85) ? FictionalMarks.Postcode(fs.Areas, _random) : null,
            Summary = _random.Chance(0.8) ? Summary(scenario, victimAge, victimSex, suspects, codes) : null,
        };

        // People: victims first (as a report is taken), then suspects, then any witness.
        var victimRefs = new List<string>(victims);
        for (var v = 0; v < victims; v++)
        {
            var age = v == 0 ? victimAge : Math.Clamp(victimAge + _random.Between(-2, 2), 1, 25);
            var sex = v == 0 ? victimSex : VictimSexOf(_random);
            var person = NewPerson(fs, sex, DobFor(age, offenceFrom));
            victimRefs.Add(Record(fs, person, Part.Victim, recorded, 0));
        }

        var suspectRefs = new List<(string Ref, RealPerson Person)>(suspects);
        for (var s = 0; s < suspects; s++)
        {
            if (placeholders)
            {
                suspectRefs.Add((RecordPlaceholder(fs), null!));
                continue;
            }
            var repeat = RecentSuspect(fs, offenceFrom);
            if (repeat is { } r)
            {
                var nominal = _random.Chance(0.7) ? r.Ref : Record(fs, r.Person, Part.Suspect, recorded, _random.Between(1, 2));
                if (suspectRefs.Exists(x => x.Ref == nominal)) continue;
                suspectRefs.Add((nominal, r.Person));
                continue;
            }
            var p = NewPerson(fs, SuspectSexOf(_random), DobFor(SuspectAge(scenario, victimAge), offenceFrom));
            p.Occupation = scenario == Scenario.Institutional && _random.Chance(0.9) ? _random.Pick(TrustOccupations) : _random.Pick(GeneralOccupations);
            if (p.AgeOn(offenceFrom) >= 16 && _random.Chance(0.45)) p.Pnc = UniquePnc(Math.Max(offenceFrom.Year - _random.Next(8), p.Dob.Year + 16));
            if (_random.Chance(0.015) || (outcome == "5" && s == 0)) p.Death = DeathAfter(outcomeDate is { } od ? od.AddDays(-60) : offenceFrom);
            var personRef = Record(fs, p, Part.Suspect, recorded, 0);
            suspectRefs.Add((personRef, p));
            if (p.AgeOn(offenceFrom) >= 18 && p.Death is null)
            {
                fs.Recent[fs.RecentNext] = (p, personRef);
                fs.RecentNext = (fs.RecentNext + 1) % fs.Recent.Length;
            }
        }

        investigation.CpsDecision = Cps(outcome, suspects);
        var mentions = investigation.Summary is null ? [] : PlantMentions(investigation);
        _sink.Investigation(investigation);
        foreach (var (kind, value) in mentions) _sink.PlantedMention(fs.Code, investigationRef, kind, value);

        foreach (var v in victimRefs) Involve(fs, investigationRef, v, InvolvementRole.Victim);
        for (var s = 0; s < suspectRefs.Count; s++)
        {
            var relationship = placeholders ? (_random.Chance(0.5) ? SuspectRelationship.Stranger : SuspectRelationship.Unknown) : Relationship(scenario, s);
            var (disposal, arrested, interviewed) = placeholders ? (null, null, null) : Disposal(outcome, s);
            Involve(fs, investigationRef, suspectRefs[s].Ref, InvolvementRole.Suspect, _random.Chance(0.95) ? relationship : null, disposal, arrested, interviewed);
        }
        if (_random.Chance(0.2))
        {
            var witness = NewPerson(fs, _random.Chance(0.6) ? Sex.F : Sex.M, DobFor(_random.Between(25, 60), offenceFrom));
            Involve(fs, investigationRef, Record(fs, witness, Part.Witness, recorded, 0), InvolvementRole.Witness);
        }
        if (_random.Chance(0.03))
        {
            var other = NewPerson(fs, _random.Chance(0.7) ? Sex.F : Sex.M, DobFor(_random.Between(25, 60), offenceFrom));
            Involve(fs, investigationRef, Record(fs, other, Part.Other, recorded, 0), InvolvementRole.Other);
        }

        // Identifiers seen with background suspects: not shared with anyone (the drama range is dealt without replacement).
        foreach (var (suspectRef, person) in suspectRefs)
        {
            if (person is null) continue;
            if (person.AgeOn(offenceFrom) >= 18 && _random.Chance(0.05))
                Identify(fs, IdentifierKind.Vehicle, FictionalMarks.AsRecorded(FictionalMarks.Registration(offenceFrom.AddYears(-_random.Next(10)), _random), _random),
                    suspectRef, null, "vehicle registered to suspect");
            if (_random.Chance(0.03))
                Identify(fs, IdentifierKind.Email, FictionalMarks.Email(person.Forename, person.Surname, _random), suspectRef, null, null);
            if (scenario == Scenario.Online && _random.Chance(0.5))
                Identify(fs, IdentifierKind.Username, FictionalMarks.Username(_random), null, investigationRef, "account that contacted the victim");
            if (_random.Chance(0.02))
                Identify(fs, IdentifierKind.Address, FictionalMarks.Address(person.Postcode, _random), suspectRef, null, "home address");
            if (_backgroundPhonesLeft > 0 && _random.NextDouble() < (double)_backgroundPhonesLeft / Math.Max(1, _backgroundLeft) * 0.6)
                Identify(fs, IdentifierKind.Phone, FictionalMarks.Phone(TakePhone(), _random), suspectRef, null, "phone seized on arrest");
        }
        _backgroundLeft--;
    }

    private int TakePhone()
    {
        var phone = _phonePool[^1];
        _phonePool.RemoveAt(_phonePool.Count - 1);
        _backgroundPhonesLeft = _phonePool.Count;
        return phone;
    }

    private (RealPerson Person, string Ref)? RecentSuspect(ForceState fs, DateOnly offenceFrom)
    {
        if (!_random.Chance(0.02)) return null;
        var candidate = fs.Recent[_random.Next(fs.Recent.Length)];
        if (candidate is not { } c || c.Person.Death is not null || c.Person.AgeOn(offenceFrom) < 18) return null;
        return c;
    }

    private string RecordPlaceholder(ForceState fs)
    {
        // An unidentified suspect still gets a nominal of their own: a real person nobody has named.
        var p = new RealPerson
        {
            Id = "R" + (++_realPeople).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
            Sex = Sex.M,
            Surname = _random.Pick(FictionalNames.Placeholders),
            Ethnicity = EthnicityMix.Pick(_random),
            Postcode = "",
        };
        var person = new Person
        {
            Force = fs.Code,
            PersonRef = NextPersonRef(fs),
            Surname = p.Surname,
            Sex = _random.Chance(0.8) ? Sex.M : Sex.U,
            OfficerObservedEthnicity = _random.Chance(0.3) ? Observed(p.Ethnicity) : null,
        };
        _sink.Person(person, p.Id);
        _people++;
        return person.PersonRef;
    }

    private DateOnly DeathAfter(DateOnly from)
    {
        var span = Math.Max(1, _asOf.DayNumber - from.DayNumber);
        return from.AddDays(_random.Next(span));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private int VictimAge(Scenario scenario) => scenario switch
    {
        Scenario.Peer or Scenario.Online or Scenario.IntimatePartner => _random.NextDouble() switch
        {
            < 0.9 => _random.Between(12, 17),
            < 0.97 => _random.Between(9, 11),
            _ => _random.Between(18, 21),
        },
        Scenario.Family or Scenario.Household => _random.NextDouble() switch
        {
            < 0.5 => _random.Between(2, 11),
            < 0.95 => _random.Between(12, 17),
            _ => _random.Between(18, 25),
        },
        _ => _random.NextDouble() switch
        {
            < 0.22 => _random.Between(4, 11),
            < 0.9 => _random.Between(12, 17),
            _ => _random.Between(18, 30),
        },
    };

    private int SuspectAge(Scenario scenario, int victimAge) => scenario switch
    {
        Scenario.Family => _random.Chance(0.12) ? _random.Between(13, 17) : _random.Between(22, 70),
        Scenario.Household => _random.Between(20, 55),
        Scenario.Institutional => _random.Between(22, 65),
        Scenario.Online => _random.Chance(0.1) ? _random.Between(15, 17) : _random.Between(18, 55),
        Scenario.Peer => Math.Clamp(victimAge + _random.Between(-1, 2), 10, 17),
        Scenario.Acquaintance => _random.Between(16, 45),
        Scenario.Stranger => _random.Between(18, 65),
        Scenario.IntimatePartner => Math.Max(14, victimAge + _random.Between(1, 6)),
        _ => _random.Between(18, 50),
    };

    private SuspectRelationship Relationship(Scenario scenario, int index) => scenario switch
    {
        Scenario.Family => index > 0 && _random.Chance(0.3) ? SuspectRelationship.Household : SuspectRelationship.Family,
        Scenario.Household => index > 0 && _random.Chance(0.3) ? SuspectRelationship.Family : SuspectRelationship.Household,
        Scenario.Institutional => _random.Chance(0.6) ? SuspectRelationship.PositionOfTrust : SuspectRelationship.Carer,
        Scenario.Online => index > 0 && _random.Chance(0.3) ? SuspectRelationship.Acquaintance : SuspectRelationship.OnlineContact,
        Scenario.Peer => _random.Chance(0.85) ? SuspectRelationship.Peer : SuspectRelationship.Acquaintance,
        Scenario.Acquaintance => index > 0 && _random.Chance(0.3) ? SuspectRelationship.Stranger : SuspectRelationship.Acquaintance,
        Scenario.Stranger => SuspectRelationship.Stranger,
        Scenario.IntimatePartner => index > 0 ? SuspectRelationship.Acquaintance : SuspectRelationship.IntimatePartner,
        _ => SuspectRelationship.Unknown,
    };

    /// <summary>An outcome and its date, or none when the investigation is still open at the as-of date.</summary>
    private (string? Code, DateOnly? Date) Outcome(DateOnly recorded, Weighted<string> outcomes)
    {
        // Investigations take weeks to years; those not finished by the as-of date are open.
        var days = 7 + (int)(-Math.Log(1 - _random.NextDouble()) * 170);
        var decided = recorded.AddDays(days);
        if (decided > _asOf || _random.Chance(0.01)) return (null, null);
        return (outcomes.Pick(_random), decided);
    }

    private CpsDecision? Cps(string? outcome, int suspects)
    {
        if (outcome is null || suspects == 0) return null;
        return outcome switch
        {
            "1" or "1A" => CpsDecision.Charge,
            "9" => CpsDecision.NfaPublicInterest,
            "2" or "3" or "8" or "22" => _random.Chance(0.4) ? CpsDecision.OutOfCourt : null,
            "15" or "16" or "17" or "21" or "10" => _random.NextDouble() switch { < 0.3 => CpsDecision.NfaEvidential, < 0.5 => CpsDecision.NotReferred, _ => null },
            _ => _random.Chance(0.1) ? CpsDecision.NotReferred : null,
        };
    }

    private (SuspectDisposal?, bool?, bool?) Disposal(string? outcome, int index)
    {
        SuspectDisposal? disposal = outcome switch
        {
            null => _random.NextDouble() switch { < 0.4 => SuspectDisposal.ReleasedUnderInvestigation, < 0.8 => SuspectDisposal.NotArrested, _ => null },
            // In a charged group case the others are not always charged: some are NFA'd.
            "1" or "1A" => index == 0 ? SuspectDisposal.Charged : _random.NextDouble() switch { < 0.6 => SuspectDisposal.Charged, < 0.9 => SuspectDisposal.Nfa, _ => SuspectDisposal.ReleasedUnderInvestigation },
            "2" or "3" => index == 0 ? SuspectDisposal.Cautioned : _random.Chance(0.5) ? SuspectDisposal.Cautioned : SuspectDisposal.Nfa,
            "8" or "22" or "4" or "6" => SuspectDisposal.Other,
            "5" => index == 0 ? SuspectDisposal.Other : SuspectDisposal.Nfa,
            "20" => _random.Chance(0.5) ? SuspectDisposal.Other : null,
            _ => _random.NextDouble() switch { < 0.55 => SuspectDisposal.Nfa, < 0.8 => SuspectDisposal.NotArrested, < 0.85 => SuspectDisposal.ReleasedUnderInvestigation, _ => null },
        };
        bool? arrested = disposal switch
        {
            SuspectDisposal.Charged or SuspectDisposal.Cautioned or SuspectDisposal.ReleasedUnderInvestigation => true,
            SuspectDisposal.Nfa => _random.Chance(0.7),
            SuspectDisposal.NotArrested => false,
            _ => _random.Chance(0.5) ? null : _random.Chance(0.5),
        };
        bool? interviewed = arrested switch
        {
            true => _random.Chance(0.92),
            false => _random.Chance(0.3),
            null => null,
        };
        return (disposal, arrested, interviewed);
    }

    /// <summary>Home Office offence codes, primary first, for a victim of that age and sex.</summary>
    private string Codes(Scenario scenario, int victimAge, Sex victimSex)
    {
        string primary;
        var roll = _random.NextDouble();
        if (roll < 0.04) primary = _random.Pick(NonSexualCodes);
        else if (roll < 0.07) primary = _random.NextDouble() switch { < 0.6 => "88E", < 0.9 => "88C", _ => "70" };
        else primary = scenario switch
        {
            Scenario.Institutional when victimAge is >= 13 and < 18 && _random.Chance(0.35) => "73",
            Scenario.Family or Scenario.Household when _random.Chance(0.12) => "23",
            Scenario.Online when victimAge < 18 && _random.Chance(0.35) => "71/17",
            Scenario.Online when victimAge < 18 && _random.Chance(0.3) => "88A",
            Scenario.Acquaintance or Scenario.Stranger or Scenario.Unknown when victimAge is >= 12 and < 18 && _random.Chance(0.15) => "71",
            _ => ContactCode(victimAge, victimSex),
        };
        if (!_random.Chance(0.2)) return primary;
        var secondary = _random.NextDouble() switch
        {
            < 0.3 when victimAge < 18 => "88A",
            < 0.45 when victimAge < 18 => "71/17",
            < 0.6 => "8N",
            < 0.75 => "105A",
            _ => ContactCode(victimAge, victimSex),
        };
        return secondary == primary ? primary : primary + ";" + secondary;
    }

    private string ContactCode(int age, Sex sex)
    {
        var r = _random.NextDouble();
        if (sex == Sex.M)
        {
            return age switch
            {
                < 13 => r < 0.2 ? "19H" : r < 0.7 ? "17B" : "21",
                < 16 => r < 0.3 ? "19G" : r < 0.65 ? "17A" : "22B",
                < 18 => r < 0.3 ? "19F" : r < 0.8 ? "17A" : "22A",
                _ => r < 0.4 ? "19F" : "17A",
            };
        }
        return age switch
        {
            < 13 => r < 0.25 ? "19E" : r < 0.7 ? "20B" : "21",
            < 16 => r < 0.35 ? "19D" : r < 0.65 ? "20A" : "22B",
            < 18 => r < 0.35 ? "19C" : r < 0.8 ? "20A" : "22A",
            _ => r < 0.4 ? "19C" : r < 0.9 ? "20A" : "22A",
        };
    }

    private string Summary(Scenario scenario, int victimAge, Sex victimSex, int suspects, string codes)
    {
        var victim = $"{(victimSex == Sex.M ? "Male" : victimSex == Sex.F ? "Female" : "Child")} victim aged {victimAge}";
        var who = scenario switch
        {
            Scenario.Family => suspects > 1 ? "family members" : _random.Pick(["the father", "a stepfather", "an uncle", "a grandfather", "an older brother", "a cousin"]),
            Scenario.Household => suspects > 1 ? "adults living at the address" : _random.Pick(["the mother's partner", "a lodger", "a family friend staying at the address"]),
            Scenario.Institutional => _random.Pick(["a teacher at the school", "a youth worker", "a carer at the placement", "a sports coach", "a foster carer"]),
            Scenario.Online => suspects > 1 ? "males met through a social media app" : "a male met online",
            Scenario.Peer => suspects > 1 ? "a group of boys from school" : "a boy from school",
            Scenario.Acquaintance => suspects > 1 ? "males known to the victim" : "a male known to the victim",
            Scenario.Stranger => suspects > 1 ? "unknown males" : "an unknown male",
            Scenario.IntimatePartner => "an older boyfriend",
            _ => "persons not identified",
        };
        var act = codes.Split(';')[0] switch
        {
            "19C" or "19D" or "19E" or "19F" or "19G" or "19H" => "rape",
            "20A" or "20B" or "17A" or "17B" => "sexual assault",
            "71" => "sexual exploitation",
            "71/17" => "sexual communication",
            "88A" => "grooming",
            "73" => "sexual activity by a person in a position of trust",
            "23" => "familial sexual abuse",
            "88E" => "exposure",
            "8N" => "harassment with sexual content",
            "105A" or "105B" => "an assault",
            _ => "sexual activity",
        };
        return suspects == 0
            ? $"{victim} reported {act}. No suspect identified."
            : $"{victim} disclosed {act} by {who}.";
    }
}
