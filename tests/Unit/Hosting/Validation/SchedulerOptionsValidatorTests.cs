using Goldstone.Grains;
using Goldstone.Silo.Hosting.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class SchedulerOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:03")]
    [InlineData("00:00:05")]
    public void Validate_LeaseNotLongerThanTheHeartbeat_NamesBothKeys(string lease)
    {
        Assert.Equal(
            [$"Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is {lease}: allowed a duration longer than Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval), which is 00:00:05"],
            Settings.Failures(new() { ["Goldstone:Scheduler:LeaseDuration"] = lease }));
    }

    [Fact]
    public void Validate_LeaseAgainstAConfiguredHeartbeat_ComparesWithThatHeartbeat()
    {
        Assert.Equal(
            ["Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is 00:00:30: allowed a duration longer than Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval), which is 00:01:00"],
            Settings.Failures(new() { ["Goldstone:Worker:HeartbeatInterval"] = "00:01:00" }));
        Assert.Empty(Settings.Failures(new() { ["Goldstone:Worker:HeartbeatInterval"] = "00:00:01", ["Goldstone:Scheduler:LeaseDuration"] = "00:00:02" }));
    }

    [Fact]
    public void Validate_HeartbeatAndLeaseNotPositive_ReportsEachOnce()
    {
        Assert.Equal(
        [
            "Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval) is 00:00:00: allowed a positive duration, such as 00:00:05",
            "Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is -00:00:01: allowed a positive duration",
        ], Settings.Failures(new() { ["Goldstone:Worker:HeartbeatInterval"] = "00:00:00", ["Goldstone:Scheduler:LeaseDuration"] = "-00:00:01" }));
    }

    [Fact]
    public void Validate_ClusterWithAHeartbeatOfTwentySeconds_RefusesTheClusterDefaultLease()
    {
        Assert.Equal(
            ["Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is 00:00:15: allowed a duration longer than Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval), which is 00:00:20"],
            Settings.Failures(new()
            {
                ["Goldstone:Cluster:Provider"] = "postgres",
                ["Goldstone:Cluster:ConnectionString"] = "Host=db",
                ["Goldstone:Worker:HeartbeatInterval"] = "00:00:20",
            }));
    }

    [Theory]
    [InlineData("embedded", null, "00:00:30")]
    [InlineData("postgres", null, "00:00:15")]
    [InlineData("postgres", "00:01:00", "00:01:00")]
    public void LeaseDuration_ByProvider_Is30SecondsEmbedded15InAClusterUnlessConfigured(string provider, string? lease, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Goldstone:Cluster:Provider"] = provider, ["Goldstone:Cluster:ConnectionString"] = "Host=db" };
        if (lease is not null) settings["Goldstone:Scheduler:LeaseDuration"] = lease;
        using var services = new ServiceCollection().AddSingleton(Settings.Configuration(settings)).AddGoldstoneOptions().BuildServiceProvider();

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            services.GetRequiredService<IOptions<SchedulerOptions>>().Value.LeaseDuration);
    }
}
