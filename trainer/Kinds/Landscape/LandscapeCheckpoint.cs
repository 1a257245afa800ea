using Goldstone.Trainer.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// The state of a landscape trial after an epoch: θ, whether the run diverged, the running sum of curvature_tail, and
/// the optimiser's state. The
/// surface and θ₀ are not saved: both follow from the seed and the parameters, which the checkpoint store
/// fingerprints. θ is written as numbers and copied into θ wherever it lives, so a checkpoint taken on one device
/// resumes on another.
/// </summary>
internal static class LandscapeCheckpoint
{
    private const string FileName = "landscape.bin";
    private const int Version = 2;

    /// <summary>Writes the state into <paramref name="directory"/>.</summary>
    public static void Save(string directory, Parameter theta, ITrainingStep optimizer, bool diverged, CurvatureTail tail)
    {
        using var stream = File.Create(Path.Combine(directory, FileName));
        using var writer = new BinaryWriter(stream);
        writer.Write(Version);
        var values = LandscapeKind.Coordinates(theta);
        writer.Write(values.Length);
        foreach (var value in values) writer.Write(value);
        writer.Write(diverged);
        writer.Write(tail.Sum);
        writer.Write(tail.Count);
        optimizer.SaveState(writer);
    }

    /// <summary>Restores θ, <paramref name="tail"/> and the optimiser's state; returns whether the run had diverged.</summary>
    /// <exception cref="InvalidDataException">The file is not a landscape checkpoint of a θ of this length.</exception>
    public static bool Load(string directory, Parameter theta, ITrainingStep optimizer, CurvatureTail tail)
    {
        using var stream = File.OpenRead(Path.Combine(directory, FileName));
        using var reader = new BinaryReader(stream);
        var version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"landscape checkpoint version {version}, expected {Version}");
        var length = reader.ReadInt32();
        if (length != theta.shape[0]) throw new InvalidDataException($"checkpoint θ has {length} coordinates, expected {theta.shape[0]}");
        var values = new double[length];
        for (var i = 0; i < length; i++) values[i] = reader.ReadDouble();
        using (no_grad())
        using (var saved = tensor(values, dtype: ScalarType.Float64))
            theta.copy_(saved);
        var diverged = reader.ReadBoolean();
        tail.Sum = reader.ReadDouble();
        tail.Count = reader.ReadInt64();
        optimizer.LoadState(reader);
        return diverged;
    }
}
