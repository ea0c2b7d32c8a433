using System.Diagnostics;
using System.Globalization;
using Reassess.Prioritisation;
using Reassess.Storage;
using Reassess.Synthesis;
using Spectre.Console;

namespace Reassess.Cli.Commands;

/// <summary>
/// The demo's last step (issue 25): two forces refer, the national instance takes their packs in and links them, and
/// notices come back. Each instance is its own SQLite database under <c>folder</c>, beside its own audit and signing
/// keys, so the loop never touches the demo's main database: three instances are three deployments, and the loop keeps
/// them as SQLite files even when the demo's own database is PostgreSQL. The work is Core's
/// <see cref="SyntheticReferralLoop"/>; this prints it.
/// </summary>
internal sealed class DemoReferralLoop(IAnsiConsole console, TimeProvider time)
{
    /// <summary>Size of the two forces' synthetic extract: enough for planted networks across both, quick to run.</summary>
    public const int Investigations = 3_000;

    public async Task RunAsync(DateOnly asOf, ulong seed, string folder, bool kept, CancellationToken cancellationToken)
    {
        var step = Stopwatch.StartNew();
        var options = new SynthesisOptions { Scale = SynthesisScale.Count(Investigations), Forces = 2, AsOf = asOf, Seed = seed };
        var outcome = await new SyntheticReferralLoop(time).RunAsync(options, name => Task.FromResult(
            DatabaseTarget.Parse(Path.Combine(folder, name + ".db"))), folder, cancellationToken);

        console.Write(new Rule("Referral to the national operation: two forces refer, the national intake links, notices come back").LeftJustified());
        var forces = new TerminalTable("force", "investigations", "candidates", "referred", "packs signed and sent", "notices back")
        {
            Title = "Each force's own instance (synthetic reviewers refer the planted networks' cases, those whose suspect the other force also recorded, and the top three)",
        }.Numeric(1, 2, 3, 4, 5);
        foreach (var f in outcome.Forces)
            forces.AddRow(f.Force, N(f.Investigations), N(f.Candidates), N(f.Referred), N(f.PacksExported), N(f.Notices.Count));
        forces.Write(console);

        var n = outcome.National;
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"National intake: {n.PacksImported} pack(s) verified and stored, {n.PacksRefused} refused; {n.Referrals} referrals in {n.Networks} network(s), [bold]{n.CrossForceNetworks} spanning forces[/] (the ground truth has {outcome.ExpectedCrossForceNetworks}: referrals of two forces whose suspects are one real person).");
        foreach (var refusal in n.Refusals) console.MarkupLineInterpolated($"  [red]refused[/] {refusal}");
        var queue = new TerminalTable("referral", "priority", "network", "why")
        {
            Title = "The national referral queue, highest first",
        }.Numeric(1).FreeText(3);
        foreach (var entry in n.Queue.Take(5))
            queue.AddRow($"{entry.Referral.Force}/{entry.Referral.InvestigationRef}", PriorityScore.Number(entry.Priority),
                entry.Network is { CrossForce: true } network ? network.Label + " (" + string.Join(", ", network.Forces.Select(c => $"{c.Force} {c.Referrals}")) + ")" : "-",
                string.Join(", ", entry.Factors.Where(f => f.Contribution != 0).OrderByDescending(f => f.Contribution).Take(3).Select(f => f.Detail)));
        queue.Write(console);
        foreach (var f in outcome.Forces.Where(f => f.Notices.Count > 0))
        {
            console.MarkupLineInterpolated($"[bold]Notices to {f.Force}[/] ({f.Notices.Count}):");
            foreach (var notice in f.Notices.Take(3)) console.WriteLine("  " + notice.Message);
        }
        if (kept)
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]Referral loop: {step.Elapsed.TotalSeconds:F1} s; its SQLite databases, keys, packs and notices are kept in {folder}[/]");
        else
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]Referral loop: {step.Elapsed.TotalSeconds:F1} s; its files were temporary (--keep DIR keeps them in DIR/referral-loop)[/]");
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
