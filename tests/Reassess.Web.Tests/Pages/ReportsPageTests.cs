using System.Net;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>The report dashboards: a force sees its own figures, national oversight every force and the national view.</summary>
public sealed class ReportsPageTests(ReportsPageTests.Fixture fixture) : IClassFixture<ReportsPageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public Workbench App { get; } = new();

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private Workbench App => fixture.App;

    [Fact]
    public async Task A_supervisor_sees_progress_and_data_quality_for_their_own_force_only()
    {
        var client = await App.SignInAsync(Workbench.SupervisorA);
        var progress = await client.GetAsync("/reports");
        var html = await progress.Content.ReadAsStringAsync();
        Assert.True(progress.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Re-assessment progress", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal); // the burn-up chart, drawn on the server
        Assert.Contains("<td>FA</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>FB</td>", html, StringComparison.Ordinal);
        Assert.Equal("no-store", progress.Headers.CacheControl?.ToString());

        var quality = await client.GetAsync("/reports?report=data-quality");
        Assert.Equal(HttpStatusCode.OK, quality.StatusCode);
        var q = await quality.Content.ReadAsStringAsync();
        Assert.Contains("<td>FA</td>", q, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>FB</td>", q, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/reports?report=national")).StatusCode);
        var published = await client.GetAsync("/reports?report=public");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("disclosure", (await published.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/reports?report=no-such-report")).StatusCode);
    }

    [Fact]
    public async Task National_oversight_sees_every_force_side_by_side()
    {
        var client = await App.SignInAsync(Workbench.National);
        var national = await client.GetAsync("/reports?report=national");
        Assert.Equal(HttpStatusCode.OK, national.StatusCode);
        var html = await national.Content.ReadAsStringAsync();
        Assert.Contains("<td>FA</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>FB</td>", html, StringComparison.Ordinal);
        var progress = await (await client.GetAsync("/reports")).Content.ReadAsStringAsync();
        Assert.Contains("<td>FB</td>", progress, StringComparison.Ordinal);
    }
}
