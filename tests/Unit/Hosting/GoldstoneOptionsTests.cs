using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Goldstone.Tests.Unit.Hosting;

public sealed class GoldstoneOptionsTests
{
    [Fact]
    public void ReadOptions_NoWorkerSettings_KeepsWarmTrainersWithTheDocumentedDefaults()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Configuration([]));

        Assert.Equal(5000, options.Worker.TrialsPerProcess);
        Assert.Equal(4096, options.Worker.TrainerMemoryLimitMb);
    }

    [Fact]
    public void ReadOptions_OneTrialPerProcessAndNoMemoryLimit_AreAccepted()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Configuration(new()
        {
            ["Goldstone:Worker:TrialsPerProcess"] = "1",
            ["Goldstone:Worker:TrainerMemoryLimitMb"] = "0",
        }));

        Assert.Equal(1, options.Worker.TrialsPerProcess);
        Assert.Equal(0, options.Worker.TrainerMemoryLimitMb);
    }

    [Fact]
    public void ReadOptions_ZeroTrialsPerProcessAndNegativeMemoryLimit_NamesBothKeysAndTheirVariables()
    {
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Configuration(new()
        {
            ["Goldstone:Worker:TrialsPerProcess"] = "0",
            ["Goldstone:Worker:TrainerMemoryLimitMb"] = "-1",
        })));

        Assert.Equal(
        [
            "Goldstone:Worker:TrialsPerProcess (Goldstone__Worker__TrialsPerProcess) is 0: use 1 (a fresh trainer per trial) or more",
            "Goldstone:Worker:TrainerMemoryLimitMb (Goldstone__Worker__TrainerMemoryLimitMb) is -1: use 0 (no limit) or a size in MiB",
        ], error.Errors);
    }

    [Fact]
    public void ReadOptions_NoClusterSettings_IsTheEmbeddedClusterWithHttpOn8080()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Configuration([]));

        Assert.Equal((ClusterOptions.Embedded, false, "goldstone", "goldstone", 8080, CheckpointOptions.Files),
            (options.Cluster.Provider, options.Cluster.IsCluster, options.Cluster.ClusterId, options.Cluster.ServiceId, options.Http.Port, options.Checkpoints.Provider));
    }

    [Fact]
    public void ReadOptions_BadClusterSettings_NamesEveryKeyItsVariableAndWhatIsAllowed()
    {
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Configuration(new()
        {
            ["Goldstone:Cluster:Provider"] = "mysql",
            ["Goldstone:Cluster:ClusterId"] = "a b",
            ["Goldstone:Cluster:AdvertisedAddress"] = "node-1",
            ["Goldstone:Http:Port"] = "70000",
            ["Goldstone:Checkpoints:Provider"] = "s3",
        })));

        Assert.Equal(
        [
            "Goldstone:Cluster:Provider (--cluster, Goldstone__Cluster__Provider) is 'mysql': allowed: embedded, postgres, azure",
            "Goldstone:Cluster:Provider is 'mysql' but no connection string is set: give --connection, Goldstone:Cluster:ConnectionString (Goldstone__Cluster__ConnectionString) or Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile, a mounted secret)",
            "Goldstone:Cluster:ClusterId (Goldstone__Cluster__ClusterId) is 'a b': use 1-64 of a-z A-Z 0-9 - _ .",
            "Goldstone:Cluster:AdvertisedAddress (Goldstone__Cluster__AdvertisedAddress) is 'node-1': give an IP address (a pod's POD_IP)",
            "Goldstone:Http:Port (--http-port, Goldstone__Http__Port) is 70000: use 1-65535, or 0 for no HTTP",
            "Goldstone:Checkpoints:Provider (Goldstone__Checkpoints__Provider) is 's3': allowed: files, azure-blob",
        ], error.Errors);
    }

    [Fact]
    public void ReadOptions_BadWorkerGpusDrainAndDashboard_NamesEveryKeyItsVariableAndWhatIsAllowed()
    {
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Configuration(new()
        {
            ["Goldstone:Worker:Gpus"] = "-1",
            ["Goldstone:Worker:DrainTimeout"] = "-00:00:01",
            ["Goldstone:Http:Port"] = "0",
            ["Goldstone:Dashboard:Enabled"] = "true",
            ["Goldstone:Dashboard:Path"] = "/metrics",
        })));

        Assert.Equal(
        [
            "Goldstone:Dashboard:Enabled (Goldstone__Dashboard__Enabled) is true but HTTP is off: set Goldstone:Http:Port (--http-port) to serve the dashboard on it",
            "Goldstone:Dashboard:Path (Goldstone__Dashboard__Path) is '/metrics': give a path such as /dashboard (a leading /, no trailing /, not /metrics, /healthz or /readyz)",
            "Goldstone:Worker:Gpus (--gpus, Goldstone__Worker__Gpus) is -1: use 0 (CPU only) to 1024, or leave it unset to detect them with nvidia-smi",
            "Goldstone:Worker:DrainTimeout (Goldstone__Worker__DrainTimeout) is -00:00:01: use 00:00:00 (stop at once) to 01:00:00",
        ], error.Errors);
    }

    [Fact]
    public void ReadOptions_Defaults_DetectGpusDrainFor60SecondsAndKeepTheDashboardOff()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Configuration([]));

        Assert.Equal((null, TimeSpan.FromSeconds(60), false, "/dashboard"),
            (options.Worker.Gpus, options.Worker.DrainTimeout, options.Dashboard.Enabled, options.Dashboard.Path));
    }

    [Fact]
    public void ResolveConnectionString_FromAFile_ReadsItTrimmedAndAMissingFileIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"goldstone-cs-{Guid.NewGuid():N}");
        File.WriteAllText(path, "Host=db;Password=secret\n");
        try
        {
            var options = GoldstoneSiloExtensions.ReadOptions(Configuration(new()
            {
                ["Goldstone:Cluster:Provider"] = "postgres",
                ["Goldstone:Cluster:ConnectionStringFile"] = path,
            }));
            Assert.Equal("Host=db;Password=secret", options.Cluster.ResolveConnectionString());
        }
        finally
        {
            File.Delete(path);
        }
        var error = Assert.Throws<GoldstoneConfigurationException>(() => GoldstoneSiloExtensions.ReadOptions(Configuration(new()
        {
            ["Goldstone:Cluster:Provider"] = "postgres",
            ["Goldstone:Cluster:ConnectionStringFile"] = path,
        })));
        Assert.Equal([$"Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile) '{path}' does not exist"], error.Errors);
    }

    // The worker is off so that validation does not depend on where the trainer was built.
    private static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings["Goldstone:Worker:Enabled"] = "false";
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
