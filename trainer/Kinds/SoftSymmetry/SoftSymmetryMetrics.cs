using System.Globalization;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>The optional metrics a <c>soft_symmetry</c> request asks for (auc and the train/test losses are always reported).</summary>
/// <param name="ShiftAuc">AUC on the shifted-tune test set.</param>
/// <param name="GenGap">train_auc − auc.</param>
/// <param name="HessianTop">Top eigenvalue of the training-loss Hessian.</param>
/// <param name="NoiseLevels">AUC under Gaussian input noise: the metric name as requested, and σ in units of each feature's training std.</param>
public sealed record SoftSymmetryMetrics(bool ShiftAuc, bool GenGap, bool HessianTop, IReadOnlyList<(string Name, double Sigma)> NoiseLevels)
{
    /// <summary>Prefix of the noise-robustness metrics; σ follows, e.g. <c>robust_noise@0.1</c>.</summary>
    public const string NoisePrefix = "robust_noise@";

    /// <summary>Metrics reported whether asked for or not.</summary>
    public static readonly string[] AlwaysReported = ["auc", "train_auc", "train_loss", "test_loss"];

    private const string Allowed = "auc, train_auc, train_loss, test_loss, shift_auc, gen_gap, hessian_top, robust_noise@<sigma> with sigma > 0";

    /// <summary>Reads the request's metric names.</summary>
    /// <exception cref="TrialRequestException">A name is unknown, or a robust_noise σ is not a number &gt; 0.</exception>
    public static SoftSymmetryMetrics Parse(IEnumerable<string> names)
    {
        bool shift = false, gap = false, hessian = false;
        var noise = new List<(string, double)>();
        foreach (var name in names)
        {
            switch (name)
            {
                case "shift_auc": shift = true; break;
                case "gen_gap": gap = true; break;
                case "hessian_top": hessian = true; break;
                case var always when AlwaysReported.Contains(always, StringComparer.Ordinal): break;
                case var prefixed when prefixed.StartsWith(NoisePrefix, StringComparison.Ordinal):
                    var text = prefixed[NoisePrefix.Length..];
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma) || !double.IsFinite(sigma) || sigma <= 0)
                        throw new TrialRequestException($"metrics: '{name}' has a malformed sigma '{text}' (expected a number > 0, e.g. robust_noise@0.1; allowed: {Allowed})");
                    if (!noise.Any(n => n.Item1 == name)) noise.Add((name, sigma));
                    break;
                default:
                    throw new TrialRequestException($"metrics: unknown metric '{name}' for kind soft_symmetry (allowed: {Allowed})");
            }
        }
        return new SoftSymmetryMetrics(shift, gap, hessian, noise);
    }
}
