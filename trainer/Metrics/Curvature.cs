using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// The Hessian metrics of the toolbox over one <see cref="HessianVectorProduct"/>, so that a trial asking for several
/// of them builds the loss graph once: <c>hessian_top</c> (power iteration), <c>hessian_trace</c> (Hutchinson) and
/// Lanczos runs (the spectrum metrics are in <see cref="EigenvalueDensity"/>). Random vectors come from the caller's generator, in the
/// parameters' order and dtypes, so a seeded generator gives the same numbers every run.
/// </summary>
public static class Curvature
{
    /// <summary>Default most power-iteration steps for <c>hessian_top</c>.</summary>
    public const int DefaultPowerIterations = 20;

    /// <summary>Default relative tolerance between successive power-iteration estimates.</summary>
    public const double DefaultPowerTolerance = 1e-3;

    /// <summary>Default number of Rademacher probes for <c>hessian_trace</c>.</summary>
    public const int DefaultTraceProbes = 50;

    /// <summary>Default Lanczos steps for <c>hessian_spectrum</c> (capped by the parameter count).</summary>
    public const int DefaultLanczosSteps = 80;

    /// <summary>Default τ of <c>hessian_spectrum</c>: eigenvalues with |λ| below it count as soft.
    /// 0.01 in units of the mean BCE's curvature (at most 0.25 per event): wide enough to hold several Lanczos nodes of an
    /// 80-step run on a small MLP (their spacing near 0 is about 0.005), so the soft fraction does not jump with one node.</summary>
    public const double DefaultSoftModeThreshold = 1e-2;

    /// <summary>The eigenvalue of largest magnitude, from a normal random start.</summary>
    public static PowerIterationResult TopEigenvalue(HessianVectorProduct hessian, Generator generator,
        int maxIterations = DefaultPowerIterations, double relativeTolerance = DefaultPowerTolerance)
    {
        using var scope = torch.NewDisposeScope();
        return PowerIteration.TopEigenvalue(hessian.Apply, TensorLists.Normal(hessian.Parameters, generator), maxIterations, relativeTolerance);
    }

    /// <summary>Hutchinson's estimate of the trace from <paramref name="probes"/> Rademacher vectors.</summary>
    public static TraceEstimate Trace(HessianVectorProduct hessian, Generator generator, int probes = DefaultTraceProbes) =>
        HutchinsonTrace.Estimate(hessian.Apply, hessian.Parameters, probes, generator);

    /// <summary>Ritz values and quadrature weights of <paramref name="steps"/> Lanczos steps from a normal random start.</summary>
    public static LanczosResult Spectrum(HessianVectorProduct hessian, Generator generator, int steps = DefaultLanczosSteps)
    {
        using var scope = torch.NewDisposeScope();
        return Lanczos.Run(hessian.Apply, TensorLists.Normal(hessian.Parameters, generator), steps);
    }
}
