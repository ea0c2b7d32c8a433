using System.Text.Json.Nodes;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Cli.Tests.Support;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;
using Spectre.Console;

namespace Reassess.Cli.Tests.Referrals;

/// <summary>
/// Issue 25 on the command line: a force's key, export, the national registration and import (a pack sent again
/// skipped, a tampered one refused with exit 1), the queue, notices and the report.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReferralsCommandsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reassess-cli-referrals-").FullName;
    private TestDatabase _force = null!;
    private TestDatabase _national = null!;

    public async Task InitializeAsync()
    {
        _force = await TestDatabase.CreateAsync();
        _national = await TestDatabase.CreateAsync();
        await SeedApprovedReferralAsync();
    }

    public async Task DisposeAsync()
    {
        await _force.DisposeAsync();
        await _national.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<CliProcess.Result> Reassess(TestDatabase db, string keys, params string[] args)
    {
        using var stdout = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var extra = args[0] == "referrals" && args[1] is "key" or "export" ? new[] { "--referral-key", Path.Combine(_dir, keys + ".referral-key") } : [];
        var code = await CliApp.RunAsync([.. args, "--db", db.Target.ConnectionString, "--audit-key", Path.Combine(_dir, keys + ".audit-key"), .. extra], console);
        return new CliProcess.Result(code, stdout.ToString(), "");
    }

    private Task<CliProcess.Result> Force(params string[] args) => Reassess(_force, "force", args);

    private Task<CliProcess.Result> National(params string[] args) => Reassess(_national, "national", args);

    [Fact]
    public async Task A_force_exports_and_the_national_instance_verifies_stores_ranks_and_refuses_a_tampered_pack()
    {
        var key = await Force("referrals", "key", "--public");
        Assert.Equal(0, key.ExitCode);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.Stdout, StringComparison.Ordinal);
        var pem = Path.Combine(_dir, "kent.pem");
        await File.WriteAllTextAsync(pem, key.Stdout);
        Assert.Equal(0, (await National("referrals", "register-force", "KNT", "--public-key", pem)).ExitCode);

        var packs = Path.Combine(_dir, "packs");
        var export = await Force("referrals", "export", "--force", "KNT", "--out", packs);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("KNT KNT-0001 version 1: KNT_KNT-0001_v1.json", export.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(packs, "KNT_KNT-0001_v1.html")));
        Assert.Contains("No approved referral is waiting", (await Force("referrals", "export", "--force", "KNT", "--out", packs)).Stdout, StringComparison.Ordinal);

        var import = await National("referrals", "import", packs);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("imported KNT_KNT-0001_v1.json: KNT KNT-0001", import.Stdout, StringComparison.Ordinal);
        var again = await National("referrals", "import", packs);
        Assert.Contains("1 pack(s): 0 imported, 0 updated, 1 skipped, 0 refused", again.Stdout, StringComparison.Ordinal);

        var queue = await National("referrals", "queue");
        Assert.Equal(0, queue.ExitCode);
        Assert.Contains("KNT KNT-0001 v1", queue.Stdout, StringComparison.Ordinal);
        var report = await National("referrals", "report");
        Assert.Contains("KNT,", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("Networks spanning forces: 0", report.Stdout, StringComparison.Ordinal);

        // Tampered: a suspect's date of birth changed in transit.
        var tampered = Path.Combine(_dir, "tampered");
        Directory.CreateDirectory(tampered);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(packs, "KNT_KNT-0001_v1.json")))!;
        json["body"]!["suspects"]![0]!["date_of_birth"] = "1971-01-01";
        await File.WriteAllTextAsync(Path.Combine(tampered, "KNT_KNT-0001_v1.json"), json.ToJsonString());
        var refused = await National("referrals", "import", tampered);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused  KNT_KNT-0001_v1.json: tampered", refused.Stdout, StringComparison.Ordinal);
    }

    /// <summary>One Kent investigation (two suspects, two victims) whose review recommends referral, approved.</summary>
    private async Task SeedApprovedReferralAsync()
    {
        await using var db = ReassessDatabase.CreateContext(_force.Target);
        foreach (var (name, role) in new[] { ("rev.knt", Roles.Reviewer), ("sup.knt", Roles.Supervisor) })
            db.Users.Add(new ReassessUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Role = role, Force = "KNT" });
        var now = DateTimeOffset.UtcNow;
        var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 1, 1), RunBy = "test", StartedAt = now, CompletedAt = now };
        db.Add(run);
        db.Investigations.Add(new Investigation
        {
            Id = 1,
            Force = "KNT",
            InvestigationRef = "KNT-0001",
            RecordedDate = new(2016, 6, 1),
            OffenceFrom = new(2016, 4, 1),
            OffenceCodes = "19D",
            OutcomeCode = "15",
            OutcomeDate = new(2017, 2, 1),
        });
        string[] names = ["Voss", "Brill", "Carrow", "Dane"];
        for (var i = 0; i < 4; i++)
        {
            db.People.Add(new Person { Id = i + 1, Force = "KNT", PersonRef = $"KNT-P{i + 1}", Surname = names[i], Forenames = i < 2 ? "Gary" : "Amy", DateOfBirth = i < 2 ? new(1970 + i, 1, 1) : new(2003 + i, 1, 1) });
            db.Involvements.Add(new Involvement
            {
                Id = i + 1,
                Force = "KNT",
                InvestigationId = 1,
                PersonId = i + 1,
                InvestigationRef = "KNT-0001",
                PersonRef = $"KNT-P{i + 1}",
                Role = i < 2 ? InvolvementRole.Suspect : InvolvementRole.Victim,
                SuspectDisposal = i < 2 ? SuspectDisposal.Nfa : null,
            });
        }
        await db.SaveChangesAsync();
        var candidate = new Candidate
        {
            Force = "KNT",
            InvestigationRef = "KNT-0001",
            InvestigationId = 1,
            Basis = CandidateBasis.Criteria,
            Typologies = "network",
            Priority = 5,
            PriorityFactors = "suspects=5",
            ProfileName = "met-2025",
            FirstRunId = run.Id,
            LatestRunId = run.Id,
            StillQualifies = true,
            RecordedYear = 2016,
        };
        db.Add(candidate);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var audit = new AuditTrail(_force.Target, AuditKeyStore.AtFile(Path.Combine(_dir, "force.audit-key")), TimeProvider.System);
        using var caches = new CaseCaches();
        var service = new ReviewService(db, TimeProvider.System, audit, new CaseLeadFinder(caches, TimeProvider.System));
        var reviewer = new Actor("rev.knt", Roles.Reviewer, "KNT");
        var supervisor = new Actor("sup.knt", Roles.Supervisor, "KNT");
        var assigned = await service.AssignAsync(supervisor, candidate.Id, reviewer.UserName);
        Assert.True(assigned.Succeeded, assigned.Message);
        db.ChangeTracker.Clear();
        var form = new ReviewForm
        {
            LinesOfEnquiry = [new() { Category = EnquiryCategory.Witness, Description = "Re-interview the school's caretaker." }],
            ExtantRisks = new()
            {
                ToVictim = new() { Level = RiskLevel.None },
                ToOtherChildren = new() { Level = RiskLevel.None },
                FromSuspects = [new() { PersonId = 1, Level = RiskLevel.None }, new() { PersonId = 2, Level = RiskLevel.None }],
            },
            Opportunities = [new() { PersonId = 1, Kind = OpportunityKind.CpsReview, Narrative = "Ask CPS to review." }, new() { PersonId = 2, Kind = OpportunityKind.None, Narrative = "None." }],
            VictimConsent = VictimConsent.Consents,
            Recommendation = Recommendation.ReferToNationalOperation,
            Rationale = "Part of a wider group.",
        };
        await UndecidedLeads.DismissAsync(db, TimeProvider.System, candidate.Id, form);
        var submitted = await service.SubmitAsync(reviewer, assigned.Review!.Id, assigned.Review.Version, form);
        Assert.True(submitted.Succeeded, submitted.Message);
        db.ChangeTracker.Clear();
        Assert.True((await service.ApproveAsync(supervisor, submitted.Review!.Id, submitted.Review.Version)).Succeeded);
    }
}
