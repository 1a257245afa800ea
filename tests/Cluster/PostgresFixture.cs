namespace Goldstone.Tests.Cluster;

/// <summary>One real PostgreSQL server per test class; each test asks for a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    /// <summary>A new, empty database; returns its connection string.</summary>
    public Task<string> NewDatabaseAsync() => Server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
