using Goldstone.Trainer.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers.HeldScalars;

/// <summary>
/// <c>torch.optim.Adam</c> with a step that holds every <see cref="Scalar"/> it passes to libtorch until the call has
/// returned (see <see cref="Common.RootedScalars"/> for the race the stock step loses when another thread collects). The
/// update is TorchSharp 0.107's own, operation for operation, so it gives the same bits; the state (moments and step
/// count per parameter) is the base class's. The class is called Adam because an optimizer file records the class
/// name (not its namespace) and loading checks it: with the same name, this optimizer and TorchSharp's read each
/// other's checkpoints.
/// </summary>
public sealed class Adam(IEnumerable<Parameter> parameters, double lr) : TorchSharp.Modules.Adam(parameters, lr)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var weightDecay = options.weight_decay!.Value;
        var eps = options.eps!.Value;
        var lr = options.LearningRate!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var firstWeight = (1 - beta1).ToScalar();
        using var secondWeight = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            var grad = parameter.grad;
            if (grad is null) continue;
            if (options.maximize!.Value) grad = -grad;
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) grad = grad.add(parameter, weightDecayScalar);

            state.exp_avg.mul_(beta1Scalar).add_(grad, firstWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad.conj(), secondWeight);
            Tensor second;
            if (options.amsgrad!.Value)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                second = state.max_exp_avg_sq;
            }
            else
            {
                second = state.exp_avg_sq;
            }
            using var root = Math.Sqrt(biasCorrection2).ToScalar();
            using var step = (-(lr / biasCorrection1)).ToScalar();
            var denominator = second.sqrt().div(root).add_(epsScalar, RootedScalars.One);
            parameter.addcdiv_(state.exp_avg, denominator, step);
        }
    }, closure);
}
