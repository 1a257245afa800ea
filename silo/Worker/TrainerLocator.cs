using System.Diagnostics;
using System.Globalization;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Worker;

/// <summary>Finds the trainer and builds the command line of one trainer process.</summary>
public sealed class TrainerLocator(IOptions<GoldstoneOptions> options)
{
    /// <summary>The command-line option in front of the trial file's path (the trainer itself ignores it).</summary>
    public const string TrialFileArgument = "--trial-file";

    /// <summary>The environment variable that gives a trainer process its GPUs.</summary>
    public const string VisibleDevicesVariable = "CUDA_VISIBLE_DEVICES";

    /// <summary>The trainer assembly this silo runs.</summary>
    public string AssemblyPath
    {
        get
        {
            var path = options.Value.Worker.EffectiveTrainerPath;
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"the trainer {path} is missing: build the solution, or set Goldstone:Worker:TrainerPath", path);
        }
    }

    /// <summary>
    /// A process start for a trainer that runs trials with <paramref name="threads"/> threads one after another, on
    /// the GPUs <paramref name="visibleDevices"/> (comma-separated ids; empty: none, so a CPU trial cannot touch a GPU).
    /// Its command line names <paramref name="trialFile"/>, which holds the label of the trial it runs now (empty
    /// while idle), so operators and tests can tell which process runs which trial.
    /// </summary>
    public ProcessStartInfo StartInfo(int threads, string trialFile, string visibleDevices = "")
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        start.ArgumentList.Add(TrialFileArgument);
        start.ArgumentList.Add(trialFile);
        var threadCount = threads.ToString(CultureInfo.InvariantCulture);
        // libtorch and its OpenMP runtime size their pools from these; the request sets torch's own count too.
        start.Environment["OMP_NUM_THREADS"] = threadCount;
        start.Environment["MKL_NUM_THREADS"] = threadCount;
        // Without these, MKL and OpenMP may use fewer threads on a busy machine, and a different thread count
        // can change the bits of a reduction: a resumed run must compute exactly like an uninterrupted one.
        start.Environment["MKL_DYNAMIC"] = "FALSE";
        start.Environment["OMP_DYNAMIC"] = "FALSE";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapCount"] = "1";
        start.Environment[VisibleDevicesVariable] = visibleDevices;
        // Device ids as nvidia-smi numbers them (PCI bus order), not CUDA's default fastest-first order.
        start.Environment["CUDA_DEVICE_ORDER"] = "PCI_BUS_ID";
        return start;
    }

    private static string DotnetHost()
    {
        // Under `dotnet goldstone.dll` or `dotnet test` the muxer is this process or named by DOTNET_HOST_PATH.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is { Length: > 0 } && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
