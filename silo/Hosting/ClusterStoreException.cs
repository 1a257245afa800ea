namespace Goldstone.Silo.Hosting;

/// <summary>
/// The cluster's store cannot be used: unreachable, or its schema is missing or old. The message is safe to print:
/// it names host, port and database, never a connection string or password.
/// </summary>
public sealed class ClusterStoreException(string message, IReadOnlyList<string>? problems = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Each problem found, one line with its fix; empty when the store could not be reached.</summary>
    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}
