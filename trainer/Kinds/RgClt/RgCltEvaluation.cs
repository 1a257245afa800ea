using Goldstone.Trainer.Common;
using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Models.RgClt;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>How well a learned block map matches the exact one: one-step MSE, and cumulants after k iterations.</summary>
public static class RgCltEvaluation
{
    private const int ChunkChains = 4096;

    /// <summary>Mean squared error of one step over all blocks of all chains, summed in double precision.</summary>
    public static double Mse(ChainMap model, ChainTensors chains)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var sum = 0.0;
        for (long start = 0; start < chains.Count; start += ChunkChains)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(ChunkChains, chains.Count - start);
            var predicted = model.call(chains.Inputs.narrow(0, start, length)).to_type(ScalarType.Float64);
            var target = chains.Targets.narrow(0, start, length).to_type(ScalarType.Float64);
            sum += (predicted - target).pow(RootedScalars.Two).sum().item<double>();
        }
        return sum / chains.Targets.numel();
    }

    /// <summary>The k-statistics of every site after <paramref name="steps"/> model steps on every chain.</summary>
    public static KStatistics IteratedCumulants(ChainMap model, Tensor chains, int steps)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var count = chains.shape[0];
        var perChain = chains.shape[1] >> steps;
        var values = new double[count * perChain];
        for (long start = 0; start < count; start += ChunkChains)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(ChunkChains, count - start);
            var mapped = model.Iterate(chains.narrow(0, start, length), steps).to_type(ScalarType.Float64).contiguous();
            mapped.cpu().data<double>().CopyTo(values, (int)(start * perChain));
        }
        return KStatistics.Of(values);
    }

    /// <summary>The k-statistics of every site after <paramref name="steps"/> exact block-sum steps on every chain
    /// (in double precision, from the float32 sites the model sees).</summary>
    public static KStatistics ExactIteratedCumulants(Tensor chains, int steps)
    {
        using var scope = torch.NewDisposeScope();
        double[] values = chains.to_type(ScalarType.Float64).contiguous().cpu().data<double>().ToArray();
        for (var step = 0; step < steps; step++) values = BlockSumMap.Step(values);
        return KStatistics.Of(values);
    }

    /// <summary>
    /// The cumulant errors after <paramref name="steps"/> iterations for n = 2, 3, 4. <c>Analytic</c>:
    /// |κ̂ₙ(model^k(X)) − κₙ(exact^k)|, exact^k from the input's known cumulants by the recursion κₙ ← 2^(1 − n/2)·κₙ;
    /// a perfect model still shows the sampling error of κ̂ₙ, roughly √(n!/m) for m sites after k steps (a Gaussian's),
    /// several times more for the exponential's heavy tail. <c>Paired</c>: |κ̂ₙ(model^k(X)) − κ̂ₙ(exact^k(X))| on the
    /// same chains X, which cancels that shared sampling error and so measures the model alone.
    /// </summary>
    public static CumulantErrors Cumulants(ChainMap model, Tensor chains, int steps, InputDistribution distribution)
    {
        var learned = IteratedCumulants(model, chains, steps);
        var exact = ExactIteratedCumulants(chains, steps);
        var orders = RgCltMetrics.CumulantOrders;
        return new CumulantErrors(
            orders.Select(n => Math.Abs(learned.Cumulant(n) - BlockSumMap.CumulantAfter(InputDistributions.Cumulant(distribution, n), n, steps))).ToArray(),
            orders.Select(n => Math.Abs(learned.Cumulant(n) - exact.Cumulant(n))).ToArray());
    }
}

/// <summary>Errors of the cumulants of order <see cref="RgCltMetrics.CumulantOrders"/>, in that order.</summary>
/// <param name="Analytic">Against the analytic recursion.</param>
/// <param name="Paired">Against the exact map on the same chains.</param>
public sealed record CumulantErrors(double[] Analytic, double[] Paired);
