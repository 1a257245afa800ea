namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// The share of each batch that a feature-space attack perturbs, as the reference schedules it
/// (franckstools/adversarial_attack.py with configs/experiment/train_dense_classifier_FGSM.yaml and _PGD.yaml): the
/// share starts at min_frac = 0 and is recomputed at the end of every epoch from that epoch's 0-based number e as
/// f = clip(0.8·(e − 3)/5, 0, 0.8), so epoch n (1-based) trains with f(e = n − 2):
/// 0 for epochs 1 to 5, then 0.16, 0.32, 0.48, 0.64 for epochs 6 to 9 and 0.8 from epoch 10 on. The first
/// int(f·B) samples of a (shuffled) batch of B are attacked, truncated as Python's int() does.
/// </summary>
public static class PerturbedFraction
{
    /// <summary>The share after the ramp (max_frac).</summary>
    public const double Maximum = 0.8;

    /// <summary>min_steps: the 0-based epoch whose end still leaves f = 0.</summary>
    public const int MinSteps = 3;

    /// <summary>n_warmup_steps: epochs the ramp from 0 to <see cref="Maximum"/> takes.</summary>
    public const int RampEpochs = 5;

    /// <summary>f during the 1-based <paramref name="epoch"/>: epoch 1 trains with the initial 0, every later epoch
    /// with the value set at the end of the one before (0-based number epoch − 2).</summary>
    public static double At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        if (epoch == 1) return 0;
        var ended = epoch - 2;
        return Math.Clamp(Maximum * (ended - MinSteps) / RampEpochs, 0, Maximum);
    }

    /// <summary>int(f·B): the number of leading rows attacked in a batch of <paramref name="batchSize"/>.</summary>
    public static int Count(int epoch, int batchSize) => (int)Math.Truncate(At(epoch) * batchSize);
}
