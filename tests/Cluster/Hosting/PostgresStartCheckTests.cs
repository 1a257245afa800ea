using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Goldstone.Tests.Cluster.Hosting;

/// <summary><c>AddGoldstoneSilo</c> with the postgres provider checks the schema before Orleans starts.</summary>
public sealed class PostgresStartCheckTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Password = "s3cret-pa55word";

    [Fact]
    public async Task AddGoldstoneSilo_UninitialisedDatabase_FailsStartNamingTheMissingTableAndTheFix()
    {
        var database = await postgres.NewDatabaseAsync() + $";Password={Password}";
        using var host = Build(database);

        var error = await Assert.ThrowsAsync<ClusterStoreException>(() => host.StartAsync());

        Assert.StartsWith($"the PostgreSQL schema at 127.0.0.1:{postgres.Server.Port}, database ", error.Message);
        Assert.Contains("table OrleansMembershipTable is missing; run: goldstone db init --cluster postgres", error.Message);
        Assert.Contains(error.Problems, p => p.Contains("OrleansStorage", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, error.Message);
    }

    [Fact]
    public async Task AddGoldstoneSilo_InitialisedDatabase_StartsAndStops()
    {
        var database = await postgres.NewDatabaseAsync() + $";Password={Password}";
        await PostgresSchema.InitAsync(database, CancellationToken.None);
        using var host = Build(database);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(1L, await Providers.PostgresSilos.ScalarAsync(database, "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = 'start-check'"));
    }

    private static IHost Build(string connectionString)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Goldstone:Cluster:Provider"] = "postgres",
            ["Goldstone:Cluster:ConnectionString"] = connectionString,
            ["Goldstone:Cluster:ClusterId"] = "start-check",
            ["Goldstone:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Goldstone:SiloPort"] = Providers.PostgresSilos.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Goldstone:GatewayPort"] = Providers.PostgresSilos.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Goldstone:Worker:Enabled"] = "false",
        });
        builder.AddGoldstoneSilo();
        return builder.Build();
    }
}
