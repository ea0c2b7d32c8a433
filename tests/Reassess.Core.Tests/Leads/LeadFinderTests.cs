using Reassess.Leads;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Leads;

/// <summary>The leads engine on a real database (SQLite, or PostgreSQL with REASSESS_TEST_ENGINE=postgres), one boundary per kind.</summary>
[Trait("Category", "Database")]
public sealed class LeadFinderTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 31);
    private static CriteriaProfile Met => CriteriaProfileLoader.LoadShipped("met-2025");

    private const string Case = "MPS/20/0000001";

    private sealed class FixedLinkage(LinkageSnapshot snapshot) : ILinkageFacts
    {
        public Task<LinkageSnapshot> LoadAsync(ReassessDbContext db, CancellationToken cancellationToken) => Task.FromResult(snapshot);
    }

    /// <summary>
    /// Case 1 (outcome 2021-01-01): suspects P101 (taxi driver, arrested, not interviewed, ethnicity unrecorded) and P102
    /// (died), victims P201 (18 on the as-of date) and P202 (17). Case 2 records P101 as a suspect on the outcome date;
    /// case 3 (GMP, charged) records P501 as a suspect the day after, a nominal linkage may resolve to P102.
    /// </summary>
    private static async Task SeedAsync(DatabaseTarget target, bool linkRun)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        Investigation Inv(long id, string force, string reference, DateOnly recorded, DateOnly? outcome, string? summary, CpsDecision? cps = null) => new()
        {
            Id = id,
            Force = force,
            InvestigationRef = reference,
            RecordedDate = recorded,
            OffenceFrom = recorded.AddDays(-30),
            OffenceCodes = "19C",
            OutcomeCode = outcome is null ? null : "15",
            OutcomeDate = outcome,
            Summary = summary,
            CpsDecision = cps,
        };
        db.Investigations.AddRange(
            Inv(1, "MPS", Case, new DateOnly(2020, 1, 1), new DateOnly(2021, 1, 1),
                "Victim said the driver of ab12 cde called her on 07700 900123; see 0000459/24 and MPS/12/0002355. Seen at ZX12 3AB."),
            Inv(2, "MPS", "MPS/21/0000002", new DateOnly(2021, 1, 1), null, null),
            Inv(3, "GMP", "GMP/21/0000003", new DateOnly(2021, 1, 2), new DateOnly(2021, 6, 1), null, CpsDecision.Charge));
        Person P(long id, string force, DateOnly? dob = null, string? occupation = null, string? ethnicity = "W1", string? nationality = "GBR", DateOnly? died = null) => new()
        {
            Id = id,
            Force = force,
            PersonRef = $"P{id}",
            Surname = "TESTER",
            DateOfBirth = dob,
            Occupation = occupation,
            SelfDefinedEthnicity = ethnicity,
            Nationality = nationality,
            DateOfDeath = died,
        };
        db.People.AddRange(
            P(101, "MPS", new DateOnly(1980, 1, 1), occupation: "Taxi driver", ethnicity: null),
            P(102, "MPS", new DateOnly(1981, 1, 1), died: new DateOnly(2022, 5, 5)),
            P(201, "MPS", new DateOnly(2007, 10, 31)),
            P(202, "MPS", new DateOnly(2007, 11, 1)),
            P(501, "GMP", new DateOnly(1981, 1, 1)));
        long n = 0;
        Involvement V(long inv, string force, string reference, long person, InvolvementRole role, bool? arrested = null, bool? interviewed = null) => new()
        {
            Id = ++n,
            Force = force,
            InvestigationId = inv,
            InvestigationRef = reference,
            PersonId = person,
            PersonRef = $"P{person}",
            Role = role,
            Arrested = arrested,
            Interviewed = interviewed,
        };
        db.Involvements.AddRange(
            V(1, "MPS", Case, 101, InvolvementRole.Suspect, arrested: true, interviewed: false),
            V(1, "MPS", Case, 102, InvolvementRole.Suspect, arrested: true, interviewed: true),
            V(1, "MPS", Case, 201, InvolvementRole.Victim),
            V(1, "MPS", Case, 202, InvolvementRole.Victim),
            V(2, "MPS", "MPS/21/0000002", 101, InvolvementRole.Suspect),
            V(3, "GMP", "GMP/21/0000003", 501, InvolvementRole.Suspect, arrested: true, interviewed: true));
        db.Identifiers.AddRange(
            new Identifier { Id = 1, Force = "MPS", Kind = IdentifierKind.Vehicle, RawValue = "TU61 XYZ", Value = "TU61XYZ", InvestigationId = 1, InvestigationRef = Case, Context = "vehicle seen, also TA09 KLM" },
            new Identifier { Id = 2, Force = "MPS", Kind = IdentifierKind.Vehicle, RawValue = "TU61XYZ", Value = "TU61XYZ", InvestigationId = 2, InvestigationRef = "MPS/21/0000002" },
            new Identifier { Id = 3, Force = "GMP", Kind = IdentifierKind.Phone, RawValue = "07700 900123", Value = "+447700900123", PersonId = 501, PersonRef = "P501" });
        if (linkRun) db.Set<LinkageRun>().Add(new LinkageRun { InputFingerprint = "test", CompletedStage = LinkageStage.Networks });
        await db.SaveChangesAsync();
    }

    private static LinkageSnapshot Resolved => new()
    {
        ResolvedPersonOf = new Dictionary<long, long> { [501] = 102 },
        MissedGroupEvidence = new Dictionary<long, string>(),
    };

    private static async Task<IReadOnlyList<Lead>> LeadsAsync(bool linkRun, DateOnly? asOf = null)
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, linkRun);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var finder = new LeadFinder(new FixedLinkage(linkRun ? Resolved : LinkageSnapshot.Empty));
        return (await finder.ForCaseAsync(db, "mps", Case, Met, asOf ?? AsOf))!;
    }

    private static string Row(Lead l) => $"{l.KindToken}|{l.SubjectRef}|{l.Value}";

    [Fact]
    public async Task A_link_run_counts_as_resolving_people_once_its_probabilistic_stage_is_stored()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var db = ReassessDatabase.CreateContext(t.Target);
        Assert.False(await LeadFinder.LinkRunExistsAsync(db));
        var expected = new Dictionary<LinkageStage, bool>
        {
            [LinkageStage.None] = false,
            [LinkageStage.Deterministic] = false,
            [LinkageStage.Probabilistic] = true,
            [LinkageStage.Networks] = true,
        };
        Assert.Equal(Enum.GetValues<LinkageStage>().Order(), expected.Keys.Order()); // a new stage is decided here too
        foreach (var (stage, linked) in expected)
        {
            db.Set<LinkageRun>().RemoveRange(db.Set<LinkageRun>());
            db.Set<LinkageRun>().Add(new LinkageRun { InputFingerprint = "test", CompletedStage = stage });
            await db.SaveChangesAsync();
            Assert.True(linked == await LeadFinder.LinkRunExistsAsync(db), $"after a run stopped at {stage}");
        }
    }

    [Fact]
    public async Task Without_a_link_run_every_kind_is_found_on_the_same_nominal_and_the_evidence_says_so()
    {
        var leads = await LeadsAsync(linkRun: false);
        Assert.Equal(
        [
            "unrecorded_identifier||+447700900123",
            "unrecorded_identifier||AB12CDE",
            "unrecorded_identifier||TA09KLM",
            "identifier_elsewhere||+447700900123",
            "identifier_elsewhere||TU61XYZ",
            "linked_suspect|P101|MPS/MPS/21/0000002",
            "victim_still_child|P202|",
            "access_to_children|P101|",
            "suspect_not_interviewed|P101|",
            "suspect_deceased|P102|",
            "data_gap|P101|",
        ], leads.Select(Row));
        Assert.Contains("same nominal only", leads.Single(l => l.Kind == LeadKind.LinkedSuspect).Evidence, StringComparison.Ordinal);
        Assert.All(leads, l => Assert.Equal(Lead.KeyOf(l.Kind, l.SubjectRef, l.Value), l.Key));
    }

    [Fact]
    public async Task With_a_link_run_a_suspect_resolved_to_another_forces_nominal_is_later_offending_and_linked()
    {
        var leads = await LeadsAsync(linkRun: true);
        var later = Assert.Single(leads, l => l.Kind == LeadKind.LaterOffending);
        Assert.Equal(("P102", "GMP/GMP/21/0000003"), (later.SubjectRef, later.Value));
        Assert.Contains("GMP/GMP/21/0000003", later.Evidence, StringComparison.Ordinal);
        // The workbench never names another force's investigation.
        Assert.DoesNotContain("GMP/21/0000003", later.EvidenceInForce, StringComparison.Ordinal);
        Assert.Contains("an investigation (GMP)", later.EvidenceInForce, StringComparison.Ordinal);
        Assert.Equal("an investigation (GMP)", later.ValueInForce);
        Assert.Equal([ReviewQuestion.ExtantRisks, ReviewQuestion.Opportunities], later.Proposals.Select(p => p.Question));
        Assert.Equal(OpportunityKind.NewEvidence, later.Proposals[1].Opportunity);

        var linked = Assert.Single(leads, l => l.Kind == LeadKind.LinkedSuspect && l.SubjectRef == "P102");
        Assert.Contains(linked.Proposals, p => p.Opportunity == OpportunityKind.CpsReview); // the other investigation was charged
        Assert.DoesNotContain("same nominal only", linked.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_investigation_recorded_on_the_outcome_date_is_linked_but_not_later_offending()
    {
        var leads = await LeadsAsync(linkRun: false);
        Assert.Contains(leads, l => l.Kind == LeadKind.LinkedSuspect && l.Value == "MPS/MPS/21/0000002");
        Assert.DoesNotContain(leads, l => l.Kind == LeadKind.LaterOffending);
    }

    [Theory]
    [InlineData("2025-10-31", false, true)] // P201 exactly 18, P202 17
    [InlineData("2025-10-30", true, true)]  // P201 a day short of 18
    [InlineData("2025-11-01", false, false)] // P202 exactly 18
    public async Task A_victim_is_still_a_child_until_their_eighteenth_birthday(string asOf, bool p201, bool p202)
    {
        var leads = await LeadsAsync(linkRun: false, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        var children = leads.Where(l => l.Kind == LeadKind.VictimStillChild).Select(l => l.SubjectRef).ToList();
        Assert.Equal(p201, children.Contains("P201"));
        Assert.Equal(p202, children.Contains("P202"));
        Assert.All(leads.Where(l => l.Kind == LeadKind.VictimStillChild), l =>
            Assert.Equal([ReferralAgency.ChildrenSocialCare], l.Proposals.Where(p => p.Agency is not null).Select(p => p.Agency!.Value)));
    }

    [Fact]
    public async Task Unrecorded_identifiers_propose_cctv_for_a_vehicle_and_digital_for_a_phone()
    {
        var leads = await LeadsAsync(linkRun: false);
        var categories = leads.Where(l => l.Kind == LeadKind.UnrecordedIdentifier).ToDictionary(l => l.Value, l => l.Proposals.Single().Category);
        Assert.Equal(EnquiryCategory.CctvAnpr, categories["AB12CDE"]);
        Assert.Equal(EnquiryCategory.Digital, categories["+447700900123"]);
        // A recorded value (TU61XYZ) is never unrecorded; crime references and postcodes are not identifiers.
        Assert.DoesNotContain(leads, l => l.Kind == LeadKind.UnrecordedIdentifier && l.Value is "TU61XYZ" or "0000459/24" or "ZX123AB");
        var elsewhere = leads.Single(l => l.Kind == LeadKind.IdentifierElsewhere && l.Value == "TU61XYZ");
        Assert.Contains("1 other investigation in 1 force", elsewhere.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_case_has_no_leads_and_the_candidates_need_a_screening_run()
    {
        await using var t = await TestDatabase.CreateAsync();
        await SeedAsync(t.Target, linkRun: false);
        await using var db = ReassessDatabase.CreateContext(t.Target);
        var finder = new LeadFinder(new FixedLinkage(LinkageSnapshot.Empty));
        Assert.Null(await finder.ForCaseAsync(db, "MPS", "nope", Met, AsOf));
        var ex = await Assert.ThrowsAsync<LeadsException>(() => finder.ForCandidatesAsync(db, Met, null));
        Assert.Contains("no screening run under profile met-2025", ex.Message, StringComparison.Ordinal);

        var outcome = await new ScreeningService(TimeProvider.System, new FixedLinkage(LinkageSnapshot.Empty)).ScreenAsync(t.Target, Met, AsOf, "test");
        var run = await finder.ForCandidatesAsync(db, Met, null);
        Assert.Equal(AsOf, run.AsOf);
        Assert.Equal(outcome.Candidates.Count, run.Candidates.Count);
        Assert.Equal(Enum.GetValues<LeadKind>().Length, run.CountByKind().Count);
    }
}
