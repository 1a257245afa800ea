using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

/// <summary>
/// L(θ) = ½θᵀAθ for a dense symmetric 6×6 A = Q diag(λ) Qᵀ with chosen eigenvalues (Q orthogonal, from the QR of a
/// seeded random matrix), so that every Hessian tool has an exact answer: the Hessian is A everywhere. θ is split into
/// two parameters, [2, 2] and [2], to exercise the tools' handling of parameter lists.
/// </summary>
internal sealed class QuadraticLoss : IDisposable
{
    /// <summary>The eigenvalues of A: two of them soft at τ = 1e-3, one negative, largest magnitude 4.</summary>
    public static readonly double[] Eigenvalues = [-1.5, -2e-4, 5e-4, 1, 2.5, 4];

    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public QuadraticLoss()
    {
        var random = torch.randn([6, 6], dtype: ScalarType.Float64, generator: new Generator(11));
        var (q, _) = torch.linalg.qr(random);
        A = q.matmul(torch.diag(torch.tensor(Eigenvalues))).matmul(q.t());
        A = (A + A.t()) / 2;
        Matrix = new Parameter(torch.tensor(new double[] { 0.3, -0.1, 0.2, 0.5 }).reshape(2, 2));
        Vector = new Parameter(torch.tensor(new double[] { -0.4, 0.7 }));
    }

    /// <summary>The symmetric matrix [6, 6].</summary>
    public Tensor A { get; }

    /// <summary>θ₀ … θ₃ as a [2, 2] parameter.</summary>
    public Parameter Matrix { get; }

    /// <summary>θ₄, θ₅.</summary>
    public Parameter Vector { get; }

    public Tensor[] Parameters => [Matrix, Vector];

    public Tensor Loss()
    {
        var theta = torch.cat([Matrix.reshape(-1), Vector]);
        return 0.5 * theta.dot(A.matmul(theta));
    }

    public void Dispose() => _scope.Dispose();
}
