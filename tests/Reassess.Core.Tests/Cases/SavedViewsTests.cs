using Reassess.Audit;
using Reassess.Cases;
using Reassess.Reviews;
using static Reassess.Tests.Reviews.ReviewWorld;

namespace Reassess.Tests.Cases;

/// <summary>
/// What the queue page reads through the core instead of querying itself: a user's saved views, where selected cases
/// stand before a reassignment, and the crime references the audit page shows for the trail's investigation numbers.
/// </summary>
[Trait("Category", "Database")]
public sealed class SavedViewsTests
{
    [Fact]
    public async Task Views_belong_to_their_owner_whatever_the_case_of_the_name_and_a_name_saved_again_replaces_the_query()
    {
        await using var world = await CreateAsync();
        await using (var db = world.Context())
        {
            var views = new SavedViews(db, world.Clock);
            Assert.Null(await views.SaveAsync("rev.one", "  Returned  ", "?status=Returned"));
            Assert.Null(await views.SaveAsync("REV.ONE", "Returned", "?status=Returned&sort=age"));
            Assert.Null(await views.SaveAsync("rev.two", "Returned", "?status=Returned"));
            Assert.Equal("Give the view a name of up to 100 characters.", await views.SaveAsync("rev.one", " ", "?q=x"));
            Assert.Equal("Give the view a name of up to 100 characters.", await views.SaveAsync("rev.one", new string('v', 101), "?q=x"));
            Assert.NotNull(await views.SaveAsync("rev.one", "Long", "?q=" + new string('x', SavedViews.MaxQueryLength)));
        }
        await using (var db = world.Context())
        {
            var mine = await new SavedViews(db, world.Clock).OfAsync("Rev.One");
            var view = Assert.Single(mine);
            Assert.Equal(("Returned", "?status=Returned&sort=age"), (view.Name, view.Query));
            Assert.Single(await new SavedViews(db, world.Clock).OfAsync("rev.two"));
        }
    }

    [Fact]
    public async Task Statuses_say_where_each_case_of_the_force_stands_and_leave_out_another_forces()
    {
        await using var world = await CreateAsync();
        var assigned = await world.AssignedAsync();
        var statuses = await world.ReadCase(q => q.StatusesAsync("mps", [world.Case, world.Case, 999_999]));
        var status = Assert.Single(statuses);
        Assert.Equal((world.Case, ReviewStatus.Assigned, "rev.one"), (status.CandidateId, status.Status, status.Reviewer));
        Assert.Equal(assigned.CandidateId, status.CandidateId);
        Assert.Empty(await world.ReadCase(q => q.StatusesAsync("KNT", [world.Case])));
    }

    [Fact]
    public async Task The_audit_page_finds_an_investigation_by_number_or_crime_reference_and_names_numbers_by_reference()
    {
        await using var world = await CreateAsync();
        await using var db = world.Context();
        var names = new AuditSubjectNames(db);
        Assert.Equal(("1", (string?)null), await names.InvestigationAsync(" 1 "));
        Assert.Equal(("1", (string?)null), await names.InvestigationAsync("MPS-0001"));
        Assert.Equal((null, "No investigation has that number or crime reference."), await names.InvestigationAsync("NO/SUCH/REF"));
        var references = await names.ReferencesAsync(["1", "1", "not a number", "999999"]);
        Assert.Equal("MPS-0001 (MPS)", Assert.Single(references).Value);
    }
}
