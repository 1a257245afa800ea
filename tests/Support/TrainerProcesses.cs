namespace Goldstone.Tests.Support;

/// <summary>
/// Finds the trainer processes that run a trial now. A warm trainer runs trials one after another, so its command
/// line names a trial file instead (<c>--trial-file PATH</c>), which holds the label of its current attempt
/// (<c>CAMPAIGN/INDEX#ATTEMPT</c>) and is empty while the process is idle.
/// </summary>
public static class TrainerProcesses
{
    public static IReadOnlyList<int> Find(string labelPrefix)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            string label;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var at = Array.IndexOf(arguments, "--trial-file");
                if (at < 0 || at + 1 >= arguments.Length) continue;
                label = File.ReadAllText(arguments[at + 1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // The process exited, or its trial file went with it, while we looked.
            }
            if (label.Length > 0 && label.StartsWith(labelPrefix, StringComparison.Ordinal)) found.Add(pid);
        }
        return found;
    }
}
