using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace Goldstone.Silo.Storage.Postgres;

/// <summary>
/// Fails a silo's start, before Orleans starts, when its PostgreSQL schema is missing or old: one error listing
/// every problem and the command that fixes it, instead of Orleans' "Not all required queries found".
/// Register it before <c>UseOrleans</c>: hosted services start in registration order.
/// </summary>
public sealed class PostgresSchemaCheck(string connectionString) : IHostedService
{
    /// <inheritdoc />
    /// <exception cref="ClusterStoreException">The database is unreachable or its schema is not ready.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = await PostgresSchema.CheckAsync(connectionString, cancellationToken);
        if (problems.Count > 0)
            throw new ClusterStoreException(
                $"the PostgreSQL schema at {PostgresErrors.Describe(connectionString)} is not ready:\n  " + string.Join("\n  ", problems),
                problems);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
