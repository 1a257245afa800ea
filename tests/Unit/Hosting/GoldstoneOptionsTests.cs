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

    // The worker is off so that validation does not depend on where the trainer was built.
    private static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings["Goldstone:Worker:Enabled"] = "false";
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
