using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage.Postgres;
using Npgsql;

namespace Goldstone.Tests.Cluster.Storage;

/// <summary>The fixture's stop and restart, and what the schema check says while the server is down.</summary>
public sealed class PostgresRestartTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task StopAsyncThenStartAgainAsync_SamePort_SchemaSurvivesAndTheOutageIsOneLine()
    {
        var database = await postgres.NewDatabaseAsync();
        await PostgresSchema.InitAsync(database, CancellationToken.None);

        await postgres.Server.StopAsync();
        NpgsqlConnection.ClearAllPools();
        var down = await Assert.ThrowsAsync<ClusterStoreException>(() => PostgresSchema.CheckAsync(database, CancellationToken.None));
        await postgres.Server.StartAgainAsync();

        Assert.StartsWith($"cannot reach PostgreSQL at 127.0.0.1:{postgres.Server.Port}, database ", down.Message);
        Assert.Empty(await PostgresSchema.CheckAsync(database, CancellationToken.None));
        Assert.True((await PostgresSchema.InitAsync(database, CancellationToken.None)).WasCurrent);
    }
}
