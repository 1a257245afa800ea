using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Silo.Worker;

namespace Goldstone.Tests.Unit.Worker;

public sealed class TrainerRequestTests
{
    private static TrialConfig Config(int every, int keep) => new(
        "c", 0, "synthetic", [], Seed: 1, Epochs: 5, Threads: 1, Slots: 1, TimeoutSeconds: 60,
        new RetryPolicy(1, 1, 1, false), ["score"], "(all)", CheckpointEvery: every, CheckpointKeep: keep);

    [Fact]
    public void Json_CheckpointSchedule_IsPassedAsCheckpointEveryAndKeep()
    {
        using var request = JsonDocument.Parse(TrainerRequest.Json(Config(every: 3, keep: 4), attempt: 1, "work", "checkpoint"));

        Assert.Equal(3, request.RootElement.GetProperty("checkpoint_every").GetInt32());
        Assert.Equal(4, request.RootElement.GetProperty("checkpoint_keep").GetInt32());
    }

    [Fact]
    public void Json_Gpus_IsPassedAsGpus()
    {
        using var gpu = JsonDocument.Parse(TrainerRequest.Json(Config(1, 2) with { Gpus = 2 }, attempt: 1, "work", "checkpoint"));
        using var cpu = JsonDocument.Parse(TrainerRequest.Json(Config(1, 2), attempt: 1, "work", "checkpoint"));

        Assert.Equal(2, gpu.RootElement.GetProperty("gpus").GetInt32());
        Assert.Equal(0, cpu.RootElement.GetProperty("gpus").GetInt32());
    }

    [Fact]
    public void Json_Config_IsTheSchemasTrialRequestInSnakeCaseInTheProtocolsOrder()
    {
        var config = Config(every: 3, keep: 4) with
        {
            Params = [new ParamValue("x", ParamType.Number, 0.5, null, false), new ParamValue("failure_mode", ParamType.Text, 0, "exit", false)],
        };

        var json = TrainerRequest.Json(config, attempt: 2, "work", "checkpoint");

        Assert.Equal(
            "{\"kind\":\"synthetic\",\"campaign\":\"c\",\"trial\":0,\"attempt\":2,\"seed\":1,\"epochs\":5,\"threads\":1,\"gpus\":0,"
            + "\"params\":{\"x\":0.5,\"failure_mode\":\"exit\"},\"metrics\":[\"score\"],\"work_dir\":\"work\",\"checkpoint_dir\":\"checkpoint\","
            + "\"checkpoint_every\":3,\"checkpoint_keep\":4,\"resume\":true}",
            json);
    }
}
