using System.Globalization;
using System.Text;
using Reassess.Records;

namespace Reassess.Linkage.Resolution;

/// <summary>
/// The Fellegi–Sunter engine (<see cref="LinkageEngine"/>) over the stored nominals: names, date of birth, sex,
/// postcode, occupation and PNC id from people.csv, plus the first phone, email and address recorded with each nominal
/// in identifiers.csv (people carry no such columns; identifiers do).
/// </summary>
public sealed class EngineMatcher(LinkageOptions? options = null) : IPersonMatcher
{
    private readonly LinkageOptions _options = options ?? new LinkageOptions();

    public double AutoThreshold => _options.MatchProbability;

    public MatcherResult Match(LinkageInput input, IReadOnlyCollection<DecidedPair> decisions, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decisions);
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
        var records = new PersonRecord[n];
        for (var i = 0; i < n; i++)
        {
            var p = input.People[i];
            records[i] = new PersonRecord(p.Id.ToString(CultureInfo.InvariantCulture), p.Forenames, p.Surname, p.DateOfBirth,
                p.Sex is null or Sex.U ? null : Token.Of(p.Sex.Value), p.Postcode, address[i], null, phone[i], email[i], null, p.Occupation, p.PncId);
        }
        var result = new LinkageEngine().Run(records, _options, [.. decisions.Select(d => new PairDecision(d.Left, d.Right, d.SamePerson))], progress, cancellationToken);
        var matches = new List<ScoredMatch>(result.Pairs.Count);
        foreach (var pair in result.Pairs)
            matches.Add(new ScoredMatch(pair.Left, pair.Right, pair.Weight, pair.Probability, ContributionsJson(pair.Contributions)));
        return new MatcherResult(matches, result.Comparisons);
    }

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
