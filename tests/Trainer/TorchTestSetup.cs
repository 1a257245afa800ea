using Goldstone.Trainer.Native;

namespace Goldstone.Tests.Trainer;

/// <summary>Makes the TorchSharp copies next to the test assembly loadable before any test touches torch.</summary>
internal static class TorchTestSetup
{
    /// <summary>Runs <see cref="LibTorchNativeFix.EnsureLoadable()"/>; cheap after the first call.</summary>
    public static void Ensure()
    {
        var report = LibTorchNativeFix.EnsureLoadable();
        if (report.Problems.Any()) throw new InvalidOperationException(string.Join("; ", report.Problems));
    }

#pragma warning disable CA2255 // A test assembly is an application: this is the earliest point before any torch call.
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Initialize() => Ensure();
#pragma warning restore CA2255
}
