using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Reassess.Cases;
using Reassess.Linkage;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;
using Spectre.Console;

namespace Reassess.Cli.Tests.Commands;

/// <summary>
/// <c>reassess leads</c> and the workbench follow one as-of rule (<see cref="Leads.LeadAsOf"/>): one case is seen as of today
/// by the clock (the case page, the review, <c>reassess leads FORCE ID</c>); a run's leads as a whole (<c>--out</c>) are as of
/// the run's date; <c>--as-of</c> overrides either. The case was screened as of 2025-03-31, when its victim (born 2008-06-01)
/// was 16; today (2026-12-06) she is 18, so <c>victim_still_child</c> is the lead that tells the two days apart.
/// Synthetic: made-up references.
/// </summary>
[Trait("Category", "Database")]
public sealed class LeadsCommandTests : IAsyncLifetime
{
    private const string Case = "MPS/19/0000001";
    private static readonly DateOnly ScreenedAsOf = new(2025, 3, 31);
    private static readonly DateTimeOffset Today = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("reassess-cli-leads-").FullName;
    private readonly FixedClock _clock = new(Today);
    private TestDatabase _db = null!;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using (var db = ReassessDatabase.CreateContext(_db.Target))
        {
            db.Investigations.Add(new Investigation
            {
                Id = 1,
                Force = "MPS",
                InvestigationRef = Case,
                RecordedDate = new(2019, 7, 1),
                OffenceFrom = new(2019, 6, 1),
                OffenceCodes = "19C",
                OutcomeCode = "15",
                OutcomeDate = new(2020, 1, 1),
                Summary = "The victim saw a van, ab12 cde, outside the school.",
            });
            db.People.AddRange(
                new Person { Id = 11, Force = "MPS", PersonRef = "P11", Surname = "TESTER", DateOfBirth = new(1980, 1, 1), SelfDefinedEthnicity = "W1", Nationality = "GBR" },
                new Person { Id = 12, Force = "MPS", PersonRef = "P12", Surname = "TESTER", DateOfBirth = new(1981, 1, 1), SelfDefinedEthnicity = "W1", Nationality = "GBR" },
                new Person { Id = 21, Force = "MPS", PersonRef = "P21", Surname = "TESTER", DateOfBirth = new(2008, 6, 1), SelfDefinedEthnicity = "W1", Nationality = "GBR" });
            db.Involvements.AddRange(
                new Involvement { Id = 1, Force = "MPS", InvestigationId = 1, InvestigationRef = Case, PersonId = 11, PersonRef = "P11", Role = InvolvementRole.Suspect, Relationship = SuspectRelationship.Family },
                new Involvement { Id = 3, Force = "MPS", InvestigationId = 1, InvestigationRef = Case, PersonId = 12, PersonRef = "P12", Role = InvolvementRole.Suspect, Relationship = SuspectRelationship.Family },
                new Involvement { Id = 2, Force = "MPS", InvestigationId = 1, InvestigationRef = Case, PersonId = 21, PersonRef = "P21", Role = InvolvementRole.Victim });
            await db.SaveChangesAsync();
        }
        await new ScreeningService(_clock, new StoredLinkageFacts()).ScreenAsync(_db.Target, CriteriaProfileLoader.LoadShipped("met-2025"), ScreenedAsOf, "test");
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Out)> Reassess(params string[] args)
    {
        using var stdout = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var code = await CliApp.RunAsync([.. args, "--db", _db.Target.ConnectionString, "--audit-key", Path.Combine(_dir, "trail.audit-key")], console, _clock);
        return (code, stdout.ToString());
    }

    /// <summary>The case's leads as <c>--out</c> writes them: kind|subject|value.</summary>
    private async Task<List<string>> CliLeadsAsync(params string[] extra)
    {
        var path = Path.Combine(_dir, $"leads-{Guid.NewGuid():N}.csv");
        var (code, _) = await Reassess(["leads", "--profile", "met-2025", "--out", path, .. extra]);
        Assert.Equal(0, code);
        return [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] == Case).Select(r => $"{r[2]}|{r[3]}|{r[4]}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task One_case_is_seen_as_of_today_in_both_shells_and_the_run_export_as_of_the_run_date()
    {
        // The case page (and the review): the workbench's one lead source, with the same clock.
        using var caches = new CaseCaches();
        await using var db = ReassessDatabase.CreateContext(_db.Target);
        var candidate = await db.Set<Candidate>().AsNoTracking().SingleAsync(c => c.InvestigationRef == Case);
        var page = await new CaseLeadFinder(caches, _clock).ForCandidateAsync(db, candidate);
        Assert.Equal(DateOnly.FromDateTime(Today.UtcDateTime), page.AsOf);
        var pageLeads = page.Leads.Select(l => $"{l.KindToken}|{l.SubjectRef}|{l.Value}").Order(StringComparer.Ordinal).ToList();

        // The run's export, as of today when asked: the same leads as the page.
        var cli = await CliLeadsAsync("--as-of", "2026-12-06");
        Assert.NotEmpty(cli);
        Assert.Equal(pageLeads, cli);
        Assert.DoesNotContain(cli, l => l.StartsWith("victim_still_child|", StringComparison.Ordinal)); // 18 today

        // The run's export by default: as of the run's date (2025-03-31), reproducible whatever day it is written; she was 16.
        var run = await CliLeadsAsync();
        Assert.Contains("victim_still_child|P21|", run);
        Assert.Equal(cli, run.Where(l => !l.StartsWith("victim_still_child|", StringComparison.Ordinal)).ToList());

        // One case, as a table, by default: today, as the page, so no victim_still_child.
        var (code, shown) = await Reassess("leads", "MPS", Case, "--profile", "met-2025");
        Assert.Equal(0, code);
        Assert.Contains($"{Case}: {cli.Count} lead(s) under met-2025", shown, StringComparison.Ordinal);
        Assert.Contains("as of 2026-12-06", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("victim_still_child", shown, StringComparison.Ordinal);
        // At 80 columns, one block per lead: a numbered heading, the value whole on its line, the evidence wrapped at words.
        var lines = shown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Equal(cli.Count, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\. [a-z_]+")));
        Assert.Contains("1. unrecorded_identifier", shown, StringComparison.Ordinal);
        Assert.Contains("   value:    AB12CDE", lines);
        var evidence = lines.SkipWhile(l => !l.StartsWith("   evidence: vehicle AB12CDE", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(evidence.Count > 1, "the evidence wraps onto more lines");
        Assert.All(evidence.Skip(1), l => Assert.StartsWith("             ", l, StringComparison.Ordinal));
        Assert.Contains("it is not recorded as an identifier of this investigation or of its people",
            string.Join(' ', evidence.Select(l => l.Trim())), StringComparison.Ordinal);

        // --as-of the screening date: she was 16 then.
        var then = await CliLeadsAsync("--as-of", ScreenedAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(run, then);
        var (_, shownThen) = await Reassess("leads", "MPS", Case, "--profile", "met-2025", "--as-of", "2025-03-31");
        Assert.Contains("as of 2025-03-31", shownThen, StringComparison.Ordinal);
        Assert.Contains("victim_still_child", shownThen, StringComparison.Ordinal);
    }
}
