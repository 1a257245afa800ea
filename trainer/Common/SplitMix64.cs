namespace Goldstone.Trainer.Common;

/// <summary>
/// A small seeded generator (SplitMix64). Used instead of <see cref="System.Random"/> so that data and
/// choices stay bit-identical across .NET versions for a given seed.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;
    private double? _spareNormal;

    /// <summary>A generator for a stream derived from a seed and any number of labels.</summary>
    public static SplitMix64 Derive(long seed, params long[] labels)
    {
        var mixed = Mix((ulong)seed);
        foreach (var label in labels) mixed = Mix(mixed ^ (ulong)label * 0x9E3779B97F4A7C15UL);
        return new SplitMix64(mixed);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>A uniformly random permutation of 0 … count−1 (Fisher-Yates, from the last position down).</summary>
    public long[] Permutation(long count)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++) order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = NextInt((int)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Standard normal (Box-Muller, polar form).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
