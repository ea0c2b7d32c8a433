using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Reassess.Access;
using Reassess.Reviews;
using Reassess.Web.Tests.Support;
using Xunit.Abstractions;

namespace Reassess.Web.Tests.Browser;

/// <summary>
/// Accessibility and the network chart in headless Chromium (issue 21, items 7 and 11), on the same kind of server as
/// <see cref="WorkbenchBrowserTests"/> (its fixture, one browser for the class): axe-core (vendored in Browser/axe, injected
/// by the driver, never served by the workbench) over every page of every role with zero serious or critical violations
/// and no Content-Security-Policy violation; no sideways scroll at 390 px on the queue and case pages; the chart's
/// legend, keyboard path, table, wheel and repeatable layout.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityBrowserTests(WorkbenchBrowserTests.Server server, ITestOutputHelper output) : IClassFixture<WorkbenchBrowserTests.Server>
{
    private static readonly TestUser ForceLead = new("lead.a", Roles.ForceLead, "FA");
    private static readonly TestUser National = new("national", Roles.NationalOversight, null);
    private static readonly TestUser Auditor = new("auditor", Roles.Auditor, null);
    private static readonly TestUser Admin = new("admin", Roles.Admin, null);

    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(FindAxe()));

    // Every page the driver loads from here on records the CSP violations it meets, for the assertions below.
    private const string CspRecorder =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber); });";

    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static readonly HashSet<WorkbenchBrowserTests.Server> Prepared = [];

    private ChromeDriver B => server.Driver;

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Reassess.Web.Tests", "Browser", "axe", "axe.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("axe.min.js not found above " + AppContext.BaseDirectory + " (expected in tests/Reassess.Web.Tests/Browser/axe).");
    }

    /// <summary>The accounts the other browser tests do not make, one review assigned to the reviewer, and the CSP recorder.</summary>
    private async Task PrepareAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (!Prepared.Add(server)) return;
            await using var scope = server.Services.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            foreach (var u in new[] { ForceLead, National, Auditor, Admin })
                server.Secrets[u.Name] = (await admin.AddAsync(u.Name, u.Role, u.Force, Workbench.Password)).Secret;
            var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var supervisor = new Actor(Workbench.SupervisorA.Name, Workbench.SupervisorA.Role, Workbench.SupervisorA.Force);
            var assigned = await reviews.AssignAsync(supervisor, server.Cases["FA-0002"], Workbench.ReviewerA.Name);
            Assert.True(assigned.Succeeded, assigned.Message);
            await Reassess.Web.Tests.Pages.MatchesPageTests.SeedAsync(scope.ServiceProvider.GetRequiredService<Reassess.Storage.DatabaseTarget>());
            B.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = CspRecorder });
        }
        finally { Setup.Release(); }
    }

    private void Go(string path) => B.Navigate().GoToUrl(server.BaseUrl + path);

    private IWebElement Find(string css) => B.FindElement(By.CssSelector(css));

    private void Fill(string css, string text)
    {
        var e = Find(css);
        e.Clear();
        e.SendKeys(text);
    }

    private void Button(string text) => B.FindElement(By.XPath($"//button[normalize-space()='{text}']")).Click();

    private void WaitFor(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try { if (condition()) return; }
            catch (StaleElementReferenceException) { }
            catch (NoSuchElementException) { }
            Thread.Sleep(100);
        }
        Assert.Fail("Waited 10 s for " + what + "; the page is " + B.Url);
    }

    private bool SignedIn()
    {
        B.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        try { return B.FindElements(By.XPath("//button[normalize-space()='Sign out']")).Count > 0; }
        catch (StaleElementReferenceException) { return true; }
        finally { B.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5); }
    }

    /// <summary>Signs in through the pages; <paramref name="scan"/> is called on the password and the code page.</summary>
    private void SignIn(TestUser user, Action<string>? scan = null)
    {
        Go("/sign-in");
        if (SignedIn())
        {
            Button("Sign out");
            WaitFor(() => !SignedIn(), "the sign-out");
            Go("/sign-in");
        }
        scan?.Invoke("sign-in");
        Fill("#UserName", user.Name);
        Fill("#Password", Workbench.Password);
        Button("Continue");
        WaitFor(() => B.FindElements(By.CssSelector("#Code")).Count > 0, "the code page");
        scan?.Invoke("sign-in code");
        Workbench.ForgetUsedCodesAsync(server.Services, user.Name).GetAwaiter().GetResult();
        Fill("#Code", Totp.Code(server.Secrets[user.Name]));
        Button("Sign in");
        WaitFor(() => Find("main").Text.Contains("Signed in as " + user.Name, StringComparison.Ordinal), "the start page");
    }

    /// <summary>axe-core's serious and critical violations on the page as it stands, one line each, and its CSP violations.</summary>
    private List<string> Scan(string state)
    {
        WaitFor(() => (string)B.ExecuteScript("return document.readyState;")! == "complete", "the page to load");
        if (B.ExecuteScript("return typeof window.axe;") as string != "object") B.ExecuteScript(Axe.Value);
        B.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        var json = (string)B.ExecuteAsyncScript("""
            var done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
              done(JSON.stringify(r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
                .map(function (v) { return v.impact + " " + v.id + ": " + v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); }).join(" | ") + " (" + v.nodes.length + ")"; })));
            }, function (e) { done(JSON.stringify(["axe failed: " + e])); });
            """)!;
        var found = JsonSerializer.Deserialize<List<string>>(json)!.Select(v => $"{state} [{B.Url.Replace(server.BaseUrl, "", StringComparison.Ordinal)}]: {v}").ToList();
        found.AddRange(CspViolations().Select(v => $"{state}: CSP {v}"));
        output.WriteLine($"{state}: {(found.Count == 0 ? "clean" : string.Join("\n  ", found))}");
        return found;
    }

    private List<string> CspViolations()
    {
        var list = B.ExecuteScript("return window.__csp || [];") as IReadOnlyCollection<object>;
        return list is null ? [] : [.. list.Select(o => o.ToString()!)];
    }

    private void Visit(List<string> problems, string state, string path)
    {
        Go(path);
        problems.AddRange(Scan(state));
    }

    [Fact]
    public async Task Every_page_of_every_role_has_no_serious_or_critical_axe_violation_and_no_CSP_violation()
    {
        await PrepareAsync();
        var problems = new List<string>();
        var fa1 = server.Cases["FA-0001"];
        var fa2 = server.Cases["FA-0002"];
        var started = DateTime.UtcNow;

        // The scan finds what it should: a button without a name, planted in a page, is a critical violation.
        Go("/sign-in");
        B.ExecuteScript("var b = document.createElement('button'); b.id = 'axe-probe'; document.body.appendChild(b);");
        Assert.Contains(Scan("probe"), v => v.Contains("critical button-name: #axe-probe", StringComparison.Ordinal));

        SignIn(Workbench.ReviewerA, state => problems.AddRange(Scan(state)));
        problems.AddRange(Scan("reviewer home"));
        Visit(problems, "reviewer queue", "/queue");
        Visit(problems, "reviewer queue searched", "/queue?q=FA-0001");
        Visit(problems, "reviewer queue, nothing found", "/queue?q=ZZ-9999");
        Visit(problems, "reviewer queue sorted", "/queue?sort=reference&dir=asc");
        Visit(problems, "reviewer my work", "/work");
        Visit(problems, "reviewer person matches", "/matches");
        Visit(problems, "reviewer case", $"/cases/{fa1}");
        Find("#network-table-toggle").Click();
        problems.AddRange(Scan("reviewer case, chart as a table"));
        Visit(problems, "reviewer review (assigned)", $"/cases/{fa2}/review");
        Visit(problems, "not found", "/cases/999999");

        SignIn(Workbench.SupervisorA);
        problems.AddRange(Scan("supervisor home"));
        Visit(problems, "supervisor queue", "/queue");
        Visit(problems, "supervisor queue, reassigning", "/queue?reassign=1");
        Visit(problems, "supervisor awaiting sign-off", "/supervision");
        Visit(problems, "supervisor progress report", "/reports");
        Visit(problems, "supervisor data quality report", "/reports?report=data-quality");
        Visit(problems, "supervisor public summary", "/reports?report=public");
        Visit(problems, "supervisor print-ready report", "/reports?report=progress&handler=print");
        Visit(problems, "supervisor review of another's case", $"/cases/{fa2}/review");

        SignIn(ForceLead);
        problems.AddRange(Scan("force lead home"));
        Visit(problems, "force lead referral export", "/referrals/export");
        Visit(problems, "force lead reports", "/reports");

        SignIn(National);
        problems.AddRange(Scan("national home"));
        Visit(problems, "national oversight", "/oversight");
        Visit(problems, "national referral queue", "/referrals");
        Visit(problems, "national report", "/reports?report=national");

        SignIn(Auditor);
        problems.AddRange(Scan("auditor home"));
        Visit(problems, "audit trail", "/audit");
        Visit(problems, "audit trail by crime reference", "/audit?investigation=FA-0001");
        Visit(problems, "audit trail, bad search", "/audit?investigation=NO-SUCH");
        Button("Check the whole chain now");
        WaitFor(() => B.FindElements(By.CssSelector("#verification")).Count > 0, "the chain check");
        problems.AddRange(Scan("audit trail, chain checked"));

        SignIn(Admin);
        problems.AddRange(Scan("admin home"));
        Visit(problems, "users", "/users");

        output.WriteLine($"Scanned in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task At_390_px_the_queue_and_case_pages_do_not_scroll_sideways()
    {
        await PrepareAsync();
        SignIn(Workbench.ReviewerA);
        try
        {
            // A phone's viewport: 390 CSS pixels, overlay scroll bars.
            B.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?> { ["width"] = 390, ["height"] = 844, ["deviceScaleFactor"] = 1, ["mobile"] = true });
            var wide = new List<string>();
            foreach (var (name, path) in new[] { ("queue", "/queue"), ("case", $"/cases/{server.Cases["FA-0001"]}"), ("my work", "/work"), ("home", "/") })
            {
                Go(path);
                WaitFor(() => (string)B.ExecuteScript("return document.readyState;")! == "complete", "the page to load");
                var widths = Widths();
                output.WriteLine($"{name} at 390 px: viewport {widths.Client} px, page {widths.Scroll} px");
                if (widths.Scroll > widths.Client) wide.Add($"{name}: {widths.Scroll} px wide in a {widths.Client} px viewport; widest: {Widest()}");
            }
            // The review page belongs to another part of the work: measured and reported, not asserted here.
            Go($"/cases/{server.Cases["FA-0002"]}/review");
            var review = Widths();
            output.WriteLine($"review at 390 px (reported only): viewport {review.Client} px, page {review.Scroll} px; widest: {Widest()}");
            Assert.True(wide.Count == 0, string.Join("\n", wide));
        }
        finally { B.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", new Dictionary<string, object?>()); }
    }

    [Fact]
    public async Task At_390_px_report_charts_keep_readable_text_and_scroll_inside_a_focusable_named_figure()
    {
        await PrepareAsync();
        SignIn(Workbench.SupervisorA);
        try
        {
            B.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?> { ["width"] = 390, ["height"] = 844, ["deviceScaleFactor"] = 1, ["mobile"] = true });
            Go("/reports");
            WaitFor(() => (string)B.ExecuteScript("return document.readyState;")! == "complete", "the page to load");
            var widths = Widths();
            Assert.True(widths.Scroll <= widths.Client, $"the report page is {widths.Scroll} px wide in a {widths.Client} px viewport; widest: {Widest()}");

            // The charts draw their smallest text at 12.5 of 720 units: its size on screen follows the chart's width.
            var charts = (IReadOnlyCollection<object>)B.ExecuteScript("""
                return Array.prototype.map.call(document.querySelectorAll("#main svg.chart"), function (svg) {
                  var figure = svg.closest("figure");
                  return [svg.getBoundingClientRect().width * 12.5 / svg.viewBox.baseVal.width,
                          figure.scrollWidth > figure.clientWidth + 1, figure.getAttribute("tabindex"), figure.getAttribute("aria-label") || ""];
                });
                """)!;
            Assert.NotEmpty(charts);
            foreach (var chart in charts.Cast<IReadOnlyList<object>>())
            {
                var text = Convert.ToDouble(chart[0], CultureInfo.InvariantCulture);
                output.WriteLine($"chart text {text:F1} px, scrolls {chart[1]}, tabindex {chart[2]}, label \"{chart[3]}\"");
                Assert.True(text >= 9.5, $"a chart's smallest text is {text:F1} px at 390 px");
                // On a phone the chart is wider than its figure: the figure scrolls, and a keyboard user can reach it by name.
                Assert.True((bool)chart[1], "the chart fits a 390 px figure, so its text must have shrunk");
                Assert.Equal("0", chart[2]);
                Assert.EndsWith("(scrolls sideways)", (string)chart[3], StringComparison.Ordinal);
            }
            Assert.Empty(Scan("supervisor progress report at 390 px"));
        }
        finally { B.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", new Dictionary<string, object?>()); }
    }

    private (long Client, long Scroll) Widths() =>
        ((long)B.ExecuteScript("return document.documentElement.clientWidth;")!, (long)B.ExecuteScript("return document.documentElement.scrollWidth;")!);

    // The elements that stick out of the viewport and are not inside a box that scrolls or clips them: what widens the page.
    private string Widest() => (string)B.ExecuteScript("""
        var w = document.documentElement.clientWidth, out = [];
        function clipped(e) {
          for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            var o = getComputedStyle(a).overflowX;
            if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
          }
          return false;
        }
        document.querySelectorAll("body *").forEach(function (e) {
          var r = e.getBoundingClientRect();
          if (r.right > w + 1 && !clipped(e)) out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "") + " " + Math.round(r.right));
        });
        return out.slice(0, 8).join(", ");
        """)!;

    [Fact]
    public async Task The_network_chart_has_a_legend_a_keyboard_path_a_table_the_same_layout_on_every_load_and_zooms_only_with_a_modifier()
    {
        await PrepareAsync();
        SignIn(Workbench.ReviewerA);
        var url = $"/cases/{server.Cases["FA-0001"]}";
        Go(url);
        WaitFor(() => B.FindElements(By.CssSelector("#network canvas")).Count > 0, "the chart");

        // The legend names each kind shown, with its shape.
        var legend = Find("#network-legend").Text;
        foreach (var kind in new[] { "This investigation", "Linked investigation", "Suspect", "Victim", "Phone", "Another force's" })
            Assert.Contains(kind, legend, StringComparison.Ordinal);
        Assert.Equal(B.FindElements(By.CssSelector("#network-legend li")).Count, B.FindElements(By.CssSelector("#network-legend li svg")).Count);

        // The chart fits its box.
        var fits = (bool)B.ExecuteScript("""
            var host = document.getElementById("network"), cy = host.reassessChart, bb = cy.elements().renderedBoundingBox();
            return bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= host.clientWidth + 1 && bb.y2 <= host.clientHeight + 1;
            """)!;
        Assert.True(fits, "The chart's nodes fall outside its box.");

        // The same layout on every load.
        const string Positions = "var cy = document.getElementById('network').reassessChart; return JSON.stringify(cy.nodes().map(function (n) { var p = n.position(); return n.id() + '@' + Math.round(p.x) + ',' + Math.round(p.y); }).sort());";
        var first = (string)B.ExecuteScript(Positions)!;
        Go(url);
        WaitFor(() => B.FindElements(By.CssSelector("#network canvas")).Count > 0, "the chart again");
        Assert.Equal(first, (string)B.ExecuteScript(Positions)!);

        // The wheel scrolls the page; with Ctrl it zooms the chart.
        const string Wheel = "var host = document.getElementById('network'), cy = host.reassessChart, before = cy.zoom(); var r = host.getBoundingClientRect();" +
            "host.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, ctrlKey: arguments[0], clientX: r.left + 50, clientY: r.top + 50, bubbles: true, cancelable: true }));" +
            "return cy.zoom() !== before;";
        Assert.False((bool)B.ExecuteScript(Wheel, false)!);
        Assert.True((bool)B.ExecuteScript(Wheel, true)!);

        // The keyboard path: Tab reaches the chart, the arrows walk its nodes in words, Enter opens a linked case.
        var host = Find("#network");
        Assert.Equal("0", host.GetAttribute("tabindex"));
        host.SendKeys(Keys.ArrowRight);
        WaitFor(() => Find("#network-status").Text.StartsWith("This investigation: FA-0001", StringComparison.Ordinal), "the first node described");
        string status;
        var steps = 0;
        do
        {
            Find("#network").SendKeys(Keys.ArrowRight);
            status = Find("#network-status").Text;
            steps++;
        }
        while (!status.StartsWith("Linked investigation (select to open): FA-0002", StringComparison.Ordinal) && steps < 40);
        Assert.StartsWith("Linked investigation (select to open): FA-0002", status, StringComparison.Ordinal);
        Assert.Contains("Press Enter to open it.", status, StringComparison.Ordinal);
        Find("#network").SendKeys(Keys.Enter);
        WaitFor(() => B.Url.EndsWith($"/cases/{server.Cases["FA-0002"]}", StringComparison.Ordinal), "the linked case to open");

        // The equivalent table, behind a button.
        Go(url);
        var toggle = Find("#network-table-toggle");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.False(Find("#network-table").Displayed);
        toggle.Click();
        Assert.Equal("true", Find("#network-table-toggle").GetAttribute("aria-expanded"));
        var table = Find("#network-table").Text;
        Assert.Contains("Suspect", table, StringComparison.Ordinal);
        Assert.Contains("FA-0002", table, StringComparison.Ordinal);
        Assert.Empty(CspViolations());
    }
}
