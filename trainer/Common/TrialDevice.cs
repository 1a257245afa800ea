using System.Reflection;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Common;

/// <summary>
/// The device a trial trains on, chosen once per request (by <see cref="TorchRuntime.Initialize(TrialRequest)"/>) from
/// <see cref="TrialRequest.Gpus"/>: the CPU for 0, else <c>cuda:0</c>, the first of the devices the silo named in
/// <see cref="VisibleDevicesVariable"/>. A trial given several GPUs still trains on that one alone: the trainer has no
/// data parallelism. A trial given a GPU where CUDA is not available fails with
/// <see cref="TrialDeviceUnavailableException"/> instead of training on the CPU behind the scheduler's back.
/// </summary>
public static class TrialDevice
{
    /// <summary>The environment variable through which the silo gives a trainer process its GPUs.</summary>
    public const string VisibleDevicesVariable = "CUDA_VISIBLE_DEVICES";

    /// <summary>The default backend package (Directory.Build.props): libtorch without CUDA.</summary>
    public const string CpuBackend = "TorchSharp-cpu";

    /// <summary>The backend package a GPU image is built with.</summary>
    public const string CudaBackend = "TorchSharp-cuda-linux";

    /// <summary>The TorchSharp package this trainer is built with: the MSBuild property TorchBackend, recorded in
    /// the assembly's metadata at build time.</summary>
    public static string Backend { get; } = typeof(TrialDevice).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "TorchBackend")?.Value ?? "an unknown TorchSharp package";

    /// <summary>The device for a request asking <paramref name="gpus"/> GPUs. Asks libtorch about CUDA only when
    /// <paramref name="gpus"/> is above 0, so a CPU trial never loads the CUDA libraries of a GPU build.</summary>
    /// <exception cref="TrialRequestException"><paramref name="gpus"/> is negative.</exception>
    /// <exception cref="TrialDeviceUnavailableException">GPUs are asked for and CUDA is not available.</exception>
    public static Device Select(int gpus) =>
        Select(gpus, gpus > 0 && torch.cuda.is_available(), Environment.GetEnvironmentVariable(VisibleDevicesVariable), Backend);

    /// <summary><see cref="Select(int)"/> with what it reads from libtorch and the environment given.</summary>
    /// <param name="gpus">The request's <see cref="TrialRequest.Gpus"/>.</param>
    /// <param name="cudaAvailable">Whether libtorch can use CUDA in this process.</param>
    /// <param name="visibleDevices">The value of <see cref="VisibleDevicesVariable"/>, or null when it is unset.</param>
    /// <param name="backend">The TorchSharp package the trainer is built with.</param>
    public static Device Select(int gpus, bool cudaAvailable, string? visibleDevices, string backend)
    {
        if (gpus < 0) throw new TrialRequestException($"gpus: {gpus} is out of range (allowed: an integer >= 0)");
        if (gpus == 0) return torch.CPU;
        if (!cudaAvailable) throw new TrialDeviceUnavailableException(UnavailableMessage(gpus, visibleDevices, backend));
        return new Device(DeviceType.CUDA, 0);
    }

    /// <summary>The one error of an attempt that asks for GPUs where CUDA is not available: what it asked, what the
    /// trainer sees, and what to change.</summary>
    public static string UnavailableMessage(int gpus, string? visibleDevices, string backend)
    {
        var visible = visibleDevices is null ? $"{VisibleDevicesVariable} unset" : $"{VisibleDevicesVariable}='{visibleDevices}'";
        var remedy = backend == CpuBackend
            ? $"build the GPU image with -p:TorchBackend={CudaBackend}"
            : "check the node's NVIDIA driver and the devices the silo assigned";
        return $"the trial asks {gpus} GPU(s) but CUDA is not available to this trainer ({visible}; this trainer is built with {backend}: {remedy})";
    }

    /// <summary>The model's parameters and buffers (named <c>model.</c> and their module path) and the named data
    /// tensors (nulls left out), for <see cref="RequirePlaced"/>.</summary>
    public static Dictionary<string, Tensor> Tensors(nn.Module? model, params (string Name, Tensor? Tensor)[] data)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (model is not null)
        {
            foreach (var (name, parameter) in model.named_parameters()) tensors.Add($"model.{name}", parameter);
            foreach (var (name, buffer) in model.named_buffers()) tensors.Add($"model.{name}", buffer);
        }
        foreach (var (name, tensor) in data)
            if (tensor is not null) tensors.Add(name, tensor);
        return tensors;
    }

    /// <summary>
    /// Checks, once a kind has put its model and data on <paramref name="device"/>, that every tensor is there, and
    /// tells the reporter (<see cref="ITrialReporter.Placed"/>). On a GPU a tensor left behind on the CPU would
    /// otherwise fail later, inside libtorch, with a message that names no tensor (or abort the process).
    /// </summary>
    /// <exception cref="InvalidOperationException">A tensor is on another device: a defect of the kind.</exception>
    public static void RequirePlaced(Device device, IReadOnlyDictionary<string, Tensor> tensors, ITrialReporter reporter)
    {
        var misplaced = tensors.Where(entry => !IsOn(entry.Value, device)).Select(entry => $"{entry.Key} on {entry.Value.device}").ToList();
        if (misplaced.Count > 0)
            throw new InvalidOperationException($"not on the trial's device {device}: {string.Join(", ", misplaced)}");
        reporter.Placed(device, tensors);
    }

    /// <summary>True when <paramref name="tensor"/> lives on <paramref name="device"/> (type and index).</summary>
    public static bool IsOn(Tensor tensor, Device device) => tensor.device_type == device.type && tensor.device_index == device.index;
}

/// <summary>The request asks for GPUs and this trainer cannot use CUDA. The trainer reports its message as the
/// attempt's error: not an invalid request (the same request runs on a GPU trainer), so the exit code is 1.</summary>
public sealed class TrialDeviceUnavailableException(string message) : Exception(message);
