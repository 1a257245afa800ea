using System.Text.Json;
using Goldstone.Trainer;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>
/// Every TorchSharp kind trains on the request's device: with gpus 0 it puts its model and every data set on the
/// CPU and says so once (<see cref="TrialDevice.RequirePlaced"/>); with gpus 1 on this CPU build it fails before
/// any epoch with the one device error, which the trial loop reports as the attempt's error.
/// </summary>
public sealed class KindDeviceTests
{
    public static TheoryData<string> TorchKinds => new(["adversarial", "landscape", "rg_clt", "soft_symmetry"]);

    private static readonly Dictionary<string, string[]> PlacedTensors = new()
    {
        ["adversarial"] =
        [
            "model._inputMean", "model._inputStd", "model._linears.0.bias", "model._linears.0.weight", "model._norms.0.bias",
            "model._norms.0.num_batches_tracked", "model._norms.0.running_mean", "model._norms.0.running_var", "model._norms.0.weight",
            "model._output.bias", "model._output.weight", "shifted_test_x", "shifted_test_y", "test_x", "test_y", "train_x", "train_y",
            "validation_x", "validation_y",
        ],
        ["landscape"] = ["surface", "theta"],
        ["rg_clt"] =
        [
            "in_gaussian_inputs", "in_gaussian_targets", "in_uniform_inputs", "in_uniform_targets",
            "model._hidden.0._bias", "model._hidden.0._weight", "model._hidden.1._bias", "model._hidden.1._weight",
            "model._output._bias", "model._output._weight",
            "ood_exponential_inputs", "ood_exponential_targets", "ood_laplace_inputs", "ood_laplace_targets",
            "train_inputs", "train_targets",
        ],
        ["soft_symmetry"] =
        [
            "model._hidden.0.bias", "model._hidden.0.weight", "model._inputMean", "model._inputStd", "model._output.bias",
            "model._output.weight", "shifted_test_x", "test_x", "test_y", "train_x", "train_y",
        ],
    };

    [Theory]
    [MemberData(nameof(TorchKinds))]
    public void Run_ZeroGpus_PutsTheModelAndEveryDataSetOnTheCpuOnce(string kind)
    {
        var reporter = new PlacementRecorder();

        TrialKinds.Create(kind).Run(TinyRequest(kind), reporter, CancellationToken.None);

        var placement = Assert.Single(reporter.Placements);
        Assert.Equal("cpu", placement.Device);
        Assert.Equal(PlacedTensors[kind], placement.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.All(placement.Tensors, tensor => Assert.Equal((DeviceType.CPU, -1), tensor.Value));
    }

    [Fact]
    public void Run_SoftSymmetryDistillation_PutsTheTransferSetOnTheDeviceToo()
    {
        var reporter = new PlacementRecorder();
        var request = Request("soft_symmetry", ["distill_control_ratio"],
            new { width = 4, depth = 1, train_size = 64, test_size = 64, batch_size = 64, distill_transfer_size = 64, distill_epochs = 1 });

        TrialKinds.Create("soft_symmetry").Run(request, reporter, CancellationToken.None);

        var placement = Assert.Single(reporter.Placements);
        Assert.Equal(
            ["model._hidden.0.bias", "model._hidden.0.weight", "model._inputMean", "model._inputStd", "model._output.bias",
                "model._output.weight", "test_x", "test_y", "train_x", "train_y", "transfer_x", "transfer_y"],
            placement.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.All(placement.Tensors, tensor => Assert.Equal((DeviceType.CPU, -1), tensor.Value));
    }

    [Theory]
    [MemberData(nameof(TorchKinds))]
    public void Run_OneGpuWithoutCuda_ThrowsTheDeviceErrorBeforeAnyEpoch(string kind)
    {
        var reporter = new PlacementRecorder();

        var error = Assert.Throws<TrialDeviceUnavailableException>(() =>
            TrialKinds.Create(kind).Run(TinyRequest(kind) with { Gpus = 1 }, reporter, CancellationToken.None));

        Assert.Equal(ExpectedDeviceError(), error.Message);
        Assert.Empty(reporter.Placements);
        Assert.Equal(0, reporter.Epochs);
    }

    [Theory]
    [MemberData(nameof(TorchKinds))]
    public void TrialLoop_OneGpuWithoutCuda_ReportsTheDeviceErrorAloneAndReturnsOne(string kind)
    {
        var output = new StringWriter();
        var diagnostics = new StringWriter();
        var line = JsonSerializer.Serialize(TinyRequest(kind) with { Gpus = 1 }, ProtocolJson.Options);

        var exitCode = new TrialLoop(new StringReader(line + "\n"), new ReportWriter(output), diagnostics).Run();

        Assert.Equal(1, exitCode);
        using var report = JsonDocument.Parse(Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("error", report.RootElement.GetProperty("type").GetString());
        Assert.Equal(ExpectedDeviceError(), report.RootElement.GetProperty("message").GetString());
        // The message is the whole report: no stack trace on stderr, only the end of the trial.
        Assert.Equal($"{TrialLoop.EndOfTrialMarker}\n", diagnostics.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>What this process sees: this CPU build never has CUDA, whatever the machine.</summary>
    private static string ExpectedDeviceError() =>
        TrialDevice.UnavailableMessage(1, Environment.GetEnvironmentVariable(TrialDevice.VisibleDevicesVariable), TrialDevice.Backend);

    private static TrialRequest TinyRequest(string kind) => kind switch
    {
        "adversarial" => Request(kind, ["shift_auc"],
            new { attack = "none", widths = "8", train_size = 64, val_size = 32, test_size = 32, batch_size = 32 }),
        "landscape" => Request(kind, [], new { surface = "many_minima_2d", minima = 10, steps = 10 }),
        "rg_clt" => Request(kind, [], new { width = 4, train_size = 16, test_size = 16, batch_size = 16 }),
        "soft_symmetry" => Request(kind, ["shift_auc"], new { width = 4, depth = 1, train_size = 64, test_size = 64, batch_size = 64 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static TrialRequest Request(string kind, List<string> metrics, object parameters) => new()
    {
        Kind = kind, Seed = 1, Epochs = 1, Threads = 1, Metrics = metrics,
        Params = JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };

    private sealed class PlacementRecorder : ITrialReporter
    {
        public List<(string Device, Dictionary<string, (DeviceType Type, int Index)> Tensors)> Placements { get; } = [];

        public int Epochs { get; private set; }

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics) => Epochs++;

        // The tensors are the kind's and valid during the call only: keep where they were, not the tensors.
        public void Placed(Device device, IReadOnlyDictionary<string, Tensor> tensors) =>
            Placements.Add((device.ToString(), tensors.ToDictionary(t => t.Key, t => (t.Value.device_type, t.Value.device_index))));
    }
}
