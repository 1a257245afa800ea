using System.Reflection;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Common;

public sealed class TrialDeviceTests
{
    [Fact]
    public void Select_ZeroGpus_IsTheCpuEvenWhereCudaIsAvailable()
    {
        var device = TrialDevice.Select(0, cudaAvailable: true, visibleDevices: "", TrialDevice.CudaBackend);

        Assert.Equal(DeviceType.CPU, device.type);
        Assert.Equal(-1, device.index);
    }

    [Theory]
    [InlineData(1, "3")]
    [InlineData(4, "3,5,6,7")]
    public void Select_GpusWhereCudaIsAvailable_IsTheFirstVisibleDeviceAlone(int gpus, string visible)
    {
        var device = TrialDevice.Select(gpus, cudaAvailable: true, visible, TrialDevice.CudaBackend);

        Assert.Equal("cuda:0", device.ToString());
        Assert.Equal(DeviceType.CUDA, device.type);
        Assert.Equal(0, device.index);
    }

    [Fact]
    public void Select_GpusWithoutCudaOnACpuBuild_ThrowsNamingTheVisibleDevicesAndTheGpuBuild()
    {
        var error = Assert.Throws<TrialDeviceUnavailableException>(() => TrialDevice.Select(1, cudaAvailable: false, "0", "TorchSharp-cpu"));

        Assert.Equal(
            "the trial asks 1 GPU(s) but CUDA is not available to this trainer (CUDA_VISIBLE_DEVICES='0'; "
            + "this trainer is built with TorchSharp-cpu: build the GPU image with -p:TorchBackend=TorchSharp-cuda-linux)",
            error.Message);
    }

    [Fact]
    public void Select_GpusWithoutCudaOnAGpuBuildAndNoVisibleDevices_ThrowsPointingAtTheDriverAndTheSilo()
    {
        var error = Assert.Throws<TrialDeviceUnavailableException>(() => TrialDevice.Select(2, cudaAvailable: false, null, "TorchSharp-cuda-linux"));

        Assert.Equal(
            "the trial asks 2 GPU(s) but CUDA is not available to this trainer (CUDA_VISIBLE_DEVICES unset; "
            + "this trainer is built with TorchSharp-cuda-linux: check the node's NVIDIA driver and the devices the silo assigned)",
            error.Message);
    }

    [Fact]
    public void Select_NegativeGpus_ThrowsTrialRequestExceptionNamingTheKey()
    {
        var error = Assert.Throws<TrialRequestException>(() => TrialDevice.Select(-1, cudaAvailable: true, "0", TrialDevice.CpuBackend));

        Assert.Equal("gpus: -1 is out of range (allowed: an integer >= 0)", error.Message);
    }

    [Fact]
    public void Select_ZeroGpusOnThisTrainer_IsTheCpu()
    {
        TorchTestSetup.Ensure();

        Assert.Equal("cpu", TrialDevice.Select(0).ToString());
    }

    [Fact]
    public void Backend_IsTheTorchBackendPropertyOfTheBuild()
    {
        // The test project records the same MSBuild property; both are built in one invocation.
        var built = typeof(TrialDeviceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TorchBackend").Value;

        Assert.Equal(built, TrialDevice.Backend);
    }

    [Fact]
    public void Tensors_ModelAndData_NamesEveryParameterAndBufferAndLeavesOutMissingData()
    {
        TorchTestSetup.Ensure();
        using var scope = torch.NewDisposeScope();
        using var model = new Mlp(torch.zeros(3), torch.ones(3), width: 4, depth: 1, Activation.Relu);
        var data = torch.zeros(2, 3);

        var tensors = TrialDevice.Tensors(model, ("train_x", data), ("shifted_test_x", null));

        Assert.Equal(
            ["model._hidden.0.bias", "model._hidden.0.weight", "model._inputMean", "model._inputStd", "model._output.bias", "model._output.weight", "train_x"],
            tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Same(data, tensors["train_x"]);
    }

    [Fact]
    public void RequirePlaced_TensorOnAnotherDevice_ThrowsNamingItAndReportsNothing()
    {
        TorchTestSetup.Ensure();
        using var scope = torch.NewDisposeScope();
        var reporter = new PlacementRecorder();
        var tensors = new Dictionary<string, Tensor>
        {
            ["train_x"] = torch.zeros(2, 3),
            ["test_x"] = torch.zeros([2, 3], device: new Device(DeviceType.META)),
        };

        var error = Assert.Throws<InvalidOperationException>(() => TrialDevice.RequirePlaced(torch.CPU, tensors, reporter));

        Assert.Equal("not on the trial's device cpu: test_x on meta", error.Message);
        Assert.Equal(0, reporter.Calls);
    }

    [Fact]
    public void RequirePlaced_EveryTensorOnTheDevice_ReportsThemOnce()
    {
        TorchTestSetup.Ensure();
        using var scope = torch.NewDisposeScope();
        var reporter = new PlacementRecorder();
        var tensors = new Dictionary<string, Tensor> { ["train_x"] = torch.zeros(2, 3), ["train_y"] = torch.zeros(2) };

        TrialDevice.RequirePlaced(torch.CPU, tensors, reporter);

        Assert.Equal(1, reporter.Calls);
        Assert.Equal("cpu", reporter.Device);
        Assert.Equal(["train_x", "train_y"], reporter.Names);
    }

    private sealed class PlacementRecorder : ITrialReporter
    {
        public int Calls { get; private set; }

        public string? Device { get; private set; }

        public List<string> Names { get; } = [];

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
        }

        public void Placed(Device device, IReadOnlyDictionary<string, Tensor> tensors)
        {
            Calls++;
            Device = device.ToString();
            Names.AddRange(tensors.Keys.Order(StringComparer.Ordinal));
        }
    }
}
