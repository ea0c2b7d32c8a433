using Reassess.Linkage.Networks;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Tests.Linkage;

/// <summary>
/// A hand-built case. MPS/INV-1 (child sexual offence, one suspect MPS:P1) looks closed and alone; but MPS:P1 has the
/// same PNC id as GMP:P77, who was a co-suspect with GMP:P80 in GMP/INV-9 (rape of a child). GMP:P80 shares a phone
/// with GMP:P81, the only suspect of GMP/INV-10, and offended with GMP:P82 in GMP/INV-11 (a group: three suspects,
/// three investigations). MPS/INV-2 (a burglary) has one unconnected suspect. GMP:P90 and
/// MPS:P5 are near-identical records the test matcher scores.
/// </summary>
internal static class LinkageWorld
{
    public static async Task SeedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        long personId = 0, invId = 0, involvementId = 0, identifierId = 0;
        var people = new Dictionary<string, Person>();
        var investigations = new Dictionary<string, Investigation>();

        void PersonOf(string force, string personRef, string forenames, string surname, string? dob, string? pnc = null, Sex sex = Sex.M)
        {
            var p = new Person
            {
                Id = ++personId,
                Force = force,
                PersonRef = personRef,
                Forenames = forenames,
                Surname = surname,
                DateOfBirth = dob is null ? null : DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture),
                PncId = pnc,
                Sex = sex,
                FirstBatchId = 1,
                LastBatchId = 1,
            };
            people[$"{force}:{personRef}"] = p;
            db.Add(p);
        }
        void InvestigationOf(string force, string invRef, string codes)
        {
            var i = new Investigation
            {
                Id = ++invId,
                Force = force,
                InvestigationRef = invRef,
                OffenceCodes = codes,
                RecordedDate = new DateOnly(2015, 1, 10),
                OffenceFrom = new DateOnly(2014, 12, 1),
                OutcomeCode = "15",
                OutcomeDate = new DateOnly(2015, 6, 1),
                FirstBatchId = 1,
                LastBatchId = 1,
            };
            investigations[$"{force}/{invRef}"] = i;
            db.Add(i);
        }
        void Involve(string inv, string person, InvolvementRole role)
        {
            var i = investigations[inv];
            var p = people[person];
            db.Add(new Involvement
            {
                Id = ++involvementId,
                Force = i.Force,
                InvestigationId = i.Id,
                PersonId = p.Id,
                InvestigationRef = i.InvestigationRef,
                PersonRef = p.PersonRef,
                Role = role,
                FirstBatchId = 1,
                LastBatchId = 1,
            });
        }
        void PhoneOf(string person, string phone)
        {
            var p = people[person];
            db.Add(new Identifier
            {
                Id = ++identifierId,
                Force = p.Force,
                Kind = IdentifierKind.Phone,
                RawValue = phone,
                Value = phone,
                PersonId = p.Id,
                PersonRef = p.PersonRef,
                FirstBatchId = 1,
                LastBatchId = 1,
            });
        }

        PersonOf("MPS", "P1", "Mark", "Jones", "1980-03-04", "05/123456K");
        PersonOf("MPS", "V1", "Amy", "Fenn", "2003-01-01", sex: Sex.F);
        PersonOf("MPS", "P2", "Luke", "Barr", "1975-07-07");
        PersonOf("MPS", "P5", "Tom", "Ridley", "1990-02-02");
        PersonOf("GMP", "P77", "Mark", "Jones", null, "05/123456k");
        PersonOf("GMP", "P80", "Dan", "Wells", "1979-05-05");
        PersonOf("GMP", "P81", "Sam", "Oak", "1985-09-09");
        PersonOf("GMP", "V9", "Bea", "Lowe", "2002-02-02", sex: Sex.F);
        PersonOf("GMP", "V10", "Cara", "Mott", "2004-04-04", sex: Sex.F);
        PersonOf("GMP", "P82", "Ian", "Birch", "1977-11-11");
        PersonOf("GMP", "V11", "Dee", "Hart", "2005-05-05", sex: Sex.F);
        PersonOf("GMP", "P90", "Thomas", "Ridley", "1990-02-02");
        PersonOf("GMP", "P91", "Tom", "Ridley", "1991-02-02");

        InvestigationOf("MPS", "INV-1", "21");
        InvestigationOf("MPS", "INV-2", "28A");
        InvestigationOf("GMP", "INV-9", "19D");
        InvestigationOf("GMP", "INV-10", "22B");
        InvestigationOf("GMP", "INV-11", "19G");
        Involve("MPS/INV-1", "MPS:P1", InvolvementRole.Suspect);
        Involve("MPS/INV-1", "MPS:V1", InvolvementRole.Victim);
        Involve("MPS/INV-2", "MPS:P2", InvolvementRole.Suspect);
        Involve("GMP/INV-9", "GMP:P77", InvolvementRole.Suspect);
        Involve("GMP/INV-9", "GMP:P80", InvolvementRole.Suspect);
        Involve("GMP/INV-9", "GMP:V9", InvolvementRole.Victim);
        Involve("GMP/INV-10", "GMP:P81", InvolvementRole.Suspect);
        Involve("GMP/INV-10", "GMP:V10", InvolvementRole.Victim);
        Involve("GMP/INV-11", "GMP:P80", InvolvementRole.Suspect);
        Involve("GMP/INV-11", "GMP:P82", InvolvementRole.Suspect);
        Involve("GMP/INV-11", "GMP:V11", InvolvementRole.Victim);
        PhoneOf("GMP:P80", "+447700900111");
        PhoneOf("GMP:P81", "+447700900111");
        await db.SaveChangesAsync();
    }

    /// <summary>Screening's child sexual offence rule, as <c>reassess link</c> uses it.</summary>
    public static Func<LinkageInput, Func<int, bool>> ChildSexualOffenceRule { get; } =
        input => NetworkInvestigationFacts.ChildSexualOffence(input, Reassess.Screening.ChildSexualOffence.Holds);
}

/// <summary>A matcher that scores fixed pairs of natural keys, so linkage over the database is tested apart from the model.</summary>
internal sealed class FixedMatcher(params (string A, string B, double Probability)[] pairs) : IPersonMatcher
{
    public int Calls { get; private set; }
    public Exception? FailWith { get; set; }
    public double AutoThreshold => 0.9;

    /// <summary>The cut the matcher says it chose (as the engine does), instead of <see cref="AutoThreshold"/>.</summary>
    public double? ChosenCut { get; init; }

    /// <summary>Nominals (natural keys) the matcher's clustering split off into a cluster of their own, apart from the rest.</summary>
    public IReadOnlyList<string>? SplitOff { get; init; }

    public MatcherResult Match(LinkageInput input, IReadOnlyCollection<DecidedPair> decisions, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Calls++;
        if (FailWith is { } e) throw e;
        var index = Enumerable.Range(0, input.People.Count).ToDictionary(i => input.People[i].Key);
        var matches = pairs.Select(p => new ScoredMatch(index[p.A], index[p.B], Math.Log2(p.Probability / (1 - p.Probability)), p.Probability,
            "[{\"field\":\"surname\",\"level\":\"exact\",\"weight\":5.1}]")).ToList();
        var clusters = SplitOff is null ? null : input.People.Select(p => SplitOff.Contains(p.Key) ? 1 : 0).ToList();
        return new MatcherResult(matches, input.People.Count * (input.People.Count - 1L) / 2, ChosenCut, clusters);
    }
}
