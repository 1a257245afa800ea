using Goldstone.Trainer.Kinds.Adversarial.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Model;

/// <summary>
/// The statistics of the normaliser inside <see cref="JetMlp"/>. Each of the 15 constituent features has one mean
/// and standard deviation over the real constituents of all slots (padding excluded, so that it does not drag the
/// statistics towards zero), repeated over the 40 slots; the two jet features have their own. Padding therefore
/// maps to a fixed vector −mean/std per feature, which the network learns as "no constituent", and the normaliser
/// stays an affine map, smooth for attacks.
/// </summary>
public static class Normaliser
{
    /// <summary>Smallest standard deviation, so that a constant feature does not divide by zero.</summary>
    public const double MinStd = 1e-4;

    /// <summary>Mean and standard deviation [602] each, from <paramref name="training"/>, computed in double precision.</summary>
    public static (Tensor Mean, Tensor Std) Fit(JetSet training)
    {
        const int features = JetLayout.ConstituentFeatures;
        var sum = new double[features + JetLayout.JetFeatures];
        var square = new double[sum.Length];
        long constituents = 0;
        for (var jet = 0; jet < training.Count; jet++)
        {
            var row = training.Row(jet);
            var slots = training.Slots(jet);
            for (var slot = 0; slot < slots; slot++)
            {
                for (var f = 0; f < features; f++)
                {
                    double value = row[slot * features + f];
                    sum[f] += value;
                    square[f] += value * value;
                }
            }
            constituents += slots;
            for (var f = 0; f < JetLayout.JetFeatures; f++)
            {
                double value = row[JetLayout.ConstituentInputs + f];
                sum[features + f] += value;
                square[features + f] += value * value;
            }
        }
        var mean = new float[JetLayout.Inputs];
        var std = new float[JetLayout.Inputs];
        for (var f = 0; f < sum.Length; f++)
        {
            var count = Math.Max(1, f < features ? constituents : training.Count);
            var m = sum[f] / count;
            var s = Math.Max(MinStd, Math.Sqrt(Math.Max(0, square[f] / count - m * m)));
            if (f < features)
            {
                for (var slot = 0; slot < JetLayout.MaxConstituents; slot++)
                {
                    mean[slot * features + f] = (float)m;
                    std[slot * features + f] = (float)s;
                }
            }
            else
            {
                mean[JetLayout.ConstituentInputs + f - features] = (float)m;
                std[JetLayout.ConstituentInputs + f - features] = (float)s;
            }
        }
        return (torch.tensor(mean), torch.tensor(std));
    }
}
