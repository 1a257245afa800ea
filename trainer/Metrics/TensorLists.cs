using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Conversions between a list of tensors (one per parameter: the vectors a Hessian acts on) and one flat float64
/// vector, for algorithms that need inner products against many stored vectors.
/// </summary>
internal static class TensorLists
{
    /// <summary>All elements of <paramref name="tensors"/>, in order, as a new float64 vector.</summary>
    public static Tensor Flatten(IReadOnlyList<Tensor> tensors)
    {
        using var scope = torch.NewDisposeScope();
        return torch.cat(tensors.Select(t => t.detach().reshape(-1).to(ScalarType.Float64)).ToArray())
            .MoveToOuterDisposeScope();
    }

    /// <summary>Splits <paramref name="flat"/> into tensors shaped and typed like <paramref name="templates"/>.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor[] Unflatten(Tensor flat, IReadOnlyList<Tensor> templates)
    {
        var total = templates.Sum(t => t.numel());
        if (flat.ndim != 1 || flat.shape[0] != total)
            throw new ArgumentException($"a flat vector of {total} elements was expected, got [{string.Join(", ", flat.shape)}]", nameof(flat));
        var result = new Tensor[templates.Count];
        long offset = 0;
        for (var i = 0; i < templates.Count; i++)
        {
            var count = templates[i].numel();
            result[i] = flat.narrow(0, offset, count).reshape(templates[i].shape).to(templates[i].dtype);
            offset += count;
        }
        return result;
    }

    /// <summary>Standard normal tensors shaped, typed and placed like <paramref name="templates"/>, drawn in order on
    /// the CPU from <paramref name="generator"/> (a CPU generator) and moved, so every device gets the same draws.</summary>
    public static Tensor[] Normal(IReadOnlyList<Tensor> templates, Generator generator) =>
        templates.Select(t => torch.randn(t.shape, dtype: t.dtype, generator: generator).to(t.device)).ToArray();
}
