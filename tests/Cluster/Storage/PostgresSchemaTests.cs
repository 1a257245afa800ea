using System.Net;
using System.Net.Sockets;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage.Postgres;
using Npgsql;

namespace Goldstone.Tests.Cluster.Storage;

public sealed class PostgresSchemaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task InitAsync_RunTwice_SecondAppliesNothing()
    {
        var database = await postgres.NewDatabaseAsync();

        var first = await PostgresSchema.InitAsync(database, CancellationToken.None);
        var second = await PostgresSchema.InitAsync(database, CancellationToken.None);

        Assert.Equal(0, first.PreviousVersion);
        Assert.Equal([1, 2], first.Applied);
        Assert.Equal(2, first.CurrentVersion);
        Assert.Empty(second.Applied);
        Assert.True(second.WasCurrent);
        Assert.Equal(2, second.PreviousVersion);
        Assert.Equal(2, second.CurrentVersion);
    }

    [Fact]
    public async Task InitAsync_TwoAtOnce_BothSucceedAndEachVersionIsAppliedOnce()
    {
        var database = await postgres.NewDatabaseAsync();

        var results = await Task.WhenAll(
            Task.Run(() => PostgresSchema.InitAsync(database, CancellationToken.None)),
            Task.Run(() => PostgresSchema.InitAsync(database, CancellationToken.None)));

        Assert.Equal([1, 2], results.SelectMany(r => r.Applied).Order());
        Assert.All(results, r => Assert.Equal(2, r.CurrentVersion));
        Assert.Equal(2L, await ScalarAsync(database, $"SELECT count(*) FROM {PostgresSchema.VersionTable}"));
        Assert.Equal((long)PostgresSchema.RequiredQueryKeys.Count, await ScalarAsync(database, "SELECT count(*) FROM OrleansQuery"));
        Assert.Empty(await PostgresSchema.CheckAsync(database, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_EmptyDatabase_ListsEveryMissingTableWithTheFix()
    {
        var database = await postgres.NewDatabaseAsync();

        var problems = await PostgresSchema.CheckAsync(database, CancellationToken.None);

        Assert.Equal(PostgresSchema.RequiredTables.Count + 1, problems.Count);
        foreach (var table in PostgresSchema.RequiredTables.Append(PostgresSchema.VersionTable))
            Assert.Single(problems, p => p.StartsWith($"table {table} is missing", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.EndsWith("run: goldstone db init --cluster postgres --connection …", p));
    }

    [Fact]
    public async Task CheckAsync_QueryKeyDeleted_NamesThatKey()
    {
        var database = await postgres.NewDatabaseAsync();
        await PostgresSchema.InitAsync(database, CancellationToken.None);
        await ScalarAsync(database, "DELETE FROM OrleansQuery WHERE QueryKey = 'UpsertReminderRowKey'");

        var problems = await PostgresSchema.CheckAsync(database, CancellationToken.None);

        var problem = Assert.Single(problems);
        Assert.Equal($"OrleansQuery has no row for key UpsertReminderRowKey; {PostgresSchema.Fix}", problem);
    }

    [Fact]
    public async Task CheckAsync_OlderSchemaVersion_SaysSoAndHowToUpgrade()
    {
        var database = await postgres.NewDatabaseAsync();
        await PostgresSchema.InitAsync(database, CancellationToken.None);
        await ScalarAsync(database, $"DELETE FROM {PostgresSchema.VersionTable} WHERE version = 2");

        var problems = await PostgresSchema.CheckAsync(database, CancellationToken.None);

        Assert.Equal([$"schema version 1 is older than 2, the version this build needs; {PostgresSchema.Fix}"], problems);
    }

    [Fact]
    public async Task CheckAsync_AfterInit_FindsNoProblem()
    {
        var database = await postgres.NewDatabaseAsync();
        await PostgresSchema.InitAsync(database, CancellationToken.None);

        Assert.Empty(await PostgresSchema.CheckAsync(database, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_NothingListens_OneLineNamingHostAndPortWithoutThePassword()
    {
        var port = ClosedPort();
        var connection = $"Host=127.0.0.1;Port={port};Database=goldstone;Username=goldstone;Password=hunter2-secret";

        var error = await Assert.ThrowsAsync<ClusterStoreException>(() => PostgresSchema.CheckAsync(connection, CancellationToken.None));

        Assert.StartsWith($"cannot reach PostgreSQL at 127.0.0.1:{port}, database goldstone: ", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(error.InnerException);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
