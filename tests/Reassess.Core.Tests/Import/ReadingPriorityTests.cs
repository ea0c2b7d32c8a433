using Reassess.Import;

namespace Reassess.Tests.Import;

public class ReadingPriorityTests
{
    [Fact]
    public void A_reading_thread_yields_to_the_rest_of_the_import_and_only_it_does()
    {
        if (!OperatingSystem.IsLinux()) return; // per-thread nice values are Linux's
        var mine = ReadingPriority.Current();
        int before = 0, after = 0;
        var reader = new Thread(() =>
        {
            before = ReadingPriority.Current();
            ReadingPriority.Lower();
            after = ReadingPriority.Current();
        });
        reader.Start();
        reader.Join();

        Assert.Equal(mine, before); // a new thread starts at the process's priority
        Assert.Equal(Math.Min(19, before + ReadingPriority.Nice), after);
        Assert.Equal(mine, ReadingPriority.Current()); // the other threads keep theirs
    }
}
