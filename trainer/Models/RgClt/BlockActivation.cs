using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>Hidden nonlinearity of the renormalisation-study models.</summary>
public enum BlockActivation
{
    /// <summary>The identity: the whole model is affine, and can represent the exact map.</summary>
    Linear,

    /// <summary>x², the lowest-order nonlinearity; adds cumulants of its own under iteration.</summary>
    Quadratic,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>x·sigmoid(x).</summary>
    Silu,
}

/// <summary>Names and evaluation of <see cref="BlockActivation"/>.</summary>
public static class BlockActivations
{
    /// <summary>Every name a request may use, in the order of the enum.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<BlockActivation>().Select(Name).ToArray();

    /// <summary>The lower-case name a request uses.</summary>
    public static string Name(BlockActivation activation) => activation.ToString().ToLowerInvariant();

    /// <summary>The activation named <paramref name="name"/>; <paramref name="name"/> must be one of <see cref="Names"/>.</summary>
    public static BlockActivation Parse(string name) =>
        Enum.GetValues<BlockActivation>().Single(a => Name(a) == name);

    /// <summary>Applies the activation elementwise.</summary>
    public static Tensor Apply(this BlockActivation activation, Tensor x) => activation switch
    {
        BlockActivation.Linear => x,
        BlockActivation.Quadratic => x.pow(RootedScalars.Two),
        BlockActivation.Tanh => torch.tanh(x),
        BlockActivation.Relu => nn.functional.relu(x),
        BlockActivation.Silu => nn.functional.silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };
}
