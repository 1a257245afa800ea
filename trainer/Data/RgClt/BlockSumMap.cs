namespace Goldstone.Trainer.Data.RgClt;

/// <summary>
/// The exact renormalisation step of the study: blocks of b = 2 neighbouring sites are replaced by
/// x′ = (x₁ + x₂)/√b. For iid sites the cumulants flow as κ′ₙ = b^(1 − n/2)·κₙ: the variance is kept, κ₃ shrinks
/// by 1/√2 and κ₄ by 1/2 per step, so every zero-mean unit-variance input flows to the Gaussian fixed point.
/// </summary>
public static class BlockSumMap
{
    /// <summary>Sites per block, b.</summary>
    public const int BlockSize = 2;

    private static readonly double Scale = 1 / Math.Sqrt(BlockSize);

    /// <summary>
    /// One step on chains laid end to end: sites 2i and 2i + 1 become site i of the result. Chains of even length
    /// laid end to end never share a block, so this is the step of each chain.
    /// </summary>
    /// <exception cref="ArgumentException">The number of sites is odd.</exception>
    public static double[] Step(ReadOnlySpan<double> sites)
    {
        if (sites.Length % BlockSize != 0) throw new ArgumentException($"expected an even number of sites, got {sites.Length}", nameof(sites));
        var result = new double[sites.Length / BlockSize];
        for (var i = 0; i < result.Length; i++) result[i] = (sites[2 * i] + sites[2 * i + 1]) * Scale;
        return result;
    }

    /// <summary>The n-th cumulant after <paramref name="steps"/> exact steps, from its value before: κₙ·b^(steps·(1 − n/2)).</summary>
    public static double CumulantAfter(double cumulant, int order, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return cumulant * Math.Pow(BlockSize, steps * (1 - order / 2.0));
    }
}
