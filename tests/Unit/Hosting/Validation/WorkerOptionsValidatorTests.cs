using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class WorkerOptionsValidatorTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_ZeroSlotsThreadsAndTrialsPerProcess_NamesEachKeyAndTheSlotsFlag()
    {
        Assert.Equal(
        [
            "Goldstone:Worker:Slots (Goldstone__Worker__Slots, --slots) is 0: allowed an integer of 1 or more",
            "Goldstone:Worker:ThreadsPerTrial (Goldstone__Worker__ThreadsPerTrial) is 0: allowed an integer of 1 or more",
            "Goldstone:Worker:TrialsPerProcess (Goldstone__Worker__TrialsPerProcess) is 0: allowed an integer of 1 (a fresh trainer per trial) or more",
        ], Settings.Failures(new()
        {
            ["Goldstone:Worker:Slots"] = "0",
            ["Goldstone:Worker:ThreadsPerTrial"] = "0",
            ["Goldstone:Worker:TrialsPerProcess"] = "0",
        }));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1025")]
    public void Validate_GpusOutOfRange_SaysUnsetDetectsThem(string gpus)
    {
        Assert.Equal([$"Goldstone:Worker:Gpus (Goldstone__Worker__Gpus, --gpus) is {gpus}: allowed 0 (CPU trials only) to 1024, or unset to detect them with nvidia-smi"],
            Settings.Failures(new() { ["Goldstone:Worker:Gpus"] = gpus }));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void Validate_DrainTimeoutOutOfRange_NamesTheRange(string drain)
    {
        Assert.Equal([$"Goldstone:Worker:DrainTimeout (Goldstone__Worker__DrainTimeout) is {drain}: allowed 00:00:00 (stop at once) to 01:00:00"],
            Settings.Failures(new() { ["Goldstone:Worker:DrainTimeout"] = drain }));
    }

    [Fact]
    public void Validate_ZeroIntervalsAndNegativeMemoryLimit_NamesEachKey()
    {
        Assert.Equal(
        [
            "Goldstone:Worker:PollInterval (Goldstone__Worker__PollInterval) is 00:00:00: allowed a positive duration, such as 00:00:00.5",
            "Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval) is -00:00:05: allowed a positive duration, such as 00:00:05",
            "Goldstone:Worker:TrainerMemoryLimitMb (Goldstone__Worker__TrainerMemoryLimitMb) is -1: allowed 0 (no limit) or a size in MiB",
        ], Settings.Failures(new()
        {
            ["Goldstone:Worker:PollInterval"] = "00:00:00",
            ["Goldstone:Worker:HeartbeatInterval"] = "-00:00:05",
            ["Goldstone:Worker:TrainerMemoryLimitMb"] = "-1",
        }));
    }

    [Fact]
    public void Validate_EnabledWithAMissingTrainer_NamesThePath()
    {
        var trainer = Path.Combine(_dir.Path, "Goldstone.Trainer.dll");

        Assert.Equal(
            [$"Goldstone:Worker:TrainerPath (Goldstone__Worker__TrainerPath) is '{trainer}', which does not exist: allowed the path of Goldstone.Trainer.dll"],
            Settings.Failures(new() { ["Goldstone:Worker:Enabled"] = "true", ["Goldstone:Worker:TrainerPath"] = trainer }));
    }

    [Fact]
    public void Validate_Defaults_AreAutomaticSlotsDetectedGpusAndWarmTrainers()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration([]));

        Assert.Equal((null, null, 1, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 5000, 4096),
            (options.Worker.Slots, options.Worker.Gpus, options.Worker.ThreadsPerTrial, options.Worker.DrainTimeout,
                options.Worker.HeartbeatInterval, options.Worker.TrialsPerProcess, options.Worker.TrainerMemoryLimitMb));
    }

    [Fact]
    public void Validate_OneTrialPerProcessNoMemoryLimitAndNoGpus_AreAccepted()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new()
        {
            ["Goldstone:Worker:TrialsPerProcess"] = "1",
            ["Goldstone:Worker:TrainerMemoryLimitMb"] = "0",
            ["Goldstone:Worker:Gpus"] = "0",
            ["Goldstone:Worker:DrainTimeout"] = "00:00:00",
        }));

        Assert.Equal((1, 0, 0, TimeSpan.Zero),
            (options.Worker.TrialsPerProcess, options.Worker.TrainerMemoryLimitMb, options.Worker.Gpus, options.Worker.DrainTimeout));
    }
}
