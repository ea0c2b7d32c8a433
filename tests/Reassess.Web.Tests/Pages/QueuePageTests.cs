using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Audit;
using Reassess.Web.Cases;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>The queue's filters, counts and paging, through the page.</summary>
public sealed partial class QueuePageTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private static IReadOnlyList<string> References(string html) =>
        [.. CaseLink().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<a href=\"/cases/\\d+\">([^<]+)</a>")]
    private static partial Regex CaseLink();

    [Theory]
    [InlineData("", "FA-0001,FA-0002,FA-0003")]
    [InlineData("?typology=peer", "FA-0003")]
    [InlineData("?typology=online", "FA-0002")]
    [InlineData("?year=2018", "FA-0002")]
    [InlineData("?basis=Criteria", "FA-0001,FA-0002,FA-0003")]
    [InlineData("?basis=Linked", "")]
    [InlineData("?status=Queued&year=2016", "FA-0001")]
    [InlineData("?status=Approved", "")]
    public async Task Each_filter_narrows_the_force_queue_highest_priority_first(string query, string expected)
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = await reviewer.GetStringAsync("/queue" + query);
        Assert.Equal(expected, string.Join(",", References(html)));
        Assert.DoesNotContain("FB-0001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_counts_at_the_top_follow_the_filters_and_a_page_past_the_end_shows_the_last_page()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var all = await reviewer.GetStringAsync("/queue");
        Assert.Contains("<strong>3</strong> in the queue", all, StringComparison.Ordinal);
        var peer = await reviewer.GetStringAsync("/queue?typology=peer");
        Assert.Contains("<strong>1</strong> match the filters", peer, StringComparison.Ordinal);
        Assert.Contains("Clear the filters", peer, StringComparison.Ordinal);
        var past = await reviewer.GetStringAsync("/queue?p=9");
        Assert.Contains("Page 1 of 1 (3 cases)", past, StringComparison.Ordinal);
        Assert.Equal(3, References(past).Count);
    }

    [Fact]
    public async Task Each_page_of_the_queue_is_recorded_as_a_consultation_of_the_investigations_on_it()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA2);
        await reviewer.GetStringAsync("/queue?typology=peer");
        var trail = app.Services.GetRequiredService<AuditTrail>();
        // FA-0003 is investigation 3, the only peer case.
        var entry = Assert.Single(await trail.FindAsync(new AuditQuery { Actor = Workbench.ReviewerA2.Name, Case = "3" }));
        Assert.Equal(CaseAccess.Operations.ViewQueue, entry.Operation);
        Assert.Equal(AuditCategory.Consultation, entry.Category);
        Assert.Equal(["3"], entry.SubjectIdList);
    }
}
