namespace Goldstone.Grains.Analysis;

/// <summary>The standard normal tail, through the regularized incomplete gamma function: erfc(x) = Q(½, x²).</summary>
public static class Normal
{
    /// <summary>P(Z &gt; z) for a standard normal Z, accurate to about 1e-15 relative.</summary>
    public static double Sf(double z) =>
        z >= 0 ? 0.5 * SpecialFunctions.UpperRegularizedGamma(0.5, z * z / 2) : 1 - 0.5 * SpecialFunctions.UpperRegularizedGamma(0.5, z * z / 2);
}
