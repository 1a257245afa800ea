namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// The share of each batch that a feature-space attack perturbs: f = clip(0.8·(epoch − 3)/5, 0, 0.8), so the
/// first three epochs train clean, the share ramps up over the next five and stays at 0.8. The first ⌊f·B⌋
/// samples of a (shuffled) batch of B are attacked.
/// </summary>
public static class PerturbedFraction
{
    /// <summary>The share after the ramp.</summary>
    public const double Maximum = 0.8;

    /// <summary>The last epoch with f = 0.</summary>
    public const int CleanEpochs = 3;

    /// <summary>Epochs the ramp from 0 to <see cref="Maximum"/> takes.</summary>
    public const int RampEpochs = 5;

    /// <summary>f at a 1-based epoch.</summary>
    public static double At(int epoch) => Math.Clamp(Maximum * (epoch - CleanEpochs) / RampEpochs, 0, Maximum);

    /// <summary>⌊f·B⌋; the tolerance absorbs rounding in f (0.8·5/5·125 must give 100, not 99).</summary>
    public static int Count(int epoch, int batchSize) => (int)Math.Floor(At(epoch) * batchSize + 1e-9);
}
