using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reassess.Web.Assets;
using Reassess.Web.Cases;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// A started server prepares its first case page in the background (<see cref="WarmUpOnStart"/>): the files the pages link
/// to are compressed before anyone asks for them, unless <c>Reassess:WarmUp</c> is false. What the case warm-up reads and
/// that it writes nothing is <c>CaseWarmUpTests</c> in the core's tests.
/// </summary>
public sealed partial class WarmUpOnStartTests
{
    [Fact]
    public async Task A_started_server_compresses_the_linked_files_and_warms_up_the_case_page_in_the_background()
    {
        await using var app = await Workbench.StartAsync();
        var warmUp = app.Services.GetServices<IHostedService>().OfType<WarmUpOnStart>().Single();
        var result = await warmUp.Done.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.NotNull(result);
        var assets = app.Services.GetRequiredService<CompressedAssets>();
        foreach (var path in CompressedAssets.Linked)
        {
            var compressed = Assert.IsType<CompressedAssets.Asset>(assets.Find(path)).CompressedAsync();
            Assert.True(compressed.IsCompletedSuccessfully, $"{path} was not compressed by the warm-up");
        }
    }

    [Fact]
    public async Task With_the_warm_up_turned_off_nothing_is_prepared()
    {
        await using var app = new Workbench().With(ReassessWebApp.WarmUpSetting, "false");
        await app.InitializeAsync();
        var warmUp = app.Services.GetServices<IHostedService>().OfType<WarmUpOnStart>().Single();
        Assert.Null(await warmUp.Done.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    /// <summary>Every file a page links to through <c>Assets.Url</c> is one the warm-up compresses, and exists.</summary>
    [Fact]
    public void The_warm_up_compresses_every_file_the_pages_link_to()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Reassess.slnx"))) root = root.Parent;
        var pages = Path.Combine(root?.FullName ?? throw new InvalidOperationException("No Reassess.slnx above the tests."), "src", "Reassess.Web", "Pages");
        var linked = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => AssetUrl().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(linked);
        Assert.Equal(linked.Order(StringComparer.Ordinal), CompressedAssets.Linked.Order(StringComparer.Ordinal));
        var assets = new CompressedAssets();
        Assert.All(CompressedAssets.Linked, path => Assert.NotNull(assets.Find(path)));
    }

    [GeneratedRegex("""Assets\.Url\("([^"]+)"\)""")]
    private static partial Regex AssetUrl();
}
