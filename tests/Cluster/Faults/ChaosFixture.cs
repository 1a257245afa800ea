using Goldstone.Silo.Storage.Postgres;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// One PostgreSQL server for the fault tests, and the table of an uninterrupted embedded run of the chaos campaign
/// (<c>goldstone run</c>, six slots): every cluster run must print exactly this table.
/// </summary>
public sealed class ChaosFixture : IAsyncLifetime
{
    public const string Campaign = "chaos";
    private int _databases;

    public PostgresServer Postgres { get; private set; } = null!;

    /// <summary>table.md of the embedded run.</summary>
    public string EmbeddedTable { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        EmbeddedTable = await ChaosRun.EmbeddedTableAsync(ChaosSpec.Text(Campaign), Campaign);
    }

    /// <summary>A fresh database with the schema applied; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var connection = await Postgres.CreateDatabaseAsync($"chaos_{Interlocked.Increment(ref _databases)}");
        await PostgresSchema.InitAsync(connection, CancellationToken.None);
        return connection;
    }

    public async Task DisposeAsync() => await Postgres.DisposeAsync();
}
