using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Synthesis;

public sealed partial class ExtractGenerator
{
    /// <summary>About one planted network per this many investigations of a force.</summary>
    private const int InvestigationsPerNetwork = 1_500;

    private sealed class NetworkPlan
    {
        public int Ordinal;
        public required string Id;
        public int HomeForce;
        public int SecondForce = -1;
        public DateOnly Start;
        public readonly List<RealPerson> Offenders = [];
        public readonly List<RealPerson> Victims = [];
        public int MaxVictims;
        public readonly List<NetworkEvent> Events = [];
        public readonly List<string> Vehicles = [];
        public int SharedPhone = -1;
        public readonly List<(string Address, string Postcode)> Premises = [];
        public bool Online;
    }

    /// <summary>
    /// One investigation of a network. A bridge is the last investigation in the network's home force or the first in its
    /// second force: both name the network's leader (its first offender) among two or more suspects, and both end in no
    /// further action. Each force closed its own part, and only the leader ties them: the case a national operation exists
    /// to find.
    /// </summary>
    private sealed record NetworkEvent(NetworkPlan Network, int Force, DateOnly Recorded, int Order, bool Bridge);

    private static readonly Weighted<SuspectRelationship?> NetworkRelationships = new(
        (SuspectRelationship.Acquaintance, 35), (SuspectRelationship.Unknown, 15), (SuspectRelationship.Stranger, 15),
        (SuspectRelationship.OnlineContact, 12), (SuspectRelationship.IntimatePartner, 15), (null, 8));

    private static readonly Weighted<string> NetworkOccupations = new(
        ("taxi driver", 4), ("private hire driver", 2), ("takeaway worker", 2), ("unemployed", 3), ("shop owner", 1), ("mechanic", 1),
        ("delivery driver", 2), ("security guard", 1), ("car wash worker", 1), ("self-employed", 2), ("bar staff", 1), ("youth worker", 0.5));

    private List<NetworkPlan> PlanNetworks(IReadOnlyList<(SyntheticForce Force, int Investigations)> plan, ForceState[] forces)
    {
        var networks = new List<NetworkPlan>();
        var days = _asOf.DayNumber - _start.DayNumber + 1;
        for (var f = 0; f < plan.Count; f++)
        {
            var n = plan[f].Investigations;
            var count = n < 40 ? 0 : Math.Max(1, (int)Math.Round(n / (double)InvestigationsPerNetwork));
            for (var k = 0; k < count; k++)
            {
                var net = new NetworkPlan { Ordinal = networks.Count, Id = "NET" + (networks.Count + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), HomeForce = f };
                networks.Add(net);
                // One network in four reaches into a neighbouring force (when there is one).
                if (forces.Length > 1 && net.Ordinal % 4 == 1)
                {
                    var second = (f + _random.Between(1, 3)) % forces.Length;
                    net.SecondForce = second == f ? (f + 1) % forces.Length : second;
                }
                net.Start = _start.AddDays(_random.Next(Math.Max(1, days - 400)));
                var end = Min(net.Start.AddDays(_random.Between(365, 6 * 365)), _asOf);
                net.Online = _random.Chance(0.25);
                net.MaxVictims = _random.Between(3, 10);

                var home = forces[f];
                var offenders = _random.Between(3, 7);
                for (var o = 0; o < offenders; o++)
                {
                    var p = NewPerson(home, _random.Chance(0.95) ? Sex.M : Sex.F, DobFor(o == 0 ? _random.Between(30, 55) : _random.Between(18, 40), net.Start));
                    p.Occupation = NetworkOccupations.Pick(_random);
                    if (_random.Chance(0.6)) p.Pnc = UniquePnc(Math.Max(net.Start.Year - _random.Next(10), p.Dob.Year + 16));
                    if (_random.Chance(0.25))
                    {
                        p.AliasForename = FictionalNames.Given(Sex.M, FictionalNames.PickGivenRow(Sex.M, _random))[0];
                        p.AliasSurname = FictionalNames.PickSurname(_random);
                    }
                    if (_random.Chance(0.55) && _phonePool.Count > 0) p.Phone = TakePhone();
                    if (_random.Chance(0.45)) p.Vehicle = FictionalMarks.Registration(net.Start.AddDays(-_random.Next(8 * 365)), _random);
                    if (net.Online || _random.Chance(0.2)) p.Username = FictionalMarks.Username(_random);
                    if (_random.Chance(0.15)) p.Email = FictionalMarks.Email(p.Forename, p.Surname, _random);
                    if (_random.Chance(0.03)) p.Death = DeathAfter(end);
                    net.Offenders.Add(p);
                    if (p.Vehicle is not null) net.Vehicles.Add(p.Vehicle);
                }
                if (net.Vehicles.Count == 0 || _random.Chance(0.3)) net.Vehicles.Add(FictionalMarks.Registration(net.Start.AddDays(-_random.Next(6 * 365)), _random));
                if (_random.Chance(0.6) && _phonePool.Count > 0) net.SharedPhone = TakePhone();
                for (var a = _random.Between(1, 2); a > 0; a--)
                {
                    var postcode = FictionalMarks.Postcode(home.Areas, _random);
                    net.Premises.Add((FictionalMarks.Address(postcode, _random), postcode));
                }

                var events = _random.Between(3, 8);
                var dates = Enumerable.Range(0, events).Select(_ => net.Start.AddDays(_random.Next(end.DayNumber - net.Start.DayNumber + 1))).ToList();
                dates.Sort();
                var inSecond = net.SecondForce >= 0 ? _random.Between(1, Math.Min(3, events - 2)) : 0;
                for (var e = 0; e < events; e++)
                {
                    // The later investigations move to the second force, as a network's reach grows.
                    var force = e >= events - inSecond ? net.SecondForce : f;
                    var bridge = inSecond > 0 && (e == events - inSecond - 1 || e == events - inSecond);
                    net.Events.Add(new NetworkEvent(net, force, dates[e], e, bridge));
                }
            }
        }
        return networks;
    }

