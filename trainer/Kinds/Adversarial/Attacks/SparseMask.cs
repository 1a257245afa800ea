using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// The dynamic mask of SSAM-D over all N parameter entries (in <c>OrderedParameters</c> order), as the reference's
/// vendor/ssam.py (class SSAMD) builds and updates it. It starts as a uniformly random set of N − ⌈s·N⌉ live entries.
/// An update with drop rate d keeps the int((N − s·N)·(1 − d)) live entries of largest drop score
/// (|g| + 1e-7 on live entries, 0 on dead ones; ties: lower index first) and grows int(min((N − s·N)·d, s·N))
/// entries chosen uniformly at random among those dead before the update (the reference's "random" growth: the top
/// of uniform random scores). Both counts are truncated separately, so the live count may fall by one or two below
/// N − ⌈s·N⌉ at an update, exactly as in the reference.
/// </summary>
public sealed class SparseMask
{
    private const int Version = 1;
    private readonly long[] _sizes;
    private readonly bool[] _live;

    private SparseMask(long[] sizes, bool[] live)
    {
        _sizes = sizes;
        _live = live;
    }

    /// <summary>Total entries N.</summary>
    public int Total => _live.Length;

    /// <summary>Live entries now.</summary>
    public int Live => _live.Count(l => l);

    /// <summary>Whether entry <paramref name="index"/> (flat, over all parameters) is live.</summary>
    public bool IsLive(int index) => _live[index];

    /// <summary>N − ⌈s·N⌉: the live entries of the initial mask at sparsity s ∈ [0, 1].</summary>
    public static int LiveCount(int total, double sparsity) => total - (int)Math.Ceiling(total * sparsity);

    /// <summary>The reference's drop_rate: the largest drop fraction, at the start of the cosine.</summary>
    public const double DropRate = 0.5;

    /// <summary>The reference's T_start.</summary>
    public const int StartEpoch = 0;

    /// <summary>SSAM-D's drop fraction at 0-based epoch e: d_e = drop_rate·(1 + cos(π·(e − T_start)/(T_end − T_start)))/2
    /// with drop_rate 0.5 and T_start 0 (vendor/ssam.py, DeathRate_Scheduler).</summary>
    public static double DropFraction(int epoch, int endEpoch) =>
        DropRate * (1 + Math.Cos(Math.PI * ((double)(epoch - StartEpoch) / (endEpoch - StartEpoch)))) / 2;

    /// <summary>A random mask over tensors of the parameters' sizes.</summary>
    public static SparseMask Random(IEnumerable<Tensor> parameters, double sparsity, SplitMix64 random)
    {
        if (!(sparsity >= 0 && sparsity <= 1)) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "must be in [0, 1]");
        var sizes = parameters.Select(p => p.numel()).ToArray();
        var total = checked((int)sizes.Sum());
        var live = new bool[total];
        var all = Enumerable.Range(0, total).ToArray();
        foreach (var index in Choose(all, LiveCount(total, sparsity), random)) live[index] = true;
        return new SparseMask(sizes, live);
    }

    /// <summary>A mask with the given live flags (flat, in parameter order) over tensors of the parameters' sizes.</summary>
    /// <exception cref="ArgumentException">The flags do not cover the parameters' entries.</exception>
    public static SparseMask FromFlags(IEnumerable<Tensor> parameters, IReadOnlyList<bool> live)
    {
        var sizes = parameters.Select(p => p.numel()).ToArray();
        if (sizes.Sum() != live.Count) throw new ArgumentException($"{live.Count} flags for {sizes.Sum()} entries", nameof(live));
        return new SparseMask(sizes, [.. live]);
    }

    /// <summary>0/1 float tensors shaped, typed and placed like <paramref name="parameters"/> (new; owned by the caller's scope).</summary>
    public Tensor[] Tensors(IReadOnlyList<Tensor> parameters)
    {
        var result = new Tensor[parameters.Count];
        var offset = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var size = (int)parameters[i].numel();
            if (i >= _sizes.Length || size != _sizes[i]) throw new ArgumentException("the parameters do not match the mask", nameof(parameters));
            var values = new float[size];
            for (var j = 0; j < size; j++) values[j] = _live[offset + j] ? 1 : 0;
            result[i] = torch.tensor(values, device: parameters[i].device).reshape(parameters[i].shape).to(parameters[i].dtype);
            offset += size;
        }
        return result;
    }

    /// <summary>Keeps the live entries of highest <paramref name="scores"/> (|g| per entry, flat) and grows as many
    /// as the drop fraction <paramref name="dropFraction"/> frees at random among the dead ones (see the class
    /// summary); returns how many grew.</summary>
    public int Update(ReadOnlySpan<float> scores, double dropFraction, double sparsity, SplitMix64 random)
    {
        if (scores.Length != _live.Length) throw new ArgumentException($"{scores.Length} scores for {_live.Length} entries", nameof(scores));
        if (!(dropFraction >= 0 && dropFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(dropFraction), dropFraction, "must be in [0, 1]");
        if (!(sparsity >= 0 && sparsity <= 1)) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "must be in [0, 1]");
        double total = _live.Length;
        var keep = (int)((total - total * sparsity) * (1 - dropFraction));
        var grow = (int)Math.Min((total - total * sparsity) * dropFraction, total * sparsity);
        var deadBefore = Enumerable.Range(0, _live.Length).Where(i => !_live[i]).ToArray();
        var score = new float[_live.Length];
        for (var i = 0; i < score.Length; i++) score[i] = _live[i] ? scores[i] + 1e-7f : 0f;
        var order = Enumerable.Range(0, _live.Length).ToArray();
        // Array.Sort is unstable: order by (score descending, index) explicitly so that ties keep the lower index.
        Array.Sort(order, (a, b) => score[a] != score[b] ? score[b].CompareTo(score[a]) : a.CompareTo(b));
        Array.Clear(_live);
        foreach (var index in order.Take(keep)) _live[index] = true;
        foreach (var index in Choose(deadBefore, Math.Min(grow, deadBefore.Length), random)) _live[index] = true;
        return grow;
    }

    /// <summary>Writes the mask (sizes and live flags).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Version);
        writer.Write(_sizes.Length);
        foreach (var size in _sizes) writer.Write(size);
        var bytes = new byte[(_live.Length + 7) / 8];
        for (var i = 0; i < _live.Length; i++)
            if (_live[i]) bytes[i / 8] |= (byte)(1 << (i % 8));
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">Not a mask of this version.</exception>
    public static SparseMask Load(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"sparse mask version {version}, expected {Version}");
        var sizes = new long[reader.ReadInt32()];
        for (var i = 0; i < sizes.Length; i++) sizes[i] = reader.ReadInt64();
        var total = checked((int)sizes.Sum());
        var bytes = reader.ReadBytes(reader.ReadInt32());
        if (bytes.Length != (total + 7) / 8) throw new InvalidDataException("sparse mask length does not match its sizes");
        var live = new bool[total];
        for (var i = 0; i < total; i++) live[i] = (bytes[i / 8] & (1 << (i % 8))) != 0;
        return new SparseMask(sizes, live);
    }

    /// <summary><paramref name="count"/> distinct elements of <paramref name="pool"/> by a partial Fisher-Yates shuffle of a copy.</summary>
    private static IEnumerable<int> Choose(int[] pool, int count, SplitMix64 random)
    {
        var copy = (int[])pool.Clone();
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(copy.Length - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy.Take(count);
    }
}
