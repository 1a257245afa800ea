namespace Goldstone.Tests.Support;

/// <summary>Finds trainer processes by the trial label on their command line (<c>--trial CAMPAIGN/INDEX#ATTEMPT</c>).</summary>
public static class TrainerProcesses
{
    public static IReadOnlyList<int> Find(string labelPrefix)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue; // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var at = Array.IndexOf(arguments, "--trial");
            if (at >= 0 && at + 1 < arguments.Length && arguments[at + 1].StartsWith(labelPrefix, StringComparison.Ordinal)) found.Add(pid);
        }
        return found;
    }
}
