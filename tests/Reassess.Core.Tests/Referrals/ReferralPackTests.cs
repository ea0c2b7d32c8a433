using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Referrals;
using Reassess.Reviews;

namespace Reassess.Tests.Referrals;

/// <summary>Issue 25: a force refers approved reviews as signed packs; the national operation verifies and stores them.</summary>
[Trait("Category", "Database")]
public sealed partial class ReferralPackTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _out = Directory.CreateTempSubdirectory("reassess-referral-packs-").FullName;
    private ReferralInstance _mps = null!;
    private ReferralInstance _national = null!;

    private static readonly (string, string, DateOnly, string?)[] MpsSuspects =
        [("Darren", "Voss", new DateOnly(1975, 5, 5), "05/123456K"), ("Kevin", "Brill", new DateOnly(1980, 2, 2), null)];

    public async Task InitializeAsync()
    {
        _mps = await ReferralInstance.ForceAsync("MPS", _clock);
        _national = await ReferralInstance.NationalAsync(_clock);
        await _mps.AddCaseAsync("MPS-0001", MpsSuspects);
    }

    public async Task DisposeAsync()
    {
        await _mps.DisposeAsync();
        await _national.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<IReadOnlyList<ExportedPack>> ExportAsync(string? dir = null) =>
        await _mps.Export(e => e.ExportAsync(_mps.Lead, dir ?? _out, "national operation (test)"));

    private async Task RegisterMpsAsync() =>
        await _national.Intake(i => i.RegisterForceAsync("nat.admin", "MPS", _mps.Key.PublicKeyPem(), "mps.pem"));

    private async Task<IReadOnlyList<PackImportResult>> ImportAsync(string? dir = null) =>
        await _national.Intake(i => i.ImportAsync("nat.admin", dir ?? _out));

    [Fact]
    public async Task An_approved_referral_is_exported_once_signed_and_taken_in_by_the_national_instance()
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        var packs = await ExportAsync();
        var pack = Assert.Single(packs);
        Assert.True(File.Exists(pack.JsonFile));
        Assert.Contains("MPS-0001", await File.ReadAllTextAsync(pack.HtmlFile), StringComparison.Ordinal);
        Assert.True(pack.MeetsNationalCriteria);
        Assert.Empty(Directory.GetFiles(_out, "*.partial"));

        // Sent: a second export writes nothing.
        Assert.Empty(await ExportAsync(Path.Combine(_out, "again")));
        await using (var db = _mps.Context())
        {
            var sent = await db.Set<ReferralExport>().SingleAsync();
            Assert.Equal(pack.Hash, sent.Hash);
            Assert.Equal(1, sent.PackVersion);
            // The export is a disclosure in the audit trail, with its recipient.
            var entry = await db.Set<AuditEntry>().SingleAsync(a => a.Operation == ReferralExporter.ExportOperation);
            Assert.Equal(AuditCategory.Disclosure, entry.Category);
            Assert.Equal("national operation (test)", entry.Recipient);
        }

        await RegisterMpsAsync();
        var result = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Imported, result.Outcome);
        await using var national = _national.Context();
        var stored = await national.Set<ReceivedReferral>().SingleAsync();
        Assert.Equal("MPS-0001", stored.InvestigationRef);
        Assert.Equal(pack.Hash, stored.Hash);
        Assert.True(stored.Current);
        Assert.True(stored.MeetsNationalCriteria);
        Assert.True(stored.ApprovedAt < stored.ReferredAt);
    }

    [Fact]
    public async Task A_referral_whose_pack_the_national_intake_would_refuse_is_not_exported_and_stays_pending()
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        // Since approval, the case's suspects have gone from the records (say, a later extract): no suspect to refer.
        await using (var db = _mps.Context())
        {
            var investigation = await db.Investigations.SingleAsync(i => i.InvestigationRef == "MPS-0001");
            db.Involvements.RemoveRange(await db.Involvements.Where(v => v.InvestigationId == investigation.Id && v.Role == Reassess.Records.InvolvementRole.Suspect).ToListAsync());
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<ReferralPackException>(() => ExportAsync());
        Assert.Contains("MPS/MPS-0001: incomplete: body.suspects is empty", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was exported", refused.Message, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(_out) || Directory.GetFiles(_out).Length == 0, "no pack, page or partial file is left behind");
        await using (var db = _mps.Context())
            Assert.Empty(await db.Set<ReferralExport>().ToListAsync());
        Assert.Single(await _mps.Export(e => e.PendingAsync(_mps.Lead)));
    }

    [Fact]
    public async Task A_tampered_pack_is_refused_naming_the_file_and_why()
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        var pack = Assert.Single(await ExportAsync());
        await RegisterMpsAsync();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(pack.JsonFile))!.AsObject();
        json["body"]!["suspects"]![0]!["surname"] = "Someone-Else";
        await File.WriteAllTextAsync(pack.JsonFile, json.ToJsonString());

        var result = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Refused, result.Outcome);
        Assert.Contains(Path.GetFileName(pack.JsonFile), result.Detail, StringComparison.Ordinal);
        Assert.Contains("tampered", result.Detail, StringComparison.Ordinal);

        // Re-hashing the altered body does not help: the signature no longer verifies.
        json["hash"] = ReferralPackFormat.HashOf(ReferralPackFormat.Canonical(json["body"]));
        await File.WriteAllTextAsync(pack.JsonFile, json.ToJsonString());
        var again = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Refused, again.Outcome);
        Assert.Contains("signature does not verify", again.Detail, StringComparison.Ordinal);
        await using var national = _national.Context();
        Assert.False(await national.Set<ReceivedReferral>().AnyAsync());
    }

    [Fact]
    public async Task An_unsigned_pack_a_pack_of_an_unknown_force_and_a_pack_signed_by_another_key_are_refused()
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        var pack = Assert.Single(await ExportAsync());
        var original = await File.ReadAllTextAsync(pack.JsonFile);

        var unknown = Assert.Single(await ImportAsync());
        Assert.Contains("unknown force MPS", unknown.Detail, StringComparison.Ordinal);

        // Registered with some other key: the pack's signature names a key that is not the force's.
        await using (var other = await ReferralInstance.ForceAsync("GMP", _clock))
            await _national.Intake(i => i.RegisterForceAsync("nat.admin", "MPS", other.Key.PublicKeyPem(), "wrong.pem"));
        var wrongKey = Assert.Single(await ImportAsync());
        Assert.Contains("not the key registered", wrongKey.Detail, StringComparison.Ordinal);

        await RegisterMpsAsync();
        var json = JsonNode.Parse(original)!.AsObject();
        json.Remove("signature");
        await File.WriteAllTextAsync(pack.JsonFile, json.ToJsonString());
        var unsigned = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Refused, unsigned.Outcome);
        Assert.Contains("unsigned", unsigned.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("review", "body.review: missing")]
    [InlineData("victims", "body.victims: missing")]
    [InlineData("screening", "body.screening: missing")]
    public async Task A_pack_missing_a_required_part_is_refused(string part, string expected)
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        var pack = Assert.Single(await ExportAsync());
        await RegisterMpsAsync();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(pack.JsonFile))!.AsObject();
        json["body"]!.AsObject().Remove(part);
        await File.WriteAllTextAsync(pack.JsonFile, json.ToJsonString());
        var result = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Refused, result.Outcome);
        Assert.Contains("incomplete", result.Detail, StringComparison.Ordinal);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pack_sent_again_is_skipped_and_a_new_version_replaces_the_old_one_which_is_kept()
    {
        var review = await _mps.ApproveReferralAsync("MPS-0001");
        var first = Assert.Single(await ExportAsync());
        await RegisterMpsAsync();
        Assert.Equal(PackOutcome.Imported, Assert.Single(await ImportAsync()).Outcome);
        var repeated = Assert.Single(await ImportAsync());
        Assert.Equal(PackOutcome.Skipped, repeated.Outcome);
        Assert.Contains("same hash", repeated.Detail, StringComparison.Ordinal);

        // Reopened, resubmitted and approved again: a new version of the same referral.
        await using (var db = _mps.Context())
        {
            var service = new ReviewService(db, _clock, _mps.Audit, new CaseLeadFinder(_mps.Caches, _clock));
            var reopened = await service.ReopenAsync(_mps.Supervisor, review.Id, review.Version, "New intelligence to add.");
            Assert.Equal(ReviewOutcome.Done, reopened.Outcome);
            var form = reopened.Review!.ReadForm();
            form.Rationale += " Updated after new intelligence.";
            db.ChangeTracker.Clear();
            var submitted = await service.SubmitAsync(_mps.Reviewer, review.Id, reopened.Review.Version, form);
            Assert.Equal(ReviewOutcome.Done, submitted.Outcome);
            db.ChangeTracker.Clear();
            Assert.Equal(ReviewOutcome.Done, (await service.ApproveAsync(_mps.Supervisor, review.Id, submitted.Review!.Version)).Outcome);
        }
        var second = Assert.Single(await ExportAsync(Path.Combine(_out, "v2")));
        Assert.Equal(2, second.Version);
        var updated = Assert.Single(await ImportAsync(Path.Combine(_out, "v2")));
        Assert.Equal(PackOutcome.Updated, updated.Outcome);
        await using var national = _national.Context();
        var rows = await national.Set<ReceivedReferral>().OrderBy(r => r.Version).ToListAsync();
        Assert.Equal([1, 2], rows.Select(r => r.Version));
        Assert.Equal([false, true], rows.Select(r => r.Current));
        Assert.Equal(first.Hash, rows[0].Hash);
    }

    [Fact]
    public async Task A_pack_holds_exactly_the_documented_fields_and_no_victim_identity()
    {
        var review = await _mps.ApproveReferralAsync("MPS-0001");
        // The lead as the review service records an accepted one (kind, subject and evidence copied from the lead; the
        // lead flow itself is tested in Reviews): a victim subject, and evidence naming the victim.
        await using (var db = _mps.Context())
        {
            var version = await db.Set<ReviewVersion>().SingleAsync(v => v.ReviewId == review.Id);
            var form = version.ReadForm();
            form.LeadDecisions.Add(new() { Key = "victim_still_child|MPS-0001-V1|", Decision = LeadVerdict.Accepted, Kind = "victim_still_child", Subject = "MPS-0001-V1", Evidence = "MPS-0001-V1 (Amy Carrow) is 16 today" });
            form.LeadDecisions.Add(new() { Key = "data_gap|MPS-0001-S2|", Decision = LeadVerdict.Dismissed, Reason = "Not needed.", Kind = "data_gap", Subject = "MPS-0001-S2", Evidence = "ethnicity not recorded" });
            version.FormJson = form.ToJson();
            await db.SaveChangesAsync();
        }
        var pack = Assert.Single(await ExportAsync());
        var text = await File.ReadAllTextAsync(pack.JsonFile);
        var json = JsonNode.Parse(text)!.AsObject();

        var documented = DocumentedFields();
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), ReferralPackFormat.Fields.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, fields) in documented)
            Assert.Equal(fields.Order(StringComparer.Ordinal), ReferralPackFormat.Fields[path].Order(StringComparer.Ordinal));
        // Every object actually written holds exactly its documented keys.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonObject o, string path)
        {
            seen.Add(path);
            Assert.Equal(documented[path].Order(StringComparer.Ordinal), o.Select(p => p.Key).Order(StringComparer.Ordinal));
            foreach (var (name, value) in o)
            {
                var child = path.Length == 0 ? name : path + "." + name;
                if (value is JsonObject co) Walk(co, child);
                else if (value is JsonArray a)
                    foreach (var item in a.OfType<JsonObject>()) Walk(item, child + "[]");
            }
        }
        Walk(json, "");
        Assert.Contains("body.victims[]", seen);
        Assert.Contains("body.review.accepted_leads[]", seen);

        // Victims: pseudonymous references only, stable for the force; no names, person ids, dates of birth; no summary.
        foreach (var secret in new[] { "Carrow", "Dane", "MPS-0001-V1", "MPS-0001-V2", "2002-01-15", "never leaves the force", "ZZ9 9ZZ" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var victims = json["body"]!["victims"]!.AsArray();
        Assert.Equal(2, victims.Count);
        Assert.All(victims, v => Assert.Matches("^V-[0-9a-f]{16}$", v!["victim_ref"]!.GetValue<string>()));
        var lead = Assert.Single(json["body"]!["review"]!["accepted_leads"]!.AsArray())!;
        Assert.Equal(victims[0]!["victim_ref"]!.GetValue<string>(), lead["subject"]!.GetValue<string>());
        Assert.Equal("ZZ9", json["body"]!["investigation"]!["postcode_district"]!.GetValue<string>());
        Assert.Equal("Voss", json["body"]!["suspects"]![0]!["surname"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_case_that_does_not_meet_the_national_criteria_is_flagged()
    {
        await _mps.AddCaseAsync("MPS-0002", MpsSuspects, victims: 1);
        await _mps.ApproveReferralAsync("MPS-0002");
        var pack = Assert.Single(await ExportAsync());
        Assert.False(pack.MeetsNationalCriteria);
        var body = JsonNode.Parse(await File.ReadAllTextAsync(pack.JsonFile))!["body"]!;
        Assert.Equal(ReferralPackFormat.NotMeetingNationalCriteria, body["flags"]![0]!.GetValue<string>());
        var victimsCriterion = body["screening"]!["criteria"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "victims")!;
        Assert.False(victimsCriterion["passed"]!.GetValue<bool>());
        Assert.Contains("1 victim(s)", victimsCriterion["facts"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("V-", victimsCriterion["facts"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_force_lead_exports_and_only_their_own_force()
    {
        await _mps.ApproveReferralAsync("MPS-0001");
        foreach (var actor in new[] { _mps.Reviewer, _mps.Supervisor, ReferralInstance.National, new Actor("adm", Roles.Admin, null) })
            await Assert.ThrowsAsync<ReferralAccessException>(() => _mps.Export(e => e.ExportAsync(actor, _out, "x")));
        // Another force's lead finds nothing of MPS's to export.
        Assert.Empty(await _mps.Export(e => e.ExportAsync(new Actor("lead.gmp", Roles.ForceLead, "GMP"), _out, "x")));
        Assert.Empty(Directory.GetFiles(_out));
        await using var db = _mps.Context();
        Assert.Equal(4, await db.Set<AuditEntry>().CountAsync(a => a.Operation == ReferralExporter.ExportOperation && a.Outcome == AuditOutcome.Denied));
        Assert.Single(await _mps.Export(e => e.ExportAsync(_mps.Lead, _out, "x")));
    }

    /// <summary>The field list of docs/referrals.md: lines "- `path`: `field`, `field`…".</summary>
    private static Dictionary<string, List<string>> DocumentedFields()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reassess.slnx"))) dir = dir.Parent;
        var doc = File.ReadAllLines(Path.Combine(dir!.FullName, "docs", "referrals.md"));
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in doc)
        {
            var m = FieldLine().Match(line);
            if (!m.Success) continue;
            var path = m.Groups[1].Value == "(envelope)" ? "" : m.Groups[1].Value;
            fields[path] = [.. Regex.Matches(m.Groups[2].Value, "`([a-z0-9_]+)`").Select(x => x.Groups[1].Value)];
        }
        return fields;
    }

    [GeneratedRegex(@"^- `([a-z_.\[\]]+|\(envelope\))`: (`[a-z0-9_]+`(?:, `[a-z0-9_]+`)*)$")]
    private static partial Regex FieldLine();
}
