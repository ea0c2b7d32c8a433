using System.Globalization;
using System.Text;
using Reassess.Linkage.Matching;
using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// The Fellegi–Sunter engine (<see cref="LinkageEngine"/>) over the stored nominals: names, date of birth, sex,
/// postcode, occupation, PNC id, self-defined and officer-observed ethnicity and nationality from people.csv, plus the
/// first phone, email and address recorded with each nominal in identifiers.csv (people carry no such columns;
/// identifiers do), and the part each plays in its investigations (<see cref="RolesOf"/>).
/// </summary>
/// <c>reassess link</c> runs it as <c>reassess dedupe</c> does (<see cref="EngineMatcher(int)"/>): the cut chosen from the
/// fitted model and clusters split where their members contradict one another, so the two commands are one matcher.
public sealed class EngineMatcher(LinkageOptions? options = null) : IPersonMatcher
{
    private readonly LinkageOptions _options = options ?? Dedupe.Options(1);

    /// <summary>
    /// The matcher of <c>reassess link</c> and <c>reassess dedupe</c> (<see cref="Dedupe.Options"/>): the match probability
    /// chosen from the fitted model (<see cref="Threshold"/>) and contradicting clusters split (<see cref="ClusterConsistency"/>).
    /// </summary>
    public EngineMatcher(int seed) : this(Dedupe.Options(seed)) { }

    public double AutoThreshold => _options.MatchProbability;

    /// <summary>Whether the investigations nominals were recorded in count as evidence (see <see cref="Context"/>).</summary>
    public bool Relational { get; init; } = true;

