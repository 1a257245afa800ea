using Goldstone.Trainer.Native;
using TorchSharp;

namespace Goldstone.Trainer.Common;

/// <summary>The start of every TorchSharp trial: native library check, thread count and seed, in that order.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Makes libtorch loadable (see <see cref="LibTorchNativeFix"/>), then fixes the intra-op thread count and
    /// seeds torch's global generator, so that the same seed and thread count give the same numbers. Call before
    /// any other TorchSharp call of the trial; problems with the native fix go to stderr, not stdout, which
    /// carries the protocol.
    /// </summary>
    public static void Initialize(long seed, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        foreach (var problem in LibTorchNativeFix.EnsureLoadable().Problems) Console.Error.WriteLine($"warning: {problem}");
        // Resizing libtorch's intra-op pool is only needed when the count changes; a trainer process does it once, a
        // test process running many trials in a row would otherwise rebuild the pool for every one.
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        torch.manual_seed(seed);
    }
}
