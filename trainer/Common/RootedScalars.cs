using TorchSharp;

namespace Goldstone.Trainer.Common;

/// <summary>
/// Scalars held by static fields for the life of the process, for libtorch calls that would otherwise get a temporary.
/// <para>Why: TorchSharp turns a C# number into a finalizable <see cref="Scalar"/> and passes only its native handle
/// on; nothing keeps the managed object alive during the call (TorchSharp 0.107 has no <c>GC.KeepAlive</c> there). A
/// collection started by any other thread while libtorch is inside that call finalizes the Scalar, its memory is
/// freed under libtorch, and libtorch either fails with "Expected false to be true ... toFloat at Scalar.h:140" (the
/// freed memory no longer holds a valid tag) or silently reads another value. The implicit ones hide in everyday
/// code: <c>a + b</c> is <c>a.add(b, 1)</c> with a fresh Scalar 1, <c>x.square()</c> is <c>x.pow(2)</c>.</para>
/// Each value is an integer Scalar, as TorchSharp's implicit conversion of the same literal makes, so a call with it
/// runs the same kernel and gives the same bits.
/// </summary>
public static class RootedScalars
{
    /// <summary>The integer 1, the <c>alpha</c> of a plain addition: <c>a.add(b, RootedScalars.One)</c> is <c>a + b</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 2: <c>x.pow(RootedScalars.Two)</c> is <c>x.square()</c>.</summary>
    public static readonly Scalar Two = 2.ToScalar();
}
