using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// A copy of some tensors' values that can be written back bit for bit. Metrics that perturb a trained model
/// (sharpness ascent, pruning, quantisation) work on the model's own tensors between a snapshot and its restore,
/// because TorchSharp has no generic deep copy of a module; the model ends exactly as it started.
/// </summary>
public sealed class ParameterSnapshot : IDisposable
{
    private readonly Tensor[] _tensors;
    private readonly Tensor[] _copies;

    /// <summary>Copies the current values of <paramref name="tensors"/>.</summary>
    public ParameterSnapshot(IEnumerable<Tensor> tensors)
    {
        _tensors = tensors.ToArray();
        _copies = _tensors.Select(t => t.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Writes the copied values back into the tensors, without recording a graph.</summary>
    public void Restore()
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < _tensors.Length; i++) _tensors[i].copy_(_copies[i]);
    }

    /// <summary>Sets the tensors to the copied values plus Σ scale·direction, without recording a graph.</summary>
    /// <param name="steps">Pairs of a scale and a direction (one tensor per snapshot tensor, same shapes).</param>
    public void MoveTo(params (double Scale, IReadOnlyList<Tensor> Direction)[] steps)
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < _tensors.Length; i++)
        {
            _tensors[i].copy_(_copies[i]);
            foreach (var (scale, direction) in steps)
                if (scale != 0) _tensors[i].add_(direction[i], alpha: scale);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var copy in _copies) copy.Dispose();
    }
}
