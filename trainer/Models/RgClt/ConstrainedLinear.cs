using Goldstone.Trainer.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>
/// An affine layer y = W·x + c whose weight may be tied in two ways. <b>Tied inputs</b>: every row of W has one
/// value for all inputs, so the layer sees only the sum of its inputs and is exactly invariant under permuting
/// them (the sum is taken first: x₁ + x₂ and x₂ + x₁ are the same number, so the invariance holds bit for bit).
/// <b>Tied rows</b>: all rows of W and all entries of c are one shared row and one shared bias, so every output unit
/// computes the same value. Initialised like <c>nn.Linear</c>, U(−1/√in, 1/√in), from torch's global generator.
/// </summary>
public sealed class ConstrainedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputs">Input features, at least 1.</param>
    /// <param name="outputs">Output features, at least 1.</param>
    /// <param name="tieRows">One weight row and one bias shared by all outputs.</param>
    /// <param name="tieInputs">One weight per row shared by all inputs.</param>
    public ConstrainedLinear(int inputs, int outputs, bool tieRows = false, bool tieInputs = false) : base(nameof(ConstrainedLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Inputs = inputs;
        Outputs = outputs;
        TiesRows = tieRows;
        TiesInputs = tieInputs;
        var bound = 1 / Math.Sqrt(inputs);
        long rows = tieRows ? 1 : outputs;
        _weight = nn.Parameter(torch.empty(rows, tieInputs ? 1 : inputs).uniform_(-bound, bound));
        _bias = nn.Parameter(torch.empty(rows).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>True when all outputs share one row.</summary>
    public bool TiesRows { get; }

    /// <summary>True when each row has one weight for all inputs.</summary>
    public bool TiesInputs { get; }

    /// <summary>[..., <see cref="Inputs"/>] → [..., <see cref="Outputs"/>].</summary>
    /// <exception cref="ArgumentException">The last dimension is not <see cref="Inputs"/>: checked here because a shape
    /// mismatch inside libtorch's matmul aborts the process.</exception>
    public override Tensor forward(Tensor input)
    {
        if (input.ndim < 1 || input.shape[^1] != Inputs)
            throw new ArgumentException($"expected input [..., {Inputs}], got [{string.Join(", ", input.shape)}]", nameof(input));
        var z = TiesInputs
            ? input.sum(-1, keepdim: true) * _weight.view(-1)
            : nn.functional.linear(input, _weight);
        z = z.add(_bias, RootedScalars.One);
        if (!TiesRows || Outputs == 1) return z;
        var shape = input.shape.ToArray();
        shape[^1] = Outputs;
        return z.expand(shape);
    }

    /// <summary>A copy of the full [<see cref="Outputs"/>, <see cref="Inputs"/>] weight matrix the layer applies.</summary>
    public Tensor EffectiveWeight()
    {
        using var noGrad = torch.no_grad();
        return _weight.expand(Outputs, Inputs).clone();
    }

    /// <summary>A copy of the full [<see cref="Outputs"/>] bias the layer applies.</summary>
    public Tensor EffectiveBias()
    {
        using var noGrad = torch.no_grad();
        return _bias.expand(Outputs).clone();
    }
}
