namespace Goldstone.Grains.Search;

/// <summary>The standard normal's CDF, its inverse, and a truncated normal: what a Parzen estimator needs.</summary>
public static class NormalDistribution
{
    private const double Sqrt2 = 1.4142135623730951;
    private const double LogSqrt2Pi = 0.91893853320467274;

    /// <summary>log φ(z), the standard normal's log density.</summary>
    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>Φ(z), accurate in both tails (through erfc).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Sqrt2);

    /// <summary>Φ(b) − Φ(a) for a ≤ b, computed on the side where it does not cancel.</summary>
    public static double Mass(double a, double b) => a > 0 ? Cdf(-a) - Cdf(-b) : Cdf(b) - Cdf(a);

    /// <summary>Φ⁻¹(p) for 0 &lt; p &lt; 1: Acklam's rational approximation, refined by one Halley step.</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        double x;
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else return -InverseCdf(1 - p);
        var e = Cdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>A draw from N(μ, σ²) restricted to [low, high], by inverting the CDF on the tail side that keeps precision.</summary>
    public static double SampleTruncated(double mu, double sigma, double low, double high, double uniform)
    {
        var a = (low - mu) / sigma;
        var b = (high - mu) / sigma;
        double z;
        if (a > 0)
        {
            // Upper tail: work with the mirrored lower tail, where Φ is small and exact.
            var pa = Cdf(-b);
            var pb = Cdf(-a);
            z = -InverseCdf(pa + uniform * (pb - pa));
        }
        else
        {
            var pa = Cdf(a);
            var pb = Cdf(b);
            z = InverseCdf(pa + uniform * (pb - pa));
        }
        if (!double.IsFinite(z)) z = a > 0 ? a : b;
        return Math.Clamp(mu + sigma * z, low, high);
    }

    /// <summary>erfc(x), W. J. Cody's rational Chebyshev approximations (relative error below 1e-15).</summary>
    public static double Erfc(double x)
    {
        var ax = Math.Abs(x);
        double result;
        if (ax < 0.5)
        {
            var t = x * x;
            var top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
            var bottom = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
            return 1 - x * top / bottom;
        }
        if (ax < 4)
        {
            var top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax
                + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            var bottom = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax
                + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
            result = Math.Exp(-ax * ax) * top / bottom;
        }
        else
        {
            var z = 1 / (ax * ax);
            var top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
            var bottom = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z + 2.33520497626869185e-3;
            result = Math.Exp(-ax * ax) / ax * (0.564189583547756287 - z * top / bottom);
        }
        return x < 0 ? 2 - result : result;
    }
}
