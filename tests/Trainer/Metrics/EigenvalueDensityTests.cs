using Goldstone.Trainer.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

/// <summary>Soft-mode counting on operators with degenerate spectra, where the answer is known exactly.</summary>
public sealed class EigenvalueDensityTests
{
    /// <summary>210 eigenvalues equal to 1e-4 (soft at r = 0.01 of λ_max = 2) and 40 from 0.5 to 2, in a rotated basis.</summary>
    private static double[] DegenerateEigenvalues() =>
        [.. Enumerable.Repeat(1e-4, 210), .. Enumerable.Range(0, 40).Select(i => 0.5 + 1.5 * i / 39)];

    [Fact]
    public void Dense_QuadraticLoss_IsItsMatrix()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);
        using var scope = torch.NewDisposeScope();

        var dense = EigenvalueDensity.Dense(hessian);

        Assert.Equal(0, (dense - quadratic.A).abs().max().item<double>(), 1e-12);
    }

    [Fact]
    public void Exact_210DegenerateSoftEigenvalues_CountsEachOfThemWhereLanczosFindsAFew()
    {
        using var scope = torch.NewDisposeScope();
        var eigenvalues = DegenerateEigenvalues();
        var (q, _) = torch.linalg.qr(torch.randn([250, 250], dtype: ScalarType.Float64, generator: new Generator(5)));
        var a = q.matmul(torch.diag(torch.tensor(eigenvalues))).matmul(q.t());
        a = (a + a.t()) / 2;
        var theta = new Parameter(torch.randn(250, dtype: ScalarType.Float64, generator: new Generator(6)));
        using var hessian = new HessianVectorProduct(() => 0.5 * theta.dot(a.matmul(theta)), [theta]);

        var exact = EigenvalueDensity.Exact(hessian);
        var lanczos = Curvature.Spectrum(hessian, new Generator(7), steps: 80);

        Assert.True(exact.IsExact);
        Assert.Equal(2, exact.LargestMagnitude, 1e-10);
        Assert.Equal(210, exact.SoftCount(0.01));
        Assert.Equal(210.0 / 250, exact.SoftFraction(0.01), 1e-12);
        Assert.Equal(249, exact.SoftCount(0.9999));
        Assert.Equal(211, exact.SoftCount((0.5 + 1e-9) / 2));
        // What the old soft_modes counted: Ritz values below the threshold, one or a few for the whole cluster.
        var ritzBelow = lanczos.RitzValues.Count(v => Math.Abs(v) < 0.02);
        Assert.InRange(ritzBelow, 1, 5);
    }

    [Fact]
    public void Quadrature_6000DimensionsWith70PercentSoft_EstimatesTheShareAndTheCount()
    {
        // A = H·D·H with H = I − 2uuᵀ (one Householder reflection, so the eigenvectors are not the axes): 4200
        // eigenvalues in [1e-5, 2e-5), 1800 from 0.1 to 1. With a gap of four decades around the threshold 0.01, the
        // Gauss nodes of each probe fall inside the two clusters and the soft cluster's weight is the probe's squared
        // projection on its eigenvectors: its mean over 8 Rademacher probes of 6000 entries has a standard deviation
        // near sqrt(2·0.7·0.3 / 48000) ≈ 0.003, so 0.015 is five of them.
        using var scope = torch.NewDisposeScope();
        const int n = 6000;
        var d = torch.tensor([.. Enumerable.Range(0, 4200).Select(i => 1e-5 * (1 + i / 4200.0)), .. Enumerable.Range(0, 1800).Select(i => 0.1 + 0.9 * i / 1799)]);
        var u = torch.randn(n, dtype: ScalarType.Float64, generator: new Generator(8));
        u = u / u.norm();
        var theta = new Parameter(torch.randn(n, dtype: ScalarType.Float64, generator: new Generator(9)));
        Tensor Reflect(Tensor x) => x - 2 * u * u.dot(x);
        using var hessian = new HessianVectorProduct(() =>
        {
            var w = Reflect(theta);
            return 0.5 * (d * w * w).sum();
        }, [theta]);

        var density = EigenvalueDensity.Quadrature(hessian, new Generator(10), probes: 8, lanczosSteps: 80);

        Assert.False(density.IsExact);
        Assert.Equal(1, density.Weights.Sum(), 1e-9);
        Assert.Equal(1, density.LargestMagnitude, 1e-4);
        Assert.InRange(density.SoftFraction(0.01), 0.7 - 0.015, 0.7 + 0.015);
        Assert.Equal(density.SoftFraction(0.01) * n, density.SoftCount(0.01), 1e-9);
    }

    [Fact]
    public void Estimate_ChoosesTheExactSpectrumUpToTheLimitAndTheQuadratureAbove()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var atLimit = EigenvalueDensity.Estimate(hessian, new Generator(1), exactLimit: 6, probes: 2, lanczosSteps: 6);
        var belowLimit = EigenvalueDensity.Estimate(hessian, new Generator(1), exactLimit: 5, probes: 2, lanczosSteps: 6);

        Assert.True(atLimit.IsExact);
        Assert.Equal(QuadraticLoss.Eigenvalues, atLimit.Nodes.Select(v => Math.Round(v, 10)));
        // |λ_max| = 4: r = 0.01 keeps |λ| < 0.04, the two eigenvalues −2e-4 and 5e-4.
        Assert.Equal(2, atLimit.SoftCount(0.01));
        Assert.False(belowLimit.IsExact);
        // Six steps on six dimensions: each probe's Ritz values are the eigenvalues, weighted by its projections.
        Assert.Equal(QuadraticLoss.Eigenvalues.Concat(QuadraticLoss.Eigenvalues), belowLimit.Nodes.Select(v => Math.Round(v, 8)));
        Assert.Equal(1, belowLimit.Weights.Sum(), 1e-12);
    }
}
