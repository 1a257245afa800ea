namespace Goldstone.Cli;

/// <summary>
/// The user called a command wrongly in a way only the command can tell (a gateway host that does not resolve, a
/// cluster given by the environment); printed with the command's usage line, exit code 2.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
