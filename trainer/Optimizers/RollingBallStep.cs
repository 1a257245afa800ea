using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers;

/// <summary>
/// The rolling-ball optimiser (Belgoumri et al., arXiv:2505.19527; WORKLOADS.md D), exactly:
/// <code>
/// (f, g) = L(θ); s = sqrt(1 + ‖g‖²)
/// cx = θ − ρ·g/s − η·g          # the ball's centre, then its descent step
/// cy = f + ρ/s − η·‖g‖²
/// θ' = θ
/// repeat K: (f', g') = L(θ'); θ' ← θ' − γ·[(θ' − cx) + (f' − cy)·g']
/// θ ← θ'
/// </code>
/// The K inner steps are gradient descent on ½‖(θ', f(θ')) − (cx, cy)‖²: they project the moved centre onto the
/// graph of the loss, so that the new contact point lies about ρ from it. K + 1 passes on the same batch; ‖g‖² is
/// over all parameters and accumulated in double precision. Stateless between batches.
/// </summary>
/// <remarks>
/// The projection converges only while γ times the largest eigenvalue of I + g'g'ᵀ + (f' − cy)·∇²f stays below 2.
/// At the paper's γ = 0.05, K = 20 that fails where ‖g‖ exceeds about 6: on weierstrass_1d (|f'| up to ~15) the inner
/// loop is chaotic, and on many_minima_2d it sometimes diverges to NaN. The rule is kept exactly as specified; a
/// smaller inner_lr with more inner_steps converges.
/// </remarks>
internal sealed class RollingBallStep(IReadOnlyList<Parameter> parameters, double learningRate, double radius, int innerSteps, double innerLearningRate)
    : ITrainingStep
{
    private const string StateTag = "rolling_ball";

    /// <inheritdoc />
    public double Step(Func<Tensor> lossOfCurrentBatch)
    {
        using var scope = torch.NewDisposeScope();
        var loss = lossOfCurrentBatch();
        var f = Gradients.Scalar(loss);
        var g = Gradients.Of(loss, parameters);
        var gSquared = Gradients.SquaredNorm(g);
        var s = Math.Sqrt(1 + gSquared);
        var cx = parameters.Select((p, i) => p.detach() - (radius / s + learningRate) * g[i]).ToArray();
        var cy = f + radius / s - learningRate * gSquared;

        for (var k = 0; k < innerSteps; k++)
        {
            using var inner = torch.NewDisposeScope();
            var innerLoss = lossOfCurrentBatch();
            var fInner = Gradients.Scalar(innerLoss);
            var gInner = Gradients.Of(innerLoss, parameters);
            using (torch.no_grad())
            {
                for (var i = 0; i < parameters.Count; i++)
                    parameters[i].add_((parameters[i] - cx[i]).add_(gInner[i], alpha: fInner - cy), alpha: -innerLearningRate);
            }
        }
        return f;
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => writer.Write(StateTag);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        var tag = reader.ReadString();
        if (tag != StateTag) throw new InvalidDataException($"the checkpoint holds optimiser state '{tag}', not {StateTag}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
