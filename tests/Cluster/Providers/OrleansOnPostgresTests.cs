using Goldstone.Silo.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Goldstone.Tests.Cluster.Providers;

/// <summary>Orleans' own ADO.NET providers running on our schema: membership, grain state and reminders.</summary>
public sealed class OrleansOnPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSilos_SameCluster_SeeEachOtherActive()
    {
        var database = await InitializedDatabaseAsync();
        var first = await PostgresSilos.StartAsync(database, "pair");
        var second = await PostgresSilos.StartAsync(database, "pair");
        try
        {
            foreach (var silo in new[] { first, second })
            {
                var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
                await WaitUntilAsync(() => membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == 2,
                    () => $"two active silos in {membership.CurrentSnapshot}");
            }
            var rows = new List<(int Port, int Status)>();
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT Port, Status FROM OrleansMembershipTable WHERE DeploymentId = 'pair' ORDER BY Port", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
            }
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal((int)SiloStatus.Active, r.Status));
            var hosts = await first.Grains().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
        }
        finally
        {
            await StopAsync(second);
            await StopAsync(first);
        }
    }

    [Fact]
    public async Task GrainState_WrittenThenDeactivated_IsReadBackAndAStaleETagConflicts()
    {
        var database = await InitializedDatabaseAsync();
        var silo = await PostgresSilos.StartAsync(database, "state");
        try
        {
            var probe = silo.Grains().GetGrain<IProbeGrain>("state-probe");
            Assert.Equal("1", (await probe.AddAsync(2)).ETag);
            var written = await probe.AddAsync(3);
            Assert.Equal((5, "2"), (written.Count, written.ETag));

            await probe.DeactivateAsync();
            var reread = await probe.ReadAsync();
            Assert.NotEqual(written.Activation, reread.Activation);
            Assert.Equal((5, "2"), (reread.Count, reread.ETag));
            Assert.Equal(1L, await PostgresSilos.ScalarAsync(database, "SELECT count(*) FROM OrleansStorage"));

            // Another writer moves the row on: this activation's ETag is now stale.
            await PostgresSilos.ScalarAsync(database, "UPDATE OrleansStorage SET Version = Version + 1");
            await Assert.ThrowsAsync<InconsistentStateException>(() => probe.AddAsync(1));

            // Orleans deactivates the grain on the conflict; the next activation reads version 3 and writes 4.
            var recovered = await probe.AddAsync(10);
            Assert.Equal((15, "4"), (recovered.Count, recovered.ETag));
        }
        finally
        {
            await StopAsync(silo);
        }
    }

    [Fact]
    public async Task Reminder_LongGrainId_IsRegisteredReadBackAndUnregistered()
    {
        var database = await InitializedDatabaseAsync();
        var silo = await PostgresSilos.StartAsync(database, "reminders");
        try
        {
            var probe = silo.Grains().GetGrain<IProbeGrain>(new string('r', 180));
            await probe.RegisterReminderAsync("nightly");

            Assert.True(await probe.HasReminderAsync("nightly"));
            var grainIdLength = await PostgresSilos.ScalarAsync(database, "SELECT length(GrainId) FROM OrleansRemindersTable WHERE ReminderName = 'nightly'");
            Assert.True(Convert.ToInt32(grainIdLength) > 180, $"grain id of {grainIdLength} characters");

            await probe.UnregisterReminderAsync("nightly");
            Assert.False(await probe.HasReminderAsync("nightly"));
            Assert.Equal(0L, await PostgresSilos.ScalarAsync(database, "SELECT count(*) FROM OrleansRemindersTable"));
        }
        finally
        {
            await StopAsync(silo);
        }
    }

    [Fact]
    public async Task WriteToStorageQuery_NullVersionWhenTheGrainHasARow_ReturnsNullAndAddsNoRow()
    {
        var database = await InitializedDatabaseAsync();
        var write = (string)(await PostgresSilos.ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'"))!;
        (string, object?)[] Parameters(int? version) =>
        [
            ("GrainIdHash", 7), ("GrainIdN0", 0L), ("GrainIdN1", 42L), ("GrainTypeHash", 9), ("GrainTypeString", "probe"),
            ("GrainIdExtensionString", null), ("ServiceId", "svc"), ("GrainStateVersion", version), ("PayloadBinary", new byte[] { 1 }),
        ];

        Assert.Equal(1, await PostgresSilos.ScalarAsync(database, write, Parameters(null)));
        Assert.Equal(DBNull.Value, await PostgresSilos.ScalarAsync(database, write, Parameters(null)));
        Assert.Equal(2, await PostgresSilos.ScalarAsync(database, write, Parameters(1)));
        Assert.Equal(1, await PostgresSilos.ScalarAsync(database, write, Parameters(1)));
        Assert.Equal(1L, await PostgresSilos.ScalarAsync(database, "SELECT count(*) FROM OrleansStorage"));
    }

    [Fact]
    public async Task MembershipQueries_StaleTableVersion_ReturnZeroAndChangeNothing()
    {
        var database = await InitializedDatabaseAsync();
        async Task<string> Query(string key) =>
            (string)(await PostgresSilos.ScalarAsync(database, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'"))!;
        var now = DateTime.UtcNow;
        (string, object?)[] Silo(int version, int status) =>
        [
            ("DeploymentId", "c"), ("Address", "127.0.0.1"), ("Port", 11111), ("Generation", 1), ("SiloName", "s1"),
            ("HostName", "h"), ("Status", status), ("ProxyPort", 30000), ("StartTime", now), ("IAmAliveTime", now),
            ("SuspectTimes", null), ("Version", version),
        ];
        var readAll = await Query("MembershipReadAllKey");

        Assert.Equal(1, await PostgresSilos.ScalarAsync(database, await Query("InsertMembershipVersionKey"), ("DeploymentId", "c")));
        Assert.Equal(0, await PostgresSilos.ScalarAsync(database, await Query("InsertMembershipVersionKey"), ("DeploymentId", "c")));
        // The read starts from the version row: one row, no silo, version 0.
        Assert.Equal("c", await PostgresSilos.ScalarAsync(database, readAll, ("DeploymentId", "c")));
        Assert.Equal(0, await PostgresSilos.ScalarAsync(database, "SELECT Version FROM OrleansMembershipVersionTable"));

        Assert.Equal(0, await PostgresSilos.ScalarAsync(database, await Query("InsertMembershipKey"), Silo(version: 5, status: 1)));
        Assert.Equal(1, await PostgresSilos.ScalarAsync(database, await Query("InsertMembershipKey"), Silo(version: 0, status: 1)));
        Assert.Equal(0, await PostgresSilos.ScalarAsync(database, await Query("InsertMembershipKey"), Silo(version: 1, status: 1)));
        Assert.Equal(0, await PostgresSilos.ScalarAsync(database, await Query("UpdateMembershipKey"), Silo(version: 0, status: 3)));
        Assert.Equal(1, await PostgresSilos.ScalarAsync(database, await Query("UpdateMembershipKey"), Silo(version: 1, status: 3)));

        Assert.Equal(2, await PostgresSilos.ScalarAsync(database, "SELECT Version FROM OrleansMembershipVersionTable"));
        Assert.Equal(3, await PostgresSilos.ScalarAsync(database, "SELECT Status FROM OrleansMembershipTable"));
        Assert.Equal("127.0.0.1", await PostgresSilos.ScalarAsync(database, await Query("GatewaysQueryKey"), ("DeploymentId", "c"), ("Status", 3)));
    }

    private async Task<string> InitializedDatabaseAsync()
    {
        var database = await postgres.NewDatabaseAsync();
        await PostgresSchema.InitAsync(database, CancellationToken.None);
        return database;
    }

    private static async Task StopAsync(IHost silo)
    {
        await silo.StopAsync();
        silo.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"gave up waiting for {what()}");
            await Task.Delay(100);
        }
    }
}
