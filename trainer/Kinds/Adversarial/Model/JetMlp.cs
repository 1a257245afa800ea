using Goldstone.Trainer.Kinds.Adversarial.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Model;

/// <summary>
/// The paper's classifier: a fixed normaliser inside the model (so that feature-space attacks act on raw
/// features), the flattened 602 inputs, hidden blocks Linear → SiLU → BatchNorm of the given widths (the reference's order: mattstools' MLPBlock appends
/// the activation before the normalisation), and one logit.
/// <para>
/// For weight-space attacks the forward pass can run at w + e without touching w (<see cref="Perturb"/>): every
/// layer adds a constant offset to its own weights, so the gradient with respect to w is exactly ∇L(w + e) and w
/// never needs restoring. While perturbed, BatchNorm normalises with the batch statistics but leaves its running
/// statistics alone, so that the extra pass does not count twice in them.
/// </para>
/// </summary>
public sealed class JetMlp : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _inputMean;
    private readonly Tensor _inputStd;
    private readonly ModuleList<Linear> _linears;
    private readonly ModuleList<BatchNorm1d> _norms;
    private readonly Linear _output;
    private Tensor[]? _offsets;

    /// <summary>Creates the layers, initialised from torch's global generator.</summary>
    /// <param name="inputMean">[602] raw-feature means (see <see cref="Normaliser"/>).</param>
    /// <param name="inputStd">[602] raw-feature standard deviations, all positive.</param>
    /// <param name="widths">Hidden widths, input side first, at least one.</param>
    public JetMlp(Tensor inputMean, Tensor inputStd, IReadOnlyList<int> widths) : base(nameof(JetMlp))
    {
        if (widths.Count == 0 || widths.Any(w => w < 1)) throw new ArgumentException("at least one hidden layer, each of width >= 1", nameof(widths));
        if (!inputMean.shape.SequenceEqual([JetLayout.Inputs]) || !inputStd.shape.SequenceEqual([JetLayout.Inputs]))
            throw new ArgumentException($"input mean and std must be [{JetLayout.Inputs}]");
        _inputMean = inputMean.to(ScalarType.Float32).detach().clone();
        _inputStd = inputStd.to(ScalarType.Float32).detach().clone();
        _linears = nn.ModuleList(widths.Select((width, i) => nn.Linear(i == 0 ? JetLayout.Inputs : widths[i - 1], width)).ToArray());
        _norms = nn.ModuleList(widths.Select(width => nn.BatchNorm1d(width)).ToArray());
        _output = nn.Linear(widths[^1], 1);
        RegisterComponents();
    }

    /// <summary>Every trainable tensor in a fixed order: per hidden block linear weight, bias, norm weight, norm bias;
    /// then the output weight and bias. Optimisers and weight perturbations use this order.</summary>
    /// <remarks>Read from the layers on every call, not kept: moving the model to another device replaces each
    /// parameter with a new one on that device.</remarks>
    public IReadOnlyList<Parameter> OrderedParameters =>
        [.. _linears.Zip(_norms).SelectMany(pair => new[] { pair.First.weight!, pair.First.bias!, pair.Second.weight!, pair.Second.bias! }),
            _output.weight!, _output.bias!];

    /// <summary>The final Linear layer (width → 1 logit): its weight is the variable of <c>reduced_hessian_w</c>.</summary>
    public Linear OutputLayer => _output;

    /// <summary>Runs forward passes at w + <paramref name="offsets"/> (one constant tensor per
    /// <see cref="OrderedParameters"/> entry, same shapes) until the returned handle is disposed.</summary>
    /// <exception cref="ArgumentException">The offsets do not match the parameters.</exception>
    public IDisposable Perturb(IReadOnlyList<Tensor> offsets)
    {
        var ordered = OrderedParameters;
        if (offsets.Count != ordered.Count || offsets.Where((o, i) => !o.shape.SequenceEqual(ordered[i].shape)).Any())
            throw new ArgumentException("one offset per parameter, of the parameter's shape", nameof(offsets));
        _offsets = offsets.Select(o => o.detach()).ToArray();
        return new Unperturb(this);
    }

    /// <summary>Logits [B] for raw features [B, 602].</summary>
    /// <exception cref="ArgumentException">The input has another shape (checked here: libtorch aborts on a matmul mismatch).</exception>
    public override Tensor forward(Tensor input)
    {
        JetLayout.RequireInputs(input, nameof(input));
        var x = (input - _inputMean) / _inputStd;
        var index = 0;
        for (var layer = 0; layer < _linears.Count; layer++)
        {
            var linear = _linears[layer];
            var norm = _norms[layer];
            x = nn.functional.silu(nn.functional.linear(x, Shifted(linear.weight!, index), Shifted(linear.bias!, index + 1)));
            var perturbed = _offsets is not null;
            // The running statistics are handed over as throw-away copies during a perturbed pass.
            var runningMean = perturbed ? norm.running_mean!.detach().clone() : norm.running_mean!;
            var runningVar = perturbed ? norm.running_var!.detach().clone() : norm.running_var!;
            x = nn.functional.batch_norm(x, runningMean, runningVar, Shifted(norm.weight!, index + 2), Shifted(norm.bias!, index + 3),
                training, 0.1, 1e-5);
            index += 4;
        }
        return nn.functional.linear(x, Shifted(_output.weight!, index), Shifted(_output.bias!, index + 1)).squeeze(-1);
    }

    private Tensor Shifted(Parameter parameter, int index) => _offsets is null ? parameter : parameter + _offsets[index];

    private sealed class Unperturb(JetMlp model) : IDisposable
    {
        public void Dispose() => model._offsets = null;
    }
}
