using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reassess.Referrals;

/// <summary>A referral pack or notice file that cannot be accepted; the message names the file and why.</summary>
public sealed class ReferralPackException(string message) : ReassessException(message);

/// <summary>
/// The referral pack format <c>reassess-referral-pack/1</c> (docs/referrals.md): the exact fields of every object, the
/// canonical serialisation the hash and signature are computed over, and the checks a received pack must pass.
/// A pack file is an envelope <c>{format, body, hash, signature}</c>; <c>hash</c> is <c>sha256:</c> and the lower-case
/// hex SHA-256 of the canonical body; <c>signature.value</c> is the base64 ECDSA P-256 / SHA-256 signature (IEEE P1363,
/// r‖s) of the same bytes, by the key <c>signature.key_id</c> names.
/// </summary>
public static class ReferralPackFormat
{
    public const string Format = "reassess-referral-pack/1";
    public const string SignatureAlgorithm = "ES256";
    public const string HashPrefix = "sha256:";

    /// <summary>
    /// Every object of a pack and its fields, exactly: a pack holding a field not listed is refused, as is one missing a
    /// listed field (a field with no value is present as null). Paths name array items with <c>[]</c>. This list is the
    /// minimisation rule in code; docs/referrals.md lists the same, and a test compares the two.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [""] = ["format", "body", "hash", "signature"],
        ["signature"] = ["algorithm", "key_id", "value"],
        ["body"] = ["format", "pack_id", "version", "force", "created_at", "flags", "investigation", "screening", "review", "suspects", "victims"],
        ["body.investigation"] = ["investigation_ref", "recorded_date", "offence_from", "offence_to", "offence_codes", "outcome_code", "outcome_date",
            "cps_decision", "cse_flag", "independently_reviewed", "postcode_district"],
        ["body.screening"] = ["profile", "profile_version", "as_of", "meets_national_criteria", "basis", "criteria", "typologies", "priority",
            "priority_factors", "linked_evidence"],
        ["body.screening.criteria[]"] = ["name", "passed", "facts"],
        ["body.screening.priority_factors[]"] = ["name", "weight", "quantity", "contribution", "detail"],
        ["body.review"] = ["review_version", "approved_at", "approved_by", "recommendation", "rationale", "lines_of_enquiry", "extant_risks",
            "safeguarding_referrals", "opportunities", "victim_consent", "accepted_leads"],
        ["body.review.lines_of_enquiry[]"] = ["category", "description", "status"],
        ["body.review.extant_risks"] = ["to_victim", "to_other_children", "from_suspects"],
        ["body.review.extant_risks.to_victim"] = ["level", "narrative"],
        ["body.review.extant_risks.to_other_children"] = ["level", "narrative"],
        ["body.review.extant_risks.from_suspects[]"] = ["suspect_ref", "level", "narrative"],
        ["body.review.safeguarding_referrals[]"] = ["agency", "reason", "date_sent"],
        ["body.review.opportunities[]"] = ["suspect_ref", "kind", "narrative"],
        ["body.review.accepted_leads[]"] = ["kind", "subject", "evidence"],
        ["body.suspects[]"] = ["suspect_ref", "surname", "forenames", "date_of_birth", "sex", "pnc_id", "self_defined_ethnicity", "nationality",
            "occupation", "postcode_district", "deceased", "relationship", "disposal", "arrested", "interviewed"],
        ["body.victims[]"] = ["victim_ref", "age_at_offence", "under_18_now", "sex"],
    };

    /// <summary>The pack's flag when the case does not meet the national profile's criteria.</summary>
    public const string NotMeetingNationalCriteria = "not_meeting_national_criteria";

    /// <summary>
    /// The canonical form of a JSON value: UTF-8, no insignificant whitespace, object members in ordinal order of their
    /// names, strings escaped as System.Text.Json's default encoder does, numbers as written.
    /// </summary>
    public static byte[] Canonical(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
            Write(node, writer);
        return stream.ToArray();
    }

    /// <summary><c>sha256:</c> and the lower-case hex SHA-256 of <paramref name="canonical"/>.</summary>
    public static string HashOf(byte[] canonical) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(canonical));

    /// <summary>Signs <paramref name="body"/> and wraps it in the envelope (indented, for people to read; the hash is over the canonical form).</summary>
    public static JsonObject Seal(JsonObject body, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(key);
        var canonical = Canonical(body);
        var signature = key.SignData(canonical, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new JsonObject
        {
            ["format"] = Format,
            ["body"] = body,
            ["hash"] = HashOf(canonical),
            ["signature"] = new JsonObject
            {
                ["algorithm"] = SignatureAlgorithm,
                ["key_id"] = ReferralSigningKey.KeyIdOf(key),
                ["value"] = Convert.ToBase64String(signature),
            },
        };
    }

    /// <summary>Indented JSON of a pack or notice file.</summary>
    public static string ToFileText(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// Reads a pack file's text and checks its shape: valid JSON, this format, every field present and none beyond
    /// <see cref="Fields"/>, a hash and a signature. Throws <see cref="ReferralPackException"/> naming the file and the first
    /// problem; the signature itself is checked by <see cref="Verify"/>.
    /// </summary>
    public static ReadPack Read(string text, string label)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException ex) { throw new ReferralPackException($"{label}: not JSON ({ex.Message})"); }
        if (root is not JsonObject envelope) throw new ReferralPackException($"{label}: not a referral pack (the file is not a JSON object)");
        if (Str(envelope, "format") != Format)
            throw new ReferralPackException($"{label}: not a referral pack of format {Format} (format: {Describe(envelope["format"])})");
        if (envelope["signature"] is null || envelope["signature"] is JsonObject s && string.IsNullOrWhiteSpace(Str(s, "value")))
            throw new ReferralPackException($"{label}: unsigned: the pack carries no signature");
        var problems = new List<string>();
        CheckShape(envelope, "", problems);
        if (problems.Count > 0) throw new ReferralPackException($"{label}: incomplete or malformed: {string.Join("; ", problems.Take(5))}");
        var body = (JsonObject)envelope["body"]!;
        if (Str(body, "format") != Format) throw new ReferralPackException($"{label}: body.format: must be {Format}");
        foreach (var required in new[] { "pack_id", "force", "created_at" })
            if (string.IsNullOrWhiteSpace(Str(body, required))) throw new ReferralPackException($"{label}: incomplete: body.{required} has no value");
        if (string.IsNullOrWhiteSpace(Str((JsonObject)body["investigation"]!, "investigation_ref")))
            throw new ReferralPackException($"{label}: incomplete: body.investigation.investigation_ref has no value");
        if (string.IsNullOrWhiteSpace(Str((JsonObject)body["review"]!, "approved_at")))
            throw new ReferralPackException($"{label}: incomplete: body.review.approved_at has no value");
        if (((JsonArray)body["suspects"]!).Count == 0) throw new ReferralPackException($"{label}: incomplete: body.suspects is empty");
        if (body["version"] is not JsonValue v || !v.TryGetValue<int>(out var version) || version < 1)
            throw new ReferralPackException($"{label}: body.version: must be a whole number from 1");
        return new ReadPack(envelope, body, version);
    }

    /// <summary>
    /// Checks a read pack's hash against its canonical body and its signature against <paramref name="publicKey"/> (the
    /// registered key of <paramref name="keyId"/>); throws naming why when either fails.
    /// </summary>
    public static string Verify(ReadPack pack, ECDsa publicKey, string keyId, string label)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(publicKey);
        var canonical = Canonical(pack.Body);
        var hash = HashOf(canonical);
        if (!string.Equals(hash, Str(pack.Envelope, "hash"), StringComparison.Ordinal))
            throw new ReferralPackException($"{label}: tampered: the body's SHA-256 is {hash}, the pack says {Str(pack.Envelope, "hash")}");
        var signature = (JsonObject)pack.Envelope["signature"]!;
        if (Str(signature, "algorithm") != SignatureAlgorithm)
            throw new ReferralPackException($"{label}: signature.algorithm: {Describe(signature["algorithm"])} is not {SignatureAlgorithm}");
        if (!string.Equals(Str(signature, "key_id"), keyId, StringComparison.Ordinal))
            throw new ReferralPackException($"{label}: signed with key {Str(signature, "key_id")}, not the key registered for the force ({keyId})");
        byte[] value;
        try { value = Convert.FromBase64String(Str(signature, "value") ?? ""); }
        catch (FormatException) { throw new ReferralPackException($"{label}: signature.value is not base64"); }
        if (!publicKey.VerifyData(canonical, value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            throw new ReferralPackException($"{label}: tampered: the signature does not verify with the force's registered key");
        return hash[HashPrefix.Length..];
    }

    /// <summary>A string field's value, or null (absent, null, or not a string).</summary>
    public static string? Str(JsonObject o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A timestamp as a pack writes it: UTC, to the second, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string? text, string label) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ReferralPackException($"{label}: '{text}' is not a UTC timestamp yyyy-MM-ddTHH:mm:ssZ");

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void CheckShape(JsonObject o, string path, List<string> problems)
    {
        var expected = Fields[path];
        foreach (var name in expected)
            if (!o.ContainsKey(name)) problems.Add($"{Join(path, name)}: missing");
        foreach (var (name, _) in o)
            if (!expected.Contains(name, StringComparer.Ordinal)) problems.Add($"{Join(path, name)}: not a field of {Format}");
        foreach (var (name, value) in o)
        {
            var child = Join(path, name);
            if (Fields.ContainsKey(child))
            {
                if (value is JsonObject co) CheckShape(co, child, problems);
                else problems.Add($"{child}: must be an object");
            }
            else if (Fields.ContainsKey(child + "[]"))
            {
                if (value is JsonArray array)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject item) CheckShape(item, child + "[]", problems);
                        else problems.Add($"{child}[{i}]: must be an object");
                    }
                }
                else problems.Add($"{child}: must be a list");
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Describe(JsonNode? node) => node is null ? "none" : node.ToJsonString();

    private static void Write(JsonNode? node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) Write(item, writer);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

/// <summary>A pack read and shape-checked, not yet verified.</summary>
public sealed record ReadPack(JsonObject Envelope, JsonObject Body, int Version)
{
    public string Force => ReferralPackFormat.Str(Body, "force")!.Trim().ToUpperInvariant();
    public string PackId => ReferralPackFormat.Str(Body, "pack_id")!;
    public string InvestigationRef => ReferralPackFormat.Str((JsonObject)Body["investigation"]!, "investigation_ref")!;
}
