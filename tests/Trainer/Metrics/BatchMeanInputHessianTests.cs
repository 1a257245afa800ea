using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class BatchMeanInputHessianTests
{
    public BatchMeanInputHessianTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Top_SameQuadraticForEverySample_IsItsDominantEigenvalueMagnitudeOverTheBatchSize()
    {
        using var scope = torch.NewDisposeScope();
        // ℓ_b = ½ x_bᵀ A x_b with A = diag(1, −4, 2): ∂²L̄/∂x_b² = A/B for the mean loss, M = (1/B)·Σ_b A/B = A/B, and
        // max|λ| = 4/B (the negative eigenvalue dominates, as it does in the reference's power iteration).
        var a = torch.diag(torch.tensor(new double[] { 1, -4, 2 }));
        var x = torch.randn([4, 3], dtype: ScalarType.Float64, generator: new Generator(2));

        var top = BatchMeanInputHessian.Top(inputs => 0.5 * (inputs.matmul(a) * inputs).sum(1).mean(), x, 3);

        Assert.Equal(1.0, top, 1e-12);
    }

    [Fact]
    public void Matrix_FirstFeaturesOnly_IsTheLeadingBlockOverTheBatchSize()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[,] { { 2, 1, 5 }, { 1, 3, 7 }, { 5, 7, 9 } });
        var x = torch.randn([5, 3], dtype: ScalarType.Float64, generator: new Generator(3));

        var matrix = BatchMeanInputHessian.Matrix(inputs => 0.5 * (inputs.matmul(a) * inputs).sum(1).mean(), x, 2);

        double[] expected = [2 / 5.0, 1 / 5.0, 1 / 5.0, 3 / 5.0];
        Assert.Equal(expected, matrix.reshape(-1).data<double>().ToArray(), (p, q) => Math.Abs(p - q) < 1e-12);
    }

    [Fact]
    public void Top_LogisticRegression_EqualsTheClosedFormToOneInAMillion()
    {
        using var scope = torch.NewDisposeScope();
        // z_b = w·x_b + c and ℓ_b = BCE(z_b, y_b): ∇²ℓ_b = σ_b(1 − σ_b)·w wᵀ, so M over the first k features is
        // (1/B²)·Σ_b σ_b(1 − σ_b)·w_k w_kᵀ, a rank-one matrix with max|λ| = (1/B²)·Σ_b σ_b(1 − σ_b)·‖w_k‖².
        double[] w = [0.7, -1.3, 0.4, 2.1, -0.6];
        const double c = 0.25;
        const int k = 3;
        var generator = new Generator(5);
        var x = torch.randn([6, 5], dtype: ScalarType.Float64, generator: generator);
        var y = torch.tensor(new double[] { 1, 0, 0, 1, 1, 0 });
        var weights = torch.tensor(w);
        var rows = x.data<double>().ToArray();
        var curvatureSum = 0.0;
        for (var b = 0; b < 6; b++)
        {
            var z = c + Enumerable.Range(0, 5).Sum(i => w[i] * rows[b * 5 + i]);
            var sigma = 1 / (1 + Math.Exp(-z));
            curvatureSum += sigma * (1 - sigma);
        }
        var expected = curvatureSum / 36 * (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);

        var top = BatchMeanInputHessian.Top(inputs => nn.functional.binary_cross_entropy_with_logits(inputs.matmul(weights) + c, y), x, k);

        Assert.Equal(expected, top, 1e-6);
        Assert.True(expected > 1e-3, $"the closed form {expected} must not be trivially small");
    }

    [Fact]
    public void Matrix_TooManyFeatures_ThrowsBeforeReachingLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 3], dtype: ScalarType.Float64);

        Assert.Throws<ArgumentOutOfRangeException>(() => BatchMeanInputHessian.Matrix(inputs => inputs.sum(), x, 4));
    }

    [Fact]
    public void SpectralRadius_NegativeDominant_IsItsMagnitude()
    {
        using var scope = torch.NewDisposeScope();

        Assert.Equal(5, BatchMeanInputHessian.SpectralRadius(torch.tensor(new double[,] { { -5, 0 }, { 0, 3 } })), 12);
    }
}
