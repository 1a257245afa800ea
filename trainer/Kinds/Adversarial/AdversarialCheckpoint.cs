using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>What an <c>adversarial</c> checkpoint restores besides the model and optimiser.</summary>
/// <param name="Mask">The SSAM-D mask, or null.</param>
/// <param name="TrainSeconds">Training wall time of the epochs already run.</param>
internal sealed record AdversarialResumeState(SparseMask? Mask, double TrainSeconds);

/// <summary>
/// The state of an <c>adversarial</c> trial after an epoch: the model (parameters, BatchNorm running statistics and
/// the normaliser), the optimiser's state, torch's global generator state, the SSAM-D mask and the training time
/// so far. The data, the data order and the mask's regrowth follow from the seed and the epoch (the checkpoint
/// store fingerprints seed, threads and parameters), so they are not saved. Tensors are written from CPU copies and
/// read into the model and optimiser wherever they live, and the generator is the CPU's: a checkpoint taken on one
/// device resumes on another.
/// </summary>
internal static class AdversarialCheckpoint
{
    private const string FileName = "adversarial.bin";
    private const int Version = 1;

    /// <summary>Writes the state into <paramref name="directory"/>.</summary>
    public static void Save(string directory, JetMlp model, ITrainingStep optimizer, SparseMask? mask, double trainSeconds)
    {
        using var stream = File.Create(Path.Combine(directory, FileName));
        using var writer = new BinaryWriter(stream);
        writer.Write(Version);
        model.save(writer);
        optimizer.SaveState(writer);
        using (var state = torch.get_rng_state())
        {
            var bytes = state.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
        writer.Write(mask is not null);
        mask?.Save(writer);
        writer.Write(trainSeconds);
    }

    /// <summary>Restores the model, optimiser and generator in place and returns the rest.</summary>
    /// <exception cref="InvalidDataException">The file is not an adversarial checkpoint of this version.</exception>
    public static AdversarialResumeState Load(string directory, JetMlp model, ITrainingStep optimizer)
    {
        using var stream = File.OpenRead(Path.Combine(directory, FileName));
        using var reader = new BinaryReader(stream);
        var version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"adversarial checkpoint version {version}, expected {Version}");
        model.load(reader);
        optimizer.LoadState(reader);
        var bytes = reader.ReadBytes(reader.ReadInt32());
        using (var state = torch.tensor(bytes, dtype: ScalarType.Byte)) torch.set_rng_state(state);
        var mask = reader.ReadBoolean() ? SparseMask.Load(reader) : null;
        return new AdversarialResumeState(mask, reader.ReadDouble());
    }
}
