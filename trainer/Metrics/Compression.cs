using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Compressibility of a trained classifier: <c>compress@s</c>, global magnitude pruning of the weight matrices to
/// sparsity s, and <c>quant@b</c>, b-bit uniform quantisation of each weight matrix. Biases, normalisation
/// parameters and buffers are kept: they are a small share of the parameters and are conventionally left dense and
/// in full precision. Both metrics report the AUC retained, AUC(compressed)/AUC(original), so that 1 means
/// "nothing lost" whatever the model's own AUC. The model's weights are restored bit for bit afterwards.
/// </summary>
public static class Compression
{
    /// <summary>Most bits accepted by <see cref="Quantise"/>.</summary>
    public const int MaxBits = 16;

    /// <summary>The tensors pruning and quantisation act on: the parameters with at least two dimensions.</summary>
    public static IReadOnlyList<Tensor> Weights(nn.Module model) => model.parameters().Where(p => p.ndim >= 2).ToList();

    /// <summary>
    /// Zeroes, in place, the round(s·N) entries of smallest magnitude over all <paramref name="weights"/> together
    /// (N = their total size; equal magnitudes are taken in order of appearance). Exactly that many entries are
    /// written to zero, so the sparsity is exactly round(s·N)/N when no entry was zero before.
    /// </summary>
    /// <returns>The number of entries zeroed.</returns>
    public static long Prune(IReadOnlyList<Tensor> weights, double sparsity)
    {
        if (!(sparsity >= 0 && sparsity <= 1)) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "must be in [0, 1]");
        if (weights.Count == 0) return 0;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var magnitudes = torch.cat(weights.Select(w => w.detach().abs().reshape(-1).to(ScalarType.Float64)).ToArray());
        var total = magnitudes.shape[0];
        var count = (long)Math.Round(sparsity * total, MidpointRounding.AwayFromZero);
        if (count == 0) return 0;
        var (_, order) = torch.sort(magnitudes, stable: true);
        var mask = torch.zeros(total, dtype: ScalarType.Bool, device: magnitudes.device);
        mask.index_fill_(0, order.narrow(0, 0, count), true);
        long offset = 0;
        foreach (var weight in weights)
        {
            var size = weight.numel();
            weight.masked_fill_(mask.narrow(0, offset, size).reshape(weight.shape), 0);
            offset += size;
        }
        return count;
    }

    /// <summary>
    /// Rounds <paramref name="weight"/> in place to the nearest of 2^b evenly spaced levels from its minimum to its
    /// maximum (asymmetric uniform quantisation): at most 2^b distinct values remain.
    /// </summary>
    public static void Quantise(Tensor weight, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxBits);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var values = weight.detach().to(ScalarType.Float64);
        var low = values.min().item<double>();
        var high = values.max().item<double>();
        if (!(high > low)) return;
        var step = (high - low) / ((1L << bits) - 1);
        var levels = torch.round((values - low) / step);
        weight.copy_((levels * step + low).to(weight.dtype));
    }

    /// <summary>AUC(pruned)/AUC of the model on the set, pruning its <see cref="Weights"/> to <paramref name="sparsity"/>.</summary>
    public static double PrunedRetention(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double sparsity) =>
        Retention(model, inputs, labels, weights => Prune(weights, sparsity));

    /// <summary>AUC(quantised)/AUC of the model on the set, each of its <see cref="Weights"/> quantised to <paramref name="bits"/>.</summary>
    public static double QuantisedRetention(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, int bits) =>
        Retention(model, inputs, labels, weights =>
        {
            foreach (var weight in weights) Quantise(weight, bits);
        });

    private static double Retention(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Action<IReadOnlyList<Tensor>> compress)
    {
        var original = ClassifierEvaluation.Evaluate(model, inputs, labels).Auc;
        var weights = Weights(model);
        using var snapshot = new ParameterSnapshot(weights);
        try
        {
            compress(weights);
            return ClassifierEvaluation.Evaluate(model, inputs, labels).Auc / original;
        }
        finally
        {
            snapshot.Restore();
        }
    }
}
