namespace Goldstone.Cli;

/// <summary>Exit codes of the CLI.</summary>
public static class ExitCodes
{
    /// <summary>Done (a campaign completed, even with failed trials), and help.</summary>
    public const int Ok = 0;
    /// <summary>A system error: storage, cluster, trainer missing.</summary>
    public const int SystemError = 1;
    /// <summary>Bad input: a spec, an option, an unknown campaign, a command line that does not parse.</summary>
    public const int BadInput = 2;
    /// <summary>Interrupted by Ctrl-C (SIGINT); running the same command again resumes.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM; running the same command again resumes.</summary>
    public const int Terminated = 143;
}
