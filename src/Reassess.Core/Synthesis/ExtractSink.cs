using System.Globalization;
using System.Text;
using Reassess.Records;

namespace Reassess.Synthesis;

/// <summary>A real person's part in a planted offender network (truth/networks.csv <c>role</c>).</summary>
public enum NetworkRole { Offender, Victim }

/// <summary>
/// Receives a synthetic extract as it is generated, row by row. An investigation and a person are always delivered
/// before any involvement or identifier that refers to them, so a receiver can stream.
/// </summary>
public interface IExtractSink
{
    void Investigation(Investigation investigation);

    /// <summary>A nominal, with the id of the real (fictional) person it is a record of.</summary>
    void Person(Person person, string realPersonId);

    void Involvement(Involvement involvement);

    /// <summary>An identifier as recorded (<see cref="Identifier.RawValue"/>).</summary>
    void Identifier(Identifier identifier);

    /// <summary>Ground truth: a real person belongs to a planted network.</summary>
    void NetworkMember(string networkId, string realPersonId, NetworkRole role);

    /// <summary>Ground truth: an investigation belongs to a network; <paramref name="missedGroup"/> when only one suspect was recorded.</summary>
    void NetworkInvestigation(string networkId, string force, string investigationRef, bool missedGroup);

    /// <summary>
    /// Ground truth: the summary of an investigation already delivered mentions an identifier (<paramref name="value"/>
    /// normalised as the import normalises it), planted for the leads engine to find.
    /// </summary>
    void PlantedMention(string force, string investigationRef, IdentifierKind kind, string value) { }

    /// <summary>Ground truth: one lead an investigation holds (truth/leads.csv), delivered after generation ends.</summary>
    void LeadTruth(LeadTruthRow row) { }
}

/// <summary>
/// Writes a synthetic extract as a force-export-v1 bundle (investigations.csv, people.csv, involvements.csv,
/// identifiers.csv) and its ground truth in <c>truth/</c> (people.csv, networks.csv, network_investigations.csv), which
/// is never imported, and leads.csv: every lead each investigation holds by the ground truth (docs/leads.md). UTF-8 without BOM, <c>\n</c> line ends, RFC 4180 quoting, invariant culture.
/// </summary>
public sealed class BundleWriter : IExtractSink, IDisposable
{
    public static readonly string[] InvestigationColumns =
    [
        "force", "investigation_id", "recorded_date", "offence_from", "offence_to", "offence_codes", "outcome_code", "outcome_date",
        "cps_decision", "cse_flag", "independently_reviewed", "postcode", "summary",
    ];

    public static readonly string[] PersonColumns =
    [
        "force", "person_id", "surname", "forenames", "date_of_birth", "sex", "self_defined_ethnicity", "officer_observed_ethnicity",
        "nationality", "date_of_death", "pnc_id", "occupation", "postcode",
    ];

    public static readonly string[] InvolvementColumns =
        ["force", "investigation_id", "person_id", "role", "relationship", "suspect_disposal", "arrested", "interviewed"];

    public static readonly string[] IdentifierColumns = ["force", "kind", "value", "person_id", "investigation_id", "context"];

    public const string TruthFolder = "truth";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StreamWriter _investigations, _people, _involvements, _identifiers, _truthPeople, _truthNetworks, _truthNetworkInvestigations, _truthLeads;

    public BundleWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(Path.Combine(directory, TruthFolder));
        _investigations = Open(Path.Combine(directory, "investigations.csv"), InvestigationColumns);
        _people = Open(Path.Combine(directory, "people.csv"), PersonColumns);
        _involvements = Open(Path.Combine(directory, "involvements.csv"), InvolvementColumns);
        _identifiers = Open(Path.Combine(directory, "identifiers.csv"), IdentifierColumns);
        _truthPeople = Open(Path.Combine(directory, TruthFolder, "people.csv"), ["force", "person_id", "real_person_id"]);
        _truthNetworks = Open(Path.Combine(directory, TruthFolder, "networks.csv"), ["network_id", "real_person_id", "role"]);
        _truthNetworkInvestigations = Open(Path.Combine(directory, TruthFolder, "network_investigations.csv"),
            ["network_id", "force", "investigation_id", "missed_group"]);
        _truthLeads = Open(Path.Combine(directory, TruthFolder, "leads.csv"), ["force", "investigation_id", "kind", "subject", "value", "evidence"]);
    }

    private static StreamWriter Open(string path, string[] header)
    {
        var writer = new StreamWriter(path, append: false, Utf8NoBom, bufferSize: 1 << 16) { NewLine = "\n" };
        Row(writer, header);
        return writer;
    }

    public void Investigation(Investigation investigation)
    {
        ArgumentNullException.ThrowIfNull(investigation);
        Row(_investigations,
            investigation.Force, investigation.InvestigationRef, Date(investigation.RecordedDate), Date(investigation.OffenceFrom),
            Date(investigation.OffenceTo), investigation.OffenceCodes, investigation.OutcomeCode, Date(investigation.OutcomeDate),
            Tok(investigation.CpsDecision), investigation.CseFlag ? "true" : "false", investigation.IndependentlyReviewed ? "true" : "false",
            investigation.Postcode, investigation.Summary);
    }

    public void Person(Person person, string realPersonId)
    {
        ArgumentNullException.ThrowIfNull(person);
        Row(_people,
            person.Force, person.PersonRef, person.Surname, person.Forenames, Date(person.DateOfBirth), Tok(person.Sex),
            person.SelfDefinedEthnicity, person.OfficerObservedEthnicity, person.Nationality, Date(person.DateOfDeath), person.PncId,
            person.Occupation, person.Postcode);
        Row(_truthPeople, person.Force, person.PersonRef, realPersonId);
    }

    public void Involvement(Involvement involvement)
    {
        ArgumentNullException.ThrowIfNull(involvement);
        Row(_involvements,
            involvement.Force, involvement.InvestigationRef, involvement.PersonRef, Token.Of(involvement.Role), Tok(involvement.Relationship),
            Tok(involvement.SuspectDisposal), Bool(involvement.Arrested), Bool(involvement.Interviewed));
    }

    public void Identifier(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        Row(_identifiers,
            identifier.Force, Token.Of(identifier.Kind), identifier.RawValue, identifier.PersonRef, identifier.InvestigationRef, identifier.Context);
    }

    public void NetworkMember(string networkId, string realPersonId, NetworkRole role) =>
        Row(_truthNetworks, networkId, realPersonId, role == NetworkRole.Offender ? "offender" : "victim");

    public void NetworkInvestigation(string networkId, string force, string investigationRef, bool missedGroup) =>
        Row(_truthNetworkInvestigations, networkId, force, investigationRef, missedGroup ? "true" : "false");

    public void LeadTruth(LeadTruthRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Row(_truthLeads, row.Force, row.InvestigationId, row.Kind, row.Subject, row.Value, row.Evidence);
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    private static string? Tok<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Token.Of(v) : null;

    private static void Row(StreamWriter writer, params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) writer.Write(',');
            var value = cells[i];
            if (string.IsNullOrEmpty(value)) continue;
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) writer.Write(value);
            else
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
        }
        writer.Write('\n');
    }

    public void Dispose()
    {
        foreach (var w in new[] { _investigations, _people, _involvements, _identifiers, _truthPeople, _truthNetworks, _truthNetworkInvestigations, _truthLeads })
            w.Dispose();
    }
}
