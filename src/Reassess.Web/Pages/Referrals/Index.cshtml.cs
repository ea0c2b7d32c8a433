using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Audit;
using Reassess.Referrals;
using Reassess.Storage;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Referrals;

/// <summary>
/// The national referral queue (issue 25): referrals received from forces, by priority with their factors, and the
/// networks that cross forces with each force's contribution, and the referral reports (by force, month and typology; days
/// from approval to referral). National oversight only; the core refuses anyone else and
/// records the view as a consultation naming every referral shown.
/// </summary>
[Authorize(Policy = Policies.NationalOversight)]
public sealed class IndexModel(ReassessDbContext db, TimeProvider time, IAuditTrail audit, CurrentUser me, ReferralLinkageCache linkage) : PageModel
{
    public IReadOnlyList<NationalQueueEntry> Queue { get; private set; } = [];
    public IReadOnlyList<ReferralNetwork> Networks { get; private set; } = [];
    public IReadOnlyList<ReferralCount> Counts { get; private set; } = [];
    public IReadOnlyList<ReferralDelay> Delays { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var networks = new ReferralNetworks(db, time, audit, linkage);
        Queue = await networks.QueueAsync(me.Actor, cancellationToken);
        Counts = await networks.CountsAsync(cancellationToken);
        Delays = await networks.DelaysAsync(cancellationToken);
        Networks = [.. Queue.Select(e => e.Network).OfType<ReferralNetwork>().DistinctBy(n => n.Label).Where(n => n.CrossForce)];
        Response.Headers.CacheControl = "no-store";
    }
}
