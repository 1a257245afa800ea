using Goldstone.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Optimizers;

/// <summary>A tiny MLP with a fixed batch, built twice from the same seed so two optimisers can be compared step for step.</summary>
internal sealed class TinyMlpProblem : IDisposable
{
    private readonly Tensor _x;
    private readonly Tensor _y;

    public TinyMlpProblem(ScalarType dtype, long seed = 11)
    {
        torch.manual_seed(seed);
        var generator = new Generator((ulong)seed);
        _x = torch.randn([16, 3], dtype: dtype, generator: generator).DetachFromDisposeScope();
        _y = torch.rand([16], dtype: dtype, generator: generator).gt(0.5).to(dtype).DetachFromDisposeScope();
        Model = new Mlp(torch.zeros(3), torch.ones(3), 4, 1, Activation.Tanh, dtype);
        Parameters = Model.parameters().ToArray();
    }

    public Mlp Model { get; }

    public Parameter[] Parameters { get; }

    /// <summary>The mean BCE of the batch at the current parameters, with its graph.</summary>
    public Tensor Loss() => nn.functional.binary_cross_entropy_with_logits(Model.call(_x), _y);

    /// <summary>The parameters' values, copied out as one array per tensor.</summary>
    public double[][] Snapshot() => Parameters.Select(p => p.detach().to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();

    /// <summary>∂Loss/∂p at the current parameters, as arrays.</summary>
    public double[][] Gradient()
    {
        using var scope = torch.NewDisposeScope();
        var grads = torch.autograd.grad([Loss()], [.. Parameters]);
        return grads.Select(g => g.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
    }

    public void Dispose()
    {
        Model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
