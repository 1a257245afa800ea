using Goldstone.Trainer.Common;

namespace Goldstone.Trainer.Data.RgClt;

/// <summary>
/// The single-site distributions p₀ of the renormalisation study, each with mean 0 and variance 1, so that
/// they differ only in their higher cumulants (and the block-sum map keeps the variance at 1).
/// </summary>
public enum InputDistribution
{
    /// <summary>Uniform on [−√3, √3]: κ₃ = 0, κ₄ = −6/5.</summary>
    Uniform,

    /// <summary>Exp(1) − 1, the centred unit exponential: κₙ = (n − 1)! for n ≥ 2, so κ₃ = 2, κ₄ = 6.</summary>
    Exponential,

    /// <summary>Laplace with scale 1/√2: κ₃ = 0, κ₄ = 3 (κ₂ₘ = 2·(2m − 1)!·2⁻ᵐ).</summary>
    Laplace,

    /// <summary>Standard normal: every cumulant above the second is 0 (the fixed point of the block-sum map).</summary>
    Gaussian,
}

/// <summary>Names, sampling and exact cumulants of <see cref="InputDistribution"/>.</summary>
public static class InputDistributions
{
    /// <summary>Highest cumulant order <see cref="Cumulant"/> knows: enough for the variance of the fourth k-statistic.</summary>
    public const int MaxCumulantOrder = 8;

    private static readonly double Sqrt3 = Math.Sqrt(3);
    private static readonly double LaplaceScale = 1 / Math.Sqrt(2);

    /// <summary>Every distribution in the order of the enum: uniform, exponential, laplace, gaussian.</summary>
    public static IReadOnlyList<InputDistribution> All { get; } = Enum.GetValues<InputDistribution>();

    /// <summary>Every name a request may use, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(Name).ToArray();

    /// <summary>The lower-case name a request uses.</summary>
    public static string Name(InputDistribution distribution) => distribution.ToString().ToLowerInvariant();

    /// <summary>The distribution named <paramref name="name"/> (exactly, lower case), or null.</summary>
    public static InputDistribution? Parse(string name) =>
        All.Select(d => (InputDistribution?)d).FirstOrDefault(d => Name(d!.Value) == name);

    /// <summary>One draw. Each kind uses a fixed number of generator calls per draw, except the Gaussian, whose polar
    /// method rejects some pairs; the stream is still a pure function of the generator's seed.</summary>
    public static double Sample(InputDistribution distribution, SplitMix64 random) => distribution switch
    {
        InputDistribution.Uniform => Sqrt3 * (2 * random.NextDouble() - 1),
        // 1 − u lies in (0, 1], so the logarithm is finite.
        InputDistribution.Exponential => -Math.Log(1 - random.NextDouble()) - 1,
        InputDistribution.Laplace => Laplace(random),
        InputDistribution.Gaussian => random.NextNormal(),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
    };

    /// <summary>The exact n-th cumulant κₙ, 1 ≤ n ≤ <see cref="MaxCumulantOrder"/>.</summary>
    public static double Cumulant(InputDistribution distribution, int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxCumulantOrder);
        if (order == 1) return 0;
        if (order == 2) return 1;
        return distribution switch
        {
            // κₙ of U(−a, a) is Bₙ·(2a)ⁿ/n for even n (Bernoulli numbers), 0 for odd n; (2a)² = 12.
            InputDistribution.Uniform => order % 2 == 1 ? 0 : Bernoulli(order) * Math.Pow(12, order / 2) / order,
            InputDistribution.Exponential => Factorial(order - 1),
            InputDistribution.Laplace => order % 2 == 1 ? 0 : 2 * Factorial(order - 1) * Math.Pow(LaplaceScale, order),
            InputDistribution.Gaussian => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
        };
    }

    private static double Laplace(SplitMix64 random)
    {
        // One 64-bit draw: the top 53 bits give u ∈ [0, 1) for an exponential magnitude −b·ln(1 − u), finite because
        // 1 − u > 0; the lowest bit, independent of them, gives the sign.
        var bits = random.NextUInt64();
        var magnitude = -LaplaceScale * Math.Log(1 - (bits >> 11) * (1.0 / (1UL << 53)));
        return (bits & 1) == 0 ? magnitude : -magnitude;
    }

    private static double Bernoulli(int evenOrder) => evenOrder switch
    {
        2 => 1.0 / 6,
        4 => -1.0 / 30,
        6 => 1.0 / 42,
        8 => -1.0 / 30,
        _ => throw new ArgumentOutOfRangeException(nameof(evenOrder), evenOrder, null),
    };

    private static double Factorial(int n)
    {
        var product = 1.0;
        for (var i = 2; i <= n; i++) product *= i;
        return product;
    }
}
