using Goldstone.Silo.Hosting;
using Goldstone.Silo.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class GoldstoneOptionsRegistrationTests
{
    private const string ZeroSlots = "Goldstone:Worker:Slots (Goldstone__Worker__Slots, --slots) is 0: allowed an integer of 1 or more";
    private const string ShortLease = "Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is 00:00:01: allowed a duration longer than "
        + "Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval), which is 00:00:05";
    private const string MysqlCluster = "Goldstone:Cluster:Provider (Goldstone__Cluster__Provider, --cluster) is 'mysql': allowed one of embedded, postgres, azure";

    [Fact]
    public async Task StartAsync_OneClassInvalid_ThrowsItsOptionsValidationException()
    {
        using var host = Host(new() { ["Goldstone:Worker:Slots"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(typeof(WorkerOptions), error.OptionsType);
        Assert.Equal([ZeroSlots], error.Failures);
    }

    [Fact]
    public async Task StartAsync_SeveralClassesInvalid_ReportsEveryFailureOnceInRegistrationOrder()
    {
        using var host = Host(new()
        {
            ["Goldstone:Scheduler:LeaseDuration"] = "00:00:01",
            ["Goldstone:Worker:Slots"] = "0",
            ["Goldstone:Cluster:Provider"] = "mysql",
        });

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        Assert.Equal([MysqlCluster, ZeroSlots, ShortLease], OptionsFailures.Of(error));
    }

    [Fact]
    public void ReadOptions_SeveralClassesInvalid_ThrowsOnceWithTheLinesTheHostWouldReport()
    {
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new()
        {
            ["Goldstone:Scheduler:LeaseDuration"] = "00:00:01",
            ["Goldstone:Worker:Slots"] = "0",
            ["Goldstone:Cluster:Provider"] = "mysql",
        })));

        Assert.Equal([MysqlCluster, ZeroSlots, ShortLease], error.Errors);
        Assert.Equal(string.Join("\n", [MysqlCluster, ZeroSlots, ShortLease]), error.Message);
    }

    [Fact]
    public void ReadOptions_ValuesOfTheWrongType_NamesEveryOneWithWhatItsTypeTakes()
    {
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new()
        {
            ["Goldstone:SiloPort"] = "eleven",
            ["Goldstone:Dashboard:Enabled"] = "yes",
            ["Goldstone:Worker:Slots"] = "four",
            ["Goldstone:Scheduler:LeaseDuration"] = "30s",
        })));

        Assert.Equal(
        [
            "Goldstone:SiloPort (Goldstone__SiloPort, --port) is 'eleven': allowed an integer",
            "Goldstone:Dashboard:Enabled (Goldstone__Dashboard__Enabled) is 'yes': allowed true or false",
            "Goldstone:Worker:Slots (Goldstone__Worker__Slots, --slots) is 'four': allowed an integer",
            "Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is '30s': allowed a duration such as 00:00:05",
        ], error.Errors);
    }

    [Fact]
    public void Of_AnExceptionThatIsNotAboutOptions_IsNull()
    {
        Assert.Null(OptionsFailures.Of(new InvalidOperationException("not options")));
        Assert.Null(OptionsFailures.Of(new AggregateException(new OptionsValidationException("x", typeof(WorkerOptions), ["a"]), new IOException("disk"))));
    }

    [Fact]
    public void AddGoldstoneOptions_CalledTwice_ValidatesEachClassOnce()
    {
        using var services = new ServiceCollection().AddSingleton(Settings.Configuration(new() { ["Goldstone:Worker:Slots"] = "0" }))
            .AddGoldstoneOptions().AddGoldstoneOptions().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([ZeroSlots], error.Failures);
    }

    /// <summary>A host with nothing but the options, so that starting it does nothing but validate them.</summary>
    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(Settings.Configuration(settings));
        builder.Services.AddGoldstoneOptions();
        return builder.Build();
    }
}
