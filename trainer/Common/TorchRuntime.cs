using Goldstone.Trainer.Native;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Common;

/// <summary>The start of every TorchSharp trial: native library check, the trial's device, global torch state and seed, in that order.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// <see cref="Initialize(long, int)"/> for a request, after choosing its device (<see cref="TrialDevice.Select(int)"/>),
    /// which the kind puts its model and data on. Call it once per request, before any other TorchSharp call.
    /// </summary>
    /// <returns>The CPU, or <c>cuda:0</c> when the request asks for GPUs.</returns>
    /// <exception cref="TrialRequestException"><see cref="TrialRequest.Gpus"/> is negative.</exception>
    /// <exception cref="TrialDeviceUnavailableException">The request asks for GPUs and CUDA is not available.</exception>
    public static Device Initialize(TrialRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Threads, 1);
        EnsureLoadable();
        var device = TrialDevice.Select(request.Gpus);
        ResetGlobalState(request.Seed, request.Threads);
        return device;
    }

    /// <summary>
    /// Makes libtorch loadable (see <see cref="LibTorchNativeFix"/>), then puts every piece of torch's global state a
    /// trial can read back to the same values: intra-op thread count, gradient mode, default dtype and the seed of
    /// torch's global generator (TorchSharp 0.107 does not implement deterministic-algorithm flags, so no trial can
    /// change them). A trainer process runs trials one
    /// after another, so a trial's numbers must not depend on what ran before it in the same process. Call before
    /// any other TorchSharp call of the trial; problems with the native fix go to stderr, not stdout, which carries
    /// the protocol.
    /// </summary>
    public static void Initialize(long seed, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureLoadable();
        ResetGlobalState(seed, threads);
    }

    private static void EnsureLoadable()
    {
        foreach (var problem in LibTorchNativeFix.EnsureLoadable().Problems) Console.Error.WriteLine($"warning: {problem}");
    }

    private static void ResetGlobalState(long seed, int threads)
    {
        // Resizing libtorch's intra-op pool is only needed when the count changes; a process running many trials in
        // a row would otherwise rebuild the pool for every one.
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        // Scoped guards (no_grad) restore gradient mode on the way out, but only if every path disposes them; these are
        // libtorch's defaults.
        if (!torch.is_grad_enabled()) torch.set_grad_enabled(true);
        if (torch.get_default_dtype() != torch.ScalarType.Float32) torch.set_default_dtype(torch.ScalarType.Float32);
        // Seeds the CUDA generators too; the kinds draw on the CPU and move the draws, so they use only this one.
        torch.manual_seed(seed);
    }
}
