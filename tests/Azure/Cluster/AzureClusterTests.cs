using Azure.Data.Tables;
using Orleans.Runtime;

namespace Goldstone.Tests.Azure.Cluster;

/// <summary>Two silos on <c>ClusterProviders.UseAzure</c>: membership and reminders in Azurite's Table storage.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class AzureClusterTests(AzureClusterFixture fixture)
{
    [Fact]
    public async Task UseAzure_TwoSilos_AreActiveInEachOthersViewAndInTheMembershipTable()
    {
        var hosts = await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient("OrleansSiloInstances");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row);

        Assert.Equal(2, hosts.Count);
        var active = rows.Where(r => r.GetString("Status") == "Active" && r.PartitionKey == fixture.ClusterId).ToList();
        Assert.Equal(2, active.Count);
        Assert.Equal(hosts.Keys.Select(h => h.Endpoint.Port).Order(), active.Select(r => int.Parse(r.GetString("Port"), System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task UseAzure_Reminder_RegistersAndReadsBackFromTheReminderTable()
    {
        var probe = fixture.Client.GetGrain<IReminderProbeGrain>("probe-" + Guid.NewGuid().ToString("N")[..6]);

        await probe.RegisterAsync("resume-backstop");
        var names = await probe.ListAsync();
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient("OrleansReminders");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row);

        Assert.Equal(["resume-backstop"], names);
        Assert.Contains(rows, r => r.GetString("ReminderName") == "resume-backstop" && r.GetString("GrainReference")?.Contains(probe.GetPrimaryKeyString(), StringComparison.Ordinal) == true);
    }
}

/// <summary>A grain that registers a reminder, for the reminder service's test.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name);

    Task<IReadOnlyList<string>> ListAsync();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task RegisterAsync(string name) =>
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public async Task<IReadOnlyList<string>> ListAsync() =>
        (await this.GetReminders()).Select(r => r.ReminderName).ToList();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