    private void EmitNetworkEvent(ForceState fs, NetworkEvent e)
    {
        var net = e.Network;
        var recorded = e.Recorded;
        var offenceFrom = recorded.AddDays(-Math.Min(_random.Next(300), _random.Next(300)));
        DateOnly? offenceTo = _random.Chance(0.5) ? Min(offenceFrom.AddDays(_random.Between(14, 2 * 365)), recorded) : null;

        var victims = new List<RealPerson>();
        for (var v = _random.Chance(0.25) ? 2 : 1; v > 0; v--)
        {
            var young = net.Victims.Where(p => !victims.Contains(p) && p.AgeOn(offenceFrom) is >= 10 and <= 17).ToList();
            RealPerson victim;
            if (young.Count > 0 && (net.Victims.Count >= net.MaxVictims || _random.Chance(0.5))) victim = _random.Pick(young);
            else
            {
                victim = NewPerson(fs, _random.Chance(0.85) ? Sex.F : Sex.M, DobFor(_random.Between(12, 15), offenceFrom));
                net.Victims.Add(victim);
                _sink.NetworkMember(net.Id, victim.Id, NetworkRole.Victim);
            }
            victims.Add(victim);
        }

        // The group nature is missed when only one of the offenders is recorded as a suspect.
        var missed = _random.Chance(0.3) && !e.Bridge;
        var suspectCount = missed ? 1 : _random.Between(2, Math.Min(4, net.Offenders.Count));
        // Offenders not yet recorded anywhere come first, so most of a network reaches the records in its lifetime.
        var order = Enumerable.Range(0, net.Offenders.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        order = [.. order.OrderBy(i => net.Offenders[i].Nominals is null ? 0 : 1)];
        if (e.Bridge) order = [0, .. order.Where(i => i != 0)];
        var suspects = order.Take(suspectCount).Select(i => net.Offenders[i]).ToList();
        var unrecorded = order.Skip(suspectCount).Select(i => net.Offenders[i]).ToList();

        var victimAge = victims[0].AgeOn(offenceFrom);
        var codes = NetworkCodes(victimAge, victims[0].Sex, net.Online);
        var (outcome, outcomeDate) = Outcome(recorded, NetworkOutcomes);
        if (e.Bridge && OutcomeTypes.Find(outcome)?.CountsAsNfa != true) (outcome, outcomeDate) = ("16", Min(recorded.AddDays(90), _asOf));
        var investigationRef = NextInvestigationRef(fs, recorded);
        var premises = _random.Pick(net.Premises);
        _sink.Investigation(new Investigation
        {
            Force = fs.Code,
            InvestigationRef = investigationRef,
            RecordedDate = recorded,
            OffenceFrom = offenceFrom,
            OffenceTo = offenceTo,
            OffenceCodes = codes,
            OutcomeCode = outcome,
            OutcomeDate = outcomeDate,
            CpsDecision = Cps(outcome, suspectCount),
            CseFlag = _random.Chance(0.55),
            IndependentlyReviewed = outcome is not null && _random.Chance(0.08),
            Postcode = _random.Chance(0.5) ? premises.Postcode : _random.Chance(0.7) ? FictionalMarks.Postcode(fs.Areas, _random) : null,
            Summary = _random.Chance(0.8) ? NetworkSummary(victimAge, victims.Count, suspectCount, net.Online) : null,
        });
        _sink.NetworkInvestigation(net.Id, fs.Code, investigationRef, missed);
        _networkInvestigations++;
        if (missed) _missedGroups++;

        foreach (var victim in victims) Involve(fs, investigationRef, NominalOf(fs, victim, Part.Victim, offenceFrom), InvolvementRole.Victim);
        for (var s = 0; s < suspects.Count; s++)
        {
            var p = suspects[s];
            // Ground truth lists the members the records hold: an offender is announced when first recorded.
            if (p.Nominals is null) _sink.NetworkMember(net.Id, p.Id, NetworkRole.Offender);
            var personRef = NominalOf(fs, p, Part.Suspect, offenceFrom);
            var (disposal, arrested, interviewed) = Disposal(outcome, s);
            var relationship = net.Online && _random.Chance(0.5) ? SuspectRelationship.OnlineContact : NetworkRelationships.Pick(_random);
            Involve(fs, investigationRef, personRef, InvolvementRole.Suspect, relationship, disposal, arrested, interviewed);

            // A nominal carries each of its identifiers once (the importer keys them by nominal, kind and value).
            p.Identified ??= new HashSet<(string, IdentifierKind)>();
            if (p.Phone >= 0 && _random.Chance(0.4) && p.Identified.Add((personRef, IdentifierKind.Phone)))
                Identify(fs, IdentifierKind.Phone, FictionalMarks.Phone(p.Phone, _random), personRef, null, _random.Pick(["phone seized on arrest", "contact number given", "number on custody record"]));
            if (p.Vehicle is not null && _random.Chance(0.3) && p.Identified.Add((personRef, IdentifierKind.Vehicle)))
                Identify(fs, IdentifierKind.Vehicle, FictionalMarks.AsRecorded(p.Vehicle, _random), personRef, null, "vehicle stopped with suspect driving");
            if (p.Username is not null && _random.Chance(net.Online ? 0.5 : 0.15) && p.Identified.Add((personRef, IdentifierKind.Username)))
                Identify(fs, IdentifierKind.Username, p.Username, personRef, null, "social media account");
            if (p.Email is not null && _random.Chance(0.3) && p.Identified.Add((personRef, IdentifierKind.Email)))
                Identify(fs, IdentifierKind.Email, _random.Chance(0.2) ? p.Email.ToUpperInvariant() : p.Email, personRef, null, null);
        }

        // What links the investigations: things seen in the investigation, whoever was recorded as a suspect.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (net.SharedPhone >= 0 && _random.Chance(0.45))
        {
            seen.Add("phone" + net.SharedPhone);
            Identify(fs, IdentifierKind.Phone, FictionalMarks.Phone(net.SharedPhone, _random), null, investigationRef, "number saved in victim's phone");
        }
        if (_random.Chance(0.45))
        {
            var vehicle = _random.Pick(net.Vehicles);
            seen.Add(vehicle);
            Identify(fs, IdentifierKind.Vehicle, FictionalMarks.AsRecorded(vehicle, _random), null, investigationRef, "vehicle seen collecting victim");
        }
        if (_random.Chance(0.4))
            Identify(fs, IdentifierKind.Address, premises.Address, null, investigationRef, "address victim was taken to");
        // Where the group was missed, the others often still left a trace in the investigation.
        if (missed && unrecorded.Count > 0 && _random.Chance(0.7))
        {
            var other = _random.Pick(unrecorded);
            if (other.Phone >= 0 && _random.Chance(0.6) && seen.Add("phone" + other.Phone))
                Identify(fs, IdentifierKind.Phone, FictionalMarks.Phone(other.Phone, _random), null, investigationRef, "number that called the victim");
            else if (other.Vehicle is not null && seen.Add(other.Vehicle))
                Identify(fs, IdentifierKind.Vehicle, FictionalMarks.AsRecorded(other.Vehicle, _random), null, investigationRef, "second vehicle seen at address");
            else if (other.Username is not null)
                Identify(fs, IdentifierKind.Username, other.Username, null, investigationRef, "account that contacted the victim");
        }
    }

    /// <summary>The nominal a force records for a network member: often one it already has, sometimes a new, garbled one.</summary>
    private string NominalOf(ForceState fs, RealPerson p, Part part, DateOnly when)
    {
        p.Nominals ??= [];
        var here = p.Nominals.Where(n => n.Force == fs.Index).Select(n => n.Ref).ToList();
        if (here.Count > 0 && _random.Chance(0.55)) return _random.Pick(here);
        var distortions = p.Nominals.Count == 0 ? (_random.Chance(0.7) ? 0 : 1) : here.Count == 0 ? _random.Between(0, 2) : _random.Between(1, 3);
        var personRef = Record(fs, p, part, when, distortions);
        p.Nominals.Add((fs.Index, personRef));
        return personRef;
    }

    private string NetworkCodes(int victimAge, Sex victimSex, bool online)
    {
        var primary = online && victimAge < 18 && _random.Chance(0.25) ? "71/17"
            : victimAge is >= 13 and < 18 && _random.Chance(victimAge >= 16 ? 0.45 : 0.35) ? "71"
            : ContactCode(victimAge, victimSex);
        var codes = primary;
        if (_random.Chance(0.3) && primary != "88A") codes += ";88A";
        if (_random.Chance(0.1)) codes += ";72";
        return codes;
    }

    private string NetworkSummary(int victimAge, int victims, int suspects, bool online)
    {
        var how = online ? "contacted through social media and" : _random.Pick(["picked up in cars and", "given alcohol and", "taken to addresses and", "befriended and"]);
        var whom = victims > 1 ? $"{victims} victims aged around {victimAge}" : $"Victim aged {victimAge}";
        var by = suspects > 1 ? $"{suspects} males" : "a male, with others not identified";
        return $"{whom} {how} sexually exploited by {by}.";
    }
}
