using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// The dynamic mask of SSAM-D over all N parameter entries (in <c>OrderedParameters</c> order): exactly
/// <see cref="LiveCount"/> = N − ⌊s·N⌋ entries are live at all times. It starts as a uniformly random subset; an
/// update drops the ⌊d·live⌋ live entries with the smallest gradient score (ties: lower index first) and regrows as
/// many at random among the entries that were dead before the update (among all dead ones when there are too few),
/// so the live count never changes.
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

    /// <summary>Live entries now (always <see cref="LiveCount"/> of N and the sparsity).</summary>
    public int Live => _live.Count(l => l);

    /// <summary>Whether entry <paramref name="index"/> (flat, over all parameters) is live.</summary>
    public bool IsLive(int index) => _live[index];

    /// <summary>N − ⌊s·N⌋: the live entries at sparsity s ∈ [0, 1].</summary>
    public static int LiveCount(int total, double sparsity) => total - (int)Math.Floor(sparsity * total);

    /// <summary>The SSAM-D drop fraction d_t = 0.5·(1 + cos(π·t/T_end))/2 at epoch t of T_end.</summary>
    public static double DropFraction(int epoch, int endEpoch) => 0.5 * (1 + Math.Cos(Math.PI * epoch / endEpoch)) / 2;

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

    /// <summary>Drops the ⌊<paramref name="dropFraction"/>·live⌋ live entries of lowest <paramref name="scores"/> (one per
    /// entry, flat) and regrows as many at random; returns how many moved.</summary>
    public int Update(ReadOnlySpan<float> scores, double dropFraction, SplitMix64 random)
    {
        if (scores.Length != _live.Length) throw new ArgumentException($"{scores.Length} scores for {_live.Length} entries", nameof(scores));
        if (!(dropFraction >= 0 && dropFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(dropFraction), dropFraction, "must be in [0, 1]");
        var live = Enumerable.Range(0, _live.Length).Where(i => _live[i]).ToArray();
        var deadBefore = Enumerable.Range(0, _live.Length).Where(i => !_live[i]).ToArray();
        var count = (int)Math.Floor(dropFraction * live.Length);
        if (count == 0) return 0;
        var score = scores.ToArray();
        // Array.Sort is unstable: sort by (score, index) explicitly so equal scores drop the lower index first.
        Array.Sort(live, (a, b) => score[a] != score[b] ? score[a].CompareTo(score[b]) : a.CompareTo(b));
        var dropped = live.Take(count).ToArray();
        foreach (var index in dropped) _live[index] = false;
        var candidates = deadBefore.Length >= count ? deadBefore : Enumerable.Range(0, _live.Length).Where(i => !_live[i]).ToArray();
        foreach (var index in Choose(candidates, count, random)) _live[index] = true;
        return count;
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
