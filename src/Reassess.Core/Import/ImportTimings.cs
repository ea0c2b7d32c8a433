using System.Diagnostics;

namespace Reassess.Import;

/// <summary>
/// Phase timings of an import, one line per phase to <see cref="ImportOptions.PhaseLog"/> when the shell asks for them
/// (the CLI does when <c>REASSESS_IMPORT_TIMINGS</c> is set, for the import benchmark); silent otherwise. Phases run side
/// by side (files are read while others are written), so a line's own time is since the previous line from any thread;
/// the total is when the phase ended.
/// </summary>
internal sealed class ImportTimings(Action<string>? log)
{
    private readonly bool _on = log is not null;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _phase = Stopwatch.StartNew();
    private readonly Lock _lock = new();

    /// <summary>Notes the end of a phase (the time since the previous mark).</summary>
    public void Mark(string phase)
    {
        if (!_on) return;
        lock (_lock)
        {
            log!($"[import] {phase,-28} {_phase.Elapsed.TotalSeconds,7:F2} s  (total {_total.Elapsed.TotalSeconds,6:F2} s, GC heap {GC.GetTotalMemory(false) >> 20} MB, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s)");
            _phase.Restart();
        }
    }
}