    /// <summary>
    /// What each nominal is seen with, given who the names and dates resolved it to: its investigations, the other
    /// people recorded in them (co-suspects, victims, witnesses, as resolved people), and the identifiers recorded
    /// against those investigations (a vehicle seen collecting a victim, a number saved in a victim's phone, an
    /// address). Only what the records hold: no identifier is invented, nothing comes from outside the extract.
    /// </summary>
    public static RelationalContext Context(LinkageInput input, int[] clusters)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clusters);
        var people = input.People;
        // (investigation, nominal) entries sorted, so each investigation's members are read together.
        var entries = new List<long>(input.Involvements.Count);
        foreach (var inv in input.Involvements)
        {
            if (!input.PersonIndex.TryGetValue(inv.PersonId, out var p) || !input.InvestigationIndex.TryGetValue(inv.InvestigationId, out var i)) continue;
            entries.Add((long)i << 32 | (uint)p);
        }
        entries.Sort();
        var links = new Dictionary<int, List<int>>();
        var interned = new Dictionary<(IdentifierKind, string), int>();
        foreach (var id in input.Identifiers)
        {
            if (id.InvestigationId is not { } invId || !input.InvestigationIndex.TryGetValue(invId, out var i)) continue;
            if (!interned.TryGetValue((id.Kind, id.Value), out var token)) interned[(id.Kind, id.Value)] = token = interned.Count;
            if (!links.TryGetValue(i, out var list)) links[i] = list = [];
            list.Add(token);
        }
        var names = new (IdentifierKind Kind, string Value)[interned.Count];
        foreach (var (key, token) in interned) names[token] = key;
        // An associate is named by the first of its nominals, in the order nominals are read.
        var firstOf = new int[people.Count];
        Array.Fill(firstOf, -1);
        for (var p = people.Count - 1; p >= 0; p--) firstOf[clusters[p]] = p;
        var context = new RelationalContext(people.Count,
            associate => firstOf[associate] is var p and >= 0 ? people[p].Force + " " + people[p].PersonRef : "associate " + associate,
            link => Token.Of(names[link].Kind) + " " + names[link].Value);
        var members = new List<int>();
        for (var s = 0; s < entries.Count;)
        {
            var i = (int)(entries[s] >> 32);
            members.Clear();
            var e = s;
            for (; e < entries.Count && (int)(entries[e] >> 32) == i; e++)
                if (members.Count == 0 || members[^1] != (int)entries[e]) members.Add((int)entries[e]);
            s = e;
            links.TryGetValue(i, out var seen);
            foreach (var p in members)
            {
                context.AddGroup(p, i);
                foreach (var q in members)
                    if (clusters[q] != clusters[p]) context.AddAssociate(p, clusters[q]);
                if (seen is null) continue;
                foreach (var token in seen) context.AddLink(p, token);
            }
        }
        return context;
    }

    public MatcherResult Match(LinkageInput input, IReadOnlyCollection<DecidedPair> decisions, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decisions);
        var records = Records(input);
        var result = new LinkageEngine().Run(records, _options, [.. decisions.Select(d => new PairDecision(d.Left, d.Right, d.SamePerson))], progress, cancellationToken,
            Relational ? clusters => Context(input, clusters) : null);
        var matches = new List<ScoredMatch>(result.Pairs.Count);
        foreach (var pair in result.Pairs)
            matches.Add(new ScoredMatch(pair.Left, pair.Right, pair.Weight, pair.Probability, ContributionsJson(pair.Contributions)));
        return new MatcherResult(matches, result.Comparisons, double.IsNaN(result.MatchProbability) ? null : result.MatchProbability,
            _options.SplitContradictions ? result.ClusterOf : null)
        { Model = result.Fitted };
    }

    /// <summary>The nominals as the engine reads them (one <see cref="PersonRecord"/> each, in the order of <see cref="LinkageInput.People"/>).</summary>
    internal static PersonRecord[] Records(LinkageInput input)
    {
        var n = input.People.Count;
        var phone = new string?[n];
        var email = new string?[n];
        var address = new string?[n];
        foreach (var id in input.Identifiers)
        {
            if (id.PersonId is not { } pid || !input.PersonIndex.TryGetValue(pid, out var p)) continue;
            switch (id.Kind)
            {
                case IdentifierKind.Phone: phone[p] ??= id.Value; break;
                case IdentifierKind.Email: email[p] ??= id.Value; break;
                case IdentifierKind.Address: address[p] ??= id.Value; break;
                default: break;
            }
        }
        var role = RolesOf(input);
        var records = new PersonRecord[n];
        for (var i = 0; i < n; i++)
        {
            var p = input.People[i];
            records[i] = new PersonRecord(p.Id.ToString(CultureInfo.InvariantCulture), p.Forenames, p.Surname, p.DateOfBirth,
                p.Sex is null or Sex.U ? null : Token.Of(p.Sex.Value), p.Postcode, address[i], null, phone[i], email[i], null, p.Occupation, p.PncId,
                Role: role[i] is { } r ? Token.Of(r) : null, Ethnicity: p.SelfDefinedEthnicity, ObservedEthnicity: p.OfficerObservedEthnicity, Nationality: p.Nationality, Force: p.Force);
        }
        return records;
    }

    /// <summary>The options this matcher runs the engine with (an incremental link scores with the same ones).</summary>
    internal LinkageOptions Options => _options;

    /// <summary>The part each nominal plays (compared as the "role" field): suspect if it is a suspect in any of its
    /// investigations, else victim, else witness, else other; null when it has no involvement.</summary>
    internal static InvolvementRole?[] RolesOf(LinkageInput input)
    {
        var role = new InvolvementRole?[input.People.Count];
        foreach (var inv in input.Involvements)
        {
            if (!input.PersonIndex.TryGetValue(inv.PersonId, out var p)) continue;
            if (role[p] is not { } seen || Rank(inv.Role) < Rank(seen)) role[p] = inv.Role;
        }
        return role;
    }

    private static int Rank(InvolvementRole role) => role switch
    {
        InvolvementRole.Suspect => 0,
        InvolvementRole.Victim => 1,
        InvolvementRole.Witness => 2,
        _ => 3,
    };

    /// <summary><c>[{"field":"surname","level":"exact","weight":5.1}, …]</c>.</summary>
    public static string ContributionsJson(IReadOnlyList<FieldContribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var sb = new StringBuilder("[");
        for (var i = 0; i < contributions.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var c = contributions[i];
            sb.Append("{\"field\":").Append(System.Text.Json.JsonSerializer.Serialize(c.Field))
              .Append(",\"level\":").Append(System.Text.Json.JsonSerializer.Serialize(c.Level))
              .Append(",\"weight\":")
              .Append(double.IsFinite(c.Weight) ? Math.Round(c.Weight, 3).ToString("R", CultureInfo.InvariantCulture) : "null").Append('}');
        }
        return sb.Append(']').ToString();
    }
}
