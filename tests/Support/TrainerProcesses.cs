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

    /// <summary>
    /// Every live trainer process of the process group <paramref name="processGroup"/> (a silo started in its own
    /// group): its pid, its <c>CUDA_VISIBLE_DEVICES</c> (null when unset) and the label of the attempt it runs (empty
    /// while idle). Read from /proc; a process that exits while it is read is left out.
    /// </summary>
    public static IReadOnlyList<(int Pid, string? VisibleDevices, string Label)> InGroup(int processGroup)
    {
        var found = new List<(int, string?, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) != processGroup) continue;
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var at = Array.IndexOf(arguments, "--trial-file");
                if (at < 0 || at + 1 >= arguments.Length) continue;
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                var devices = environment.FirstOrDefault(e => e.StartsWith("CUDA_VISIBLE_DEVICES=", StringComparison.Ordinal))?["CUDA_VISIBLE_DEVICES=".Length..];
                found.Add((pid, devices, File.ReadAllText(arguments[at + 1])));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It exited while we looked.
            }
        }
        return found;
    }
}
