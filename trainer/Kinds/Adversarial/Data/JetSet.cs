using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>Jets in the <see cref="JetLayout"/>: features row-major [N, 602] and labels (1 = H→bb̄ signal, 0 = QCD).</summary>
public sealed class JetSet
{
    private readonly float[] _features;
    private readonly float[] _labels;
    private readonly int[] _generatedMultiplicity;

    /// <summary>Wraps arrays (not copied).</summary>
    /// <param name="features">N × 602 values.</param>
    /// <param name="labels">N labels, 0 or 1.</param>
    /// <param name="generatedMultiplicity">Constituents generated per jet before the slot cap (a file's jets: the number of filled slots).</param>
    public JetSet(float[] features, float[] labels, int[] generatedMultiplicity)
    {
        if (features.Length != labels.Length * (long)JetLayout.Inputs || generatedMultiplicity.Length != labels.Length)
            throw new ArgumentException($"{features.Length} features and {generatedMultiplicity.Length} multiplicities for {labels.Length} jets");
        _features = features;
        _labels = labels;
        _generatedMultiplicity = generatedMultiplicity;
    }

    /// <summary>Number of jets.</summary>
    public int Count => _labels.Length;

    /// <summary>The features, row-major [N, 602].</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The labels.</summary>
    public ReadOnlySpan<float> Labels => _labels;

    /// <summary>Constituents per jet before the cap at <see cref="JetLayout.MaxConstituents"/>.</summary>
    public ReadOnlySpan<int> GeneratedMultiplicity => _generatedMultiplicity;

    /// <summary>One jet's 602 inputs.</summary>
    public ReadOnlySpan<float> Row(int index) => _features.AsSpan(index * JetLayout.Inputs, JetLayout.Inputs);

    /// <summary>Filled constituent slots of jet <paramref name="index"/> (at most 40).</summary>
    public int Slots(int index)
    {
        var row = Row(index);
        var slots = 0;
        while (slots < JetLayout.MaxConstituents && row[slots * JetLayout.ConstituentFeatures + JetLayout.RelPt] != 0) slots++;
        return slots;
    }

    /// <summary>Jets <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1, copied.</summary>
    public JetSet Slice(int start, int count) => new(
        _features.AsSpan(start * JetLayout.Inputs, count * JetLayout.Inputs).ToArray(),
        _labels.AsSpan(start, count).ToArray(),
        _generatedMultiplicity.AsSpan(start, count).ToArray());

    /// <summary>A new float32 tensor [N, 602] on <paramref name="device"/> (default the CPU); the caller owns it.</summary>
    public Tensor FeatureTensor(Device? device = null) => torch.tensor(_features, [Count, JetLayout.Inputs], device: device);

    /// <summary>A new float32 tensor [N] of labels on <paramref name="device"/> (default the CPU); the caller owns it.</summary>
    public Tensor LabelTensor(Device? device = null) => torch.tensor(_labels, device: device);
}
