using System.Diagnostics;
using System.Text.Json;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>Runs the built trainer executable (the copy next to the tests) the way the silo does.</summary>
public sealed class TrainerProcessTests
{
    [Fact]
    public async Task Trainer_TinySoftSymmetryRequest_WritesEpochLinesThenOneResultAndExitsZero()
    {
        const string request = """
            {"kind":"soft_symmetry","seed":4,"epochs":3,"threads":1,
             "params":{"train_size":200,"test_size":200,"width":8,"penalty":0.1,"hessian_iterations":3,"hessian_batch":64},
             "metrics":["auc","shift_auc","gen_gap","hessian_top","robust_noise@0.1"]}
            """;

        var (exitCode, lines) = await RunTrainerAsync(request);

        Assert.Equal(0, exitCode);
        Assert.Equal(4, lines.Count);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            Assert.Equal("epoch", lines[epoch - 1].GetProperty("type").GetString());
            Assert.Equal(epoch, lines[epoch - 1].GetProperty("epoch").GetInt32());
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
        var (exitCode, lines) = await RunTrainerAsync("""{"kind":"soft_symmetry","seed":1,"metrics":["sharpness"]}""");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(lines);
        Assert.Equal("error", line.GetProperty("type").GetString());
        Assert.StartsWith("metrics: unknown metric 'sharpness'", line.GetProperty("message").GetString());
    }

    private static async Task<(int ExitCode, List<JsonElement> Lines)> RunTrainerAsync(string request)
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
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(request);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung child only, not a performance assertion.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(hang.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.True(lines.Count > 0, $"no protocol line; stderr: {await stderr}");
        return (process.ExitCode, lines);
    }
}
