using System.Diagnostics;
using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer;
using Goldstone.Trainer.Common;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>Runs the built trainer executable (the copy next to the tests) the way the silo does.</summary>
public sealed class TrainerProcessTests
{
    [Fact]
    public async Task Trainer_TinySoftSymmetryRequest_WritesEpochLinesThenOneResultAndExitsZero()
    {
        const string request = """{"kind":"soft_symmetry","seed":4,"epochs":3,"threads":1"""
            + ""","params":{"train_size":200,"test_size":200,"width":8,"penalty":0.1,"hessian_iterations":3,"hessian_batch":64}"""
            + ""","metrics":["auc","shift_auc","gen_gap","hessian_top","robust_noise@0.1"]}""";

        var (exitCode, lines, _) = await RunTrainerAsync(request);

        Assert.Equal(0, exitCode);
        Assert.Equal(4, lines.Count);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            Assert.Equal("epoch", lines[epoch - 1].GetProperty("type").GetString());
            Assert.Equal(epoch, lines[epoch - 1].GetProperty("epoch").GetInt32());
            Assert.Equal(200, lines[epoch - 1].GetProperty("samples").GetInt64());
            Assert.Equal(["bce", "loss", "penalty", "val_auc"],
                lines[epoch - 1].GetProperty("metrics").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }
        Assert.Equal("result", lines[3].GetProperty("type").GetString());
        Assert.Equal(
            ["auc", "gen_gap", "hessian_top", "robust_noise@0.1", "shift_auc", "test_loss", "train_auc", "train_loss"],
            lines[3].GetProperty("metrics").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Trainer_UnknownMetric_WritesOneErrorLineAndExitsTwo()
    {
        var (exitCode, lines, _) = await RunTrainerAsync("""{"kind":"soft_symmetry","seed":1,"metrics":["sharpness"]}""");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal("error", line.GetProperty("type").GetString());
        Assert.StartsWith("metrics: unknown metric 'sharpness'", line.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Trainer_TwoRequestLines_RunsBothInOneProcessEndsEachTrialOnStderrAndExitsZeroAtEof()
    {
        const string first = """{"kind":"synthetic","seed":1,"epochs":2,"params":{"x":0.5}}""";
        const string second = """{"kind":"synthetic","seed":2,"epochs":1,"params":{"x":0.5}}""";

        var (exitCode, lines, stderr) = await RunTrainerAsync(first + "\n\n" + second + "\n");

        Assert.Equal(0, exitCode);
        Assert.Equal(["epoch", "epoch", "result", "epoch", "result"], lines.Select(l => l.GetProperty("type").GetString()));
        // What a stopping rule may compare is what the epoch lines carry (schema's KindDefinition.EpochMetrics).
        Assert.All(lines.Where(l => l.GetProperty("type").GetString() == "epoch"), l =>
            Assert.Equal(KindCatalog.Synthetic.EpochMetrics, l.GetProperty("metrics").EnumerateObject().Select(p => p.Name)));
        Assert.Equal($"{TrialLoop.EndOfTrialMarker}\n{TrialLoop.EndOfTrialMarker}\n", stderr);
    }

    [Fact]
    public async Task Trainer_ErrorInTheFirstTrial_EndsThatTrialOnStderrAndExitsWithoutRunningTheNext()
    {
        const string failing = """{"kind":"synthetic","seed":1,"params":{"fail_prob":1,"failure_mode":"error"}}""";
        const string next = """{"kind":"synthetic","seed":2,"params":{}}""";

        var (exitCode, lines, stderr) = await RunTrainerAsync(failing + "\n" + next + "\n");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal("InvalidOperationException: synthetic failure at epoch 1", line.GetProperty("message").GetString());
        Assert.StartsWith("System.InvalidOperationException: synthetic failure at epoch 1", stderr);
        Assert.EndsWith($"\n{TrialLoop.EndOfTrialMarker}\n", stderr);
    }

    [Fact]
    public async Task Trainer_OneGpuWithoutVisibleDevices_WritesTheDeviceErrorAloneAndExitsOne()
    {
        const string request = """{"kind":"soft_symmetry","seed":1,"epochs":1,"gpus":1,"params":{"train_size":64,"test_size":64}}""";

        // An empty CUDA_VISIBLE_DEVICES, as the silo sets it, hides every GPU from a GPU build too.
        var (exitCode, lines, stderr) = await RunTrainerAsync(request, visibleDevices: "");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal("error", line.GetProperty("type").GetString());
        Assert.Equal(TrialDevice.UnavailableMessage(1, "", TrialDevice.Backend), line.GetProperty("message").GetString());
        Assert.Equal($"{TrialLoop.EndOfTrialMarker}\n", stderr);
    }

    private static async Task<(int ExitCode, List<JsonElement> Lines, string Stderr)> RunTrainerAsync(string requests, string? visibleDevices = null)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "Goldstone.Trainer");
        Assert.True(File.Exists(executable), $"the trainer is not built at {executable}");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (visibleDevices is not null) start.Environment[TrialDevice.VisibleDevicesVariable] = visibleDevices;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(requests);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung child only, not a performance assertion.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(hang.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.True(lines.Count > 0, $"no protocol line; stderr: {await stderr}");
        return (process.ExitCode, lines, await stderr);
    }
}
