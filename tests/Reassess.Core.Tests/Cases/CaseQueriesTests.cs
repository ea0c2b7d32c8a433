using Reassess.Access;
using Reassess.Cases;
using Reassess.Records;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Cases;

/// <summary>The case read model (<see cref="CaseQueries"/>): what the case page, the review page and the benchmark read.</summary>
[Trait("Category", "Database")]
public class CaseQueriesTests
{
    [Fact]
    public async Task The_case_page_shows_the_facts_the_people_the_factors_the_review_and_its_history_in_order()
    {
        await using var world = await CreateAsync();
        var submitted = await world.SubmittedAsync();
        await world.Run(s => s.ReturnAsync(Supervisor, submitted.Id, submitted.Version, "More on suspect B."));

        var detail = await world.ReadCase(q => q.CaseAsync(Reviewer, world.Case));
        Assert.NotNull(detail);
        Assert.Equal("MPS-0001", detail.Investigation.InvestigationRef);
        Assert.Equal(["19D Rape of a female child under 16"], detail.OffenceDescriptions);
        Assert.Equal("15 Evidential difficulties - named suspect identified; victim supports action", detail.OutcomeDescription);
        Assert.Equal([new PriorityContribution("suspect_count", 5)], detail.PriorityFactors);

        Assert.Equal(
            [(Victim, InvolvementRole.Victim), (SuspectA, InvolvementRole.Suspect), (SuspectB, InvolvementRole.Suspect)],
            detail.People.Select(p => (p.PersonId, p.Role)).ToList());
        var victim = detail.People[0];
        Assert.Equal((14, 25, "Amy Carrow"), (victim.AgeAtOffence!.Value, victim.AgeToday!.Value, victim.Name)); // born 2001-01-15, offence 2015-04-01
        Assert.False(victim.EthnicityRecorded); // NS: asked, not stated
        Assert.Equal(44, detail.People[1].AgeAtOffence); // born 1970-04-02: the day before his birthday
        Assert.True(detail.People[2].EthnicityRecorded);
        Assert.Equal("English / Welsh / Scottish / Northern Irish / British", detail.People[2].EthnicityName);
        Assert.Null(detail.People[2].AgeAtOffence);

        Assert.Equal(ReviewStatus.Returned, detail.Status);
        Assert.Equal(Recommendation.ReinvestigateLocally, detail.Form.Recommendation);
        Assert.Equal(ReviewStatus.Returned, Assert.Single(detail.Versions).Decision);
        Assert.Equal(
            [ReviewStatus.Assigned, ReviewStatus.InReview, ReviewStatus.Submitted, ReviewStatus.Returned],
            detail.History.Select(t => t.To).ToList());
        Assert.Equal(new CaseActions(CanTake: false, CanAssign: false, CanEdit: true, CanSignOff: false, CanReopen: false), detail.Actions);
        Assert.Equal(("met-2025", new DateOnly(2026, 3, 1)), (detail.Run!.ProfileName, detail.Run.AsOf));
        // The screening engine's own explanation, with the profile and as-of date of the run.
        Assert.NotNull(detail.Explanation.Explanation);
        Assert.Equal(new DateOnly(2026, 3, 1), detail.Explanation.Explanation.AsOf);
        Assert.Null(detail.Explanation.Unavailable);
    }

    [Fact]
    public async Task The_case_page_of_another_forces_case_is_not_found_and_national_oversight_may_read_it()
    {
        await using var world = await CreateAsync();
        Assert.Null(await world.ReadCase(q => q.CaseAsync(KentReviewer, world.Case)));
        Assert.Null(await world.ReadCase(q => q.CaseAsync(Reviewer, world.KentCase)));
        Assert.Null(await world.ReadCase(q => q.CaseAsync(Auditor, world.Case)));
        Assert.Null(await world.ReadCase(q => q.CaseAsync(Reviewer, 999_999)));

        var national = await world.ReadCase(q => q.CaseAsync(National, world.Case));
        Assert.NotNull(national);
        Assert.Equal(new CaseActions(false, false, false, false, false), national.Actions);
        var queued = await world.ReadCase(q => q.CaseAsync(Reviewer, world.Case));
        Assert.Equal(new CaseActions(CanTake: true, CanAssign: false, CanEdit: false, CanSignOff: false, CanReopen: false), queued!.Actions);
        Assert.Empty(queued.History);
        Assert.Null(queued.Review);
    }

    [Theory]
    [InlineData("suspect_count=2;victim_under_18_today=3.5", "suspect_count:2|victim_under_18_today:3.5")]
    [InlineData("", "")]
    [InlineData("a=1;broken;b=x;c=-0.25", "a:1|c:-0.25")]
    public void Priority_factors_are_read_from_name_equals_contribution_pairs(string text, string expected) =>
        Assert.Equal(expected, string.Join("|", CaseQueries.ParseFactors(text).Select(f => $"{f.Name}:{f.Contribution.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));
}
