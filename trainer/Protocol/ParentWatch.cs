using System.Runtime.InteropServices;

namespace Goldstone.Trainer.Protocol;

/// <summary>
/// Ends the trainer when the silo that started it is gone (killed with SIGKILL, so it could not stop us): an
/// orphaned trainer would otherwise burn a core until its next write fails.
/// </summary>
public static class ParentWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Starts a background check of the parent process id (Linux only; a no-op elsewhere).</summary>
    public static void ExitWhenOrphaned()
    {
        if (!OperatingSystem.IsLinux()) return;
        var parent = GetParentProcessId();
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(Interval);
                if (GetParentProcessId() != parent)
                {
                    Console.Error.WriteLine($"the parent process {parent} is gone; stopping");
                    Environment.Exit(1);
                }
            }
        })
        { IsBackground = true, Name = "parent-watch" };
        thread.Start();
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();
}
