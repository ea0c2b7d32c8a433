using Reassess.Records;
using Reassess.Reference;

namespace Reassess.Reporting.DataQuality;

/// <summary>
/// One row of the data-quality report (docs/outputs.md): for a force, recorded year and role, how many distinct people there
/// are and how many lack each field.
/// </summary>
public sealed record DataQualityRow(
    string Force, int RecordedYear, InvolvementRole Role, int People, int EthnicityRecorded, int EthnicityNotStated,
    int EthnicityMissing, int OfficerObservedOnly, int NationalityMissing, int DobMissing)
{
    /// <summary>The CSV header, in the spec's order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "force", "recorded_year", "role", "people", "ethnicity_recorded", "ethnicity_not_stated", "ethnicity_missing",
        "officer_observed_only", "nationality_missing", "dob_missing",
    ];

    /// <summary>The counts after the key, in <see cref="Columns"/> order.</summary>
    public IReadOnlyList<int> Counts => [People, EthnicityRecorded, EthnicityNotStated, EthnicityMissing, OfficerObservedOnly, NationalityMissing, DobMissing];
}

/// <summary>Counts <see cref="DataQualityRow"/>s from a <see cref="DataQualityScope"/>.</summary>
public static class DataQualityCounts
{
    /// <summary>
    /// One row per force, recorded year of the investigation and role (suspect, victim); a person counts once per row
    /// however many of that row's investigations they appear in. Rows ordered by force, year, role.
    /// </summary>
    public static IReadOnlyList<DataQualityRow> Count(DataQualityScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var groups = new SortedDictionary<(string Force, int Year, string Role), HashSet<long>>(KeyOrder.Instance);
        foreach (var v in scope.Involvements)
        {
            var investigation = scope.InvestigationsById[v.InvestigationId];
            var key = (investigation.Force, investigation.RecordedYear, Token.Of(v.Role));
            if (!groups.TryGetValue(key, out var people)) groups[key] = people = [];
            people.Add(v.PersonId);
        }

        var rows = new List<DataQualityRow>(groups.Count);
        foreach (var ((force, year, role), ids) in groups)
        {
            int recorded = 0, notStated = 0, missing = 0, officerOnly = 0, nationality = 0, dob = 0;
            foreach (var id in ids)
            {
                var p = scope.People[id];
                switch (EthnicityStatusOf(p))
                {
                    case EthnicityStatus.Recorded: recorded++; break;
                    case EthnicityStatus.NotStated: notStated++; break;
                    default:
                        missing++;
                        if (!IsEmpty(p.OfficerObservedEthnicity)) officerOnly++;
                        break;
                }
                if (IsEmpty(p.Nationality)) nationality++;
                if (p.DateOfBirth is null) dob++;
            }
            rows.Add(new DataQualityRow(force, year, Token.Parse<InvolvementRole>(role), ids.Count, recorded, notStated, missing, officerOnly, nationality, dob));
        }
        return rows;
    }

    /// <summary>Where a person's self-defined ethnicity stands.</summary>
    public static EthnicityStatus EthnicityStatusOf(ScopedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (IsEmpty(person.SelfDefinedEthnicity)) return EthnicityStatus.Missing;
        return string.Equals(person.SelfDefinedEthnicity!.Trim(), SelfDefinedEthnicities.NotStated, StringComparison.OrdinalIgnoreCase)
            ? EthnicityStatus.NotStated
            : EthnicityStatus.Recorded;
    }

    internal static bool IsEmpty(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Force and role in ordinal order (<c>suspect</c> before <c>victim</c>), years ascending.</summary>
    private sealed class KeyOrder : IComparer<(string Force, int Year, string Role)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Force, int Year, string Role) x, (string Force, int Year, string Role) y)
        {
            var c = string.CompareOrdinal(x.Force, y.Force);
            if (c != 0) return c;
            c = x.Year.CompareTo(y.Year);
            return c != 0 ? c : string.CompareOrdinal(x.Role, y.Role);
        }
    }
}

/// <summary>A person's self-defined ethnicity: a code other than NS, NS (asked and not stated), or not recorded.</summary>
public enum EthnicityStatus { Recorded, NotStated, Missing }
