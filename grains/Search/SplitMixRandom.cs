namespace Goldstone.Grains.Search;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose stream is fixed by this code, never by a runtime
/// version, so a searcher's suggestion k is the same on every machine and after every upgrade.
/// </summary>
public sealed class SplitMixRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for one suggestion of one campaign: independent streams without storing a position.</summary>
    public static SplitMixRandom For(long seed, int suggestion) =>
        new(Mix(Mix((ulong)seed) ^ (0x9E3779B97F4A7C15UL * (ulong)(suggestion + 1))));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)Math.Min(count - 1, Math.Floor(NextDouble() * count));

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/> (non-negative, not all zero).</summary>
    public int NextIndex(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var target = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        for (var i = weights.Count - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return weights.Count - 1;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
