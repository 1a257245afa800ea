using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Data;

/// <summary>Events in the HIGGS format, held in managed memory: row-major features and 0/1 labels.</summary>
public sealed class HiggsDataset
{
    /// <summary>Wraps <paramref name="features"/> (Count × 28, row-major) and <paramref name="labels"/> (0 or 1).</summary>
    public HiggsDataset(float[] features, float[] labels)
    {
        if (features.Length != labels.Length * HiggsFeatures.Count)
            throw new ArgumentException($"{features.Length} feature values do not make {labels.Length} rows of {HiggsFeatures.Count}");
        Features = features;
        Labels = labels;
    }

    /// <summary>Row-major features, <see cref="HiggsFeatures.Count"/> per event.</summary>
    public float[] Features { get; }

    /// <summary>1 for signal, 0 for background.</summary>
    public float[] Labels { get; }

    /// <summary>Number of events.</summary>
    public int Count => Labels.Length;

    /// <summary>Feature <paramref name="column"/> of event <paramref name="row"/>.</summary>
    public float this[int row, int column] => Features[row * HiggsFeatures.Count + column];

    /// <summary>Events [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public HiggsDataset Slice(int start, int count) =>
        new(Features.AsSpan(start * HiggsFeatures.Count, count * HiggsFeatures.Count).ToArray(), Labels.AsSpan(start, count).ToArray());

    /// <summary>A copy with the same labels and features changed by <paramref name="transform"/> (row, features).</summary>
    public HiggsDataset MapFeatures(Action<int, Span<float>> transform)
    {
        var features = (float[])Features.Clone();
        for (var row = 0; row < Count; row++) transform(row, features.AsSpan(row * HiggsFeatures.Count, HiggsFeatures.Count));
        return new HiggsDataset(features, (float[])Labels.Clone());
    }

    /// <summary>The features as a new float32 tensor [Count, 28] on <paramref name="device"/> (default the CPU); the caller owns it.</summary>
    public Tensor FeatureTensor(Device? device = null) => torch.tensor(Features, [Count, HiggsFeatures.Count], device: device);

    /// <summary>The labels as a new float32 tensor [Count] on <paramref name="device"/> (default the CPU); the caller owns it.</summary>
    public Tensor LabelTensor(Device? device = null) => torch.tensor(Labels, [Count], device: device);
}
