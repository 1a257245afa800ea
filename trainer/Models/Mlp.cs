using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models;

/// <summary>Hidden-layer nonlinearity of an <see cref="Mlp"/>.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>x·sigmoid(x).</summary>
    Silu,
}

/// <summary>
/// A multilayer perceptron with one logit output and a fixed input standardisation inside the model, so that
/// transforms and attacks act on raw features while the layers see standardised ones. The mean and standard
/// deviation are buffers: saved with the model, never trained.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _inputMean;
    private readonly Tensor _inputStd;
    private readonly ModuleList<Linear> _hidden;
    private readonly Linear _output;
    private readonly Activation _activation;

    /// <summary>Creates the layers (initialised from torch's global generator) and copies the statistics.</summary>
    /// <param name="inputMean">[inputs] mean of the training features.</param>
    /// <param name="inputStd">[inputs] standard deviation of the training features, all positive.</param>
    /// <param name="width">Units per hidden layer, at least 1.</param>
    /// <param name="depth">Number of hidden layers, at least 1.</param>
    /// <param name="activation">Hidden nonlinearity.</param>
    /// <param name="dtype">Parameter type; float64 for numerical checks.</param>
    public Mlp(Tensor inputMean, Tensor inputStd, int width, int depth, Activation activation, ScalarType dtype = ScalarType.Float32)
        : base(nameof(Mlp))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        if (inputMean.ndim != 1 || !inputStd.shape.SequenceEqual(inputMean.shape))
            throw new ArgumentException("input mean and std must be vectors of the same length");
        Inputs = (int)inputMean.shape[0];
        _inputMean = inputMean.to(dtype).detach().clone();
        _inputStd = inputStd.to(dtype).detach().clone();
        _hidden = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(layer => nn.Linear(layer == 0 ? Inputs : width, width, dtype: dtype)).ToArray());
        _output = nn.Linear(width, 1, dtype: dtype);
        _activation = activation;
        RegisterComponents();
    }

    /// <summary>Number of input features.</summary>
    public int Inputs { get; }

    /// <summary>The final Linear layer (width → 1 logit): its weight is the variable of <c>reduced_hessian_w</c>.</summary>
    public Linear OutputLayer => _output;

    /// <summary>The hidden Linear layers, input side first.</summary>
    public IReadOnlyList<Linear> HiddenLayers => [.. _hidden];

    /// <summary>Logits [B] for raw features [B, <see cref="Inputs"/>].</summary>
    /// <exception cref="ArgumentException">The input has another shape; checked here because a shape mismatch
    /// inside libtorch's matmul aborts the process instead of throwing.</exception>
    public override Tensor forward(Tensor input)
    {
        if (input.ndim != 2 || input.shape[1] != Inputs)
            throw new ArgumentException($"expected input [B, {Inputs}], got [{string.Join(", ", input.shape)}]", nameof(input));
        var x = (input - _inputMean) / _inputStd;
        foreach (var layer in _hidden) x = Activate(layer.call(x));
        return _output.call(x).squeeze(-1);
    }

    /// <summary>Per-column mean and standard deviation of [N, F] features, the latter floored so that constant
    /// columns do not divide by zero. The caller owns both tensors.</summary>
    public static (Tensor Mean, Tensor Std) Standardisation(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        var mean = features.mean([0]);
        var std = features.std(0, unbiased: false).clamp_min(1e-6);
        return (mean.MoveToOuterDisposeScope(), std.MoveToOuterDisposeScope());
    }

    private Tensor Activate(Tensor x) => _activation switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Tanh => torch.tanh(x),
        Activation.Silu => nn.functional.silu(x),
        _ => throw new InvalidOperationException($"unknown activation {_activation}"),
    };
}
