namespace Goldstone.Cli.Commands;

/// <summary>What the standard output can show.</summary>
public static class Terminal
{
    /// <summary>Colour on a terminal, unless NO_COLOR is set (https://no-color.org); never in a pipe or a file.</summary>
    public static bool UseColour() => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
}
