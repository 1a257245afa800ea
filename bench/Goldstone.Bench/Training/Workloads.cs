using System.Runtime.InteropServices;
using System.Text.Json;
using Goldstone.Trainer.Data;
using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Kinds.RgClt;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Bench.Training;

/// <summary>A soft_symmetry training configuration (finite rotation penalty, ReLU, Adam).</summary>
public sealed record SoftSymmetryWorkload(string Name, int Width, int Depth, double Penalty, int BatchSize, double LearningRate);

/// <summary>An rg_clt training configuration (Adam, MSE against the exact block-sum map).</summary>
public sealed record RgCltWorkload(string Name, string Model, int Width, int Depth, string Activation, int BatchSize, double LearningRate);

/// <summary>A hessian_top measurement: an MLP trained <paramref name="WarmEpochs"/> epochs, then the kind's power
/// iteration on the mean BCE of the first <paramref name="Rows"/> training events.</summary>
public sealed record HessianWorkload(string Name, int Width, int Depth, int Rows, int Iterations, double Tolerance, int WarmEpochs, int Repetitions);

/// <summary>The machine's yardsticks: a square fp32 matmul and a loop of tiny ops.</summary>
public sealed record MachineWorkload(int MatmulSize, int MatmulRepetitions, int TinyOps, int TinyRepetitions);

/// <summary>
/// What both implementations measure, written by <c>export</c> as manifest.json beside the raw float32 data, so that
/// the C# and Python sides train the same models on the same numbers.
/// </summary>
public sealed record Manifest(
    string Size, int Repetitions, int HiggsRows, int ChainRows, int ChainSites, IReadOnlyList<int> PhiColumns,
    IReadOnlyList<SoftSymmetryWorkload> SoftSymmetry, IReadOnlyList<RgCltWorkload> RgClt, IReadOnlyList<HessianWorkload> Hessian,
    MachineWorkload Machine);

/// <summary>The workloads per size, the data export and the data loader.</summary>
public static class Workloads
{
    /// <summary>Seed of the data and of every model initialisation.</summary>
    public const long Seed = 1;

    /// <summary>Manifest file name inside the data directory.</summary>
    public const string ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>The manifest for a size: full times epochs of 8,192 events (32 batches of 256) and of 8,192 chains
    /// (256 batches of 32), three per process.</summary>
    public static Manifest For(bool small)
    {
        // The kind's hessian_batch is 1,024 events; a smoke run takes 256 so that it stays short.
        var hessianRows = small ? 256 : 1024;
        var hessianRepetitions = small ? 1 : 3;
        return new Manifest(small ? "small" : "full", small ? 2 : 3, small ? 4096 : 8192, small ? 2048 : 8192, 16,
            HiggsFeatures.PhiColumns,
            [
                new("soft_symmetry w32 d2 λ=0", 32, 2, 0, 256, 1e-3),
                new("soft_symmetry w32 d2 λ=1", 32, 2, 1, 256, 1e-3),
                new("soft_symmetry w256 d4 λ=0", 256, 4, 0, 256, 1e-3),
                new("soft_symmetry w256 d4 λ=1", 256, 4, 1, 256, 1e-3),
            ],
            [new("rg_clt mlp_symmetric w16 d2 tanh", "mlp_symmetric", 16, 2, "tanh", 32, 3e-3)],
            [
                new("hessian_top w32 d2", 32, 2, hessianRows, 20, 1e-3, 2, hessianRepetitions),
                new("hessian_top w256 d4", 256, 4, hessianRows, 20, 1e-3, 2, hessianRepetitions),
            ],
            new MachineWorkload(2048, small ? 3 : 10, small ? 20_000 : 100_000, small ? 2 : 5));
    }

    /// <summary>Writes the manifest and the data (HIGGS-format training events, rg_clt training chains) to --data.</summary>
    public static void Export(BenchArguments arguments)
    {
        var directory = RequireDirectory(arguments);
        Directory.CreateDirectory(directory);
        var manifest = For(arguments.Small);
        var events = HiggsGenerator.Generate(manifest.HiggsRows, Seed, SoftSymmetryData.TrainStream, DetectorTune.Nominal);
        WriteFloats(Path.Combine(directory, HiggsFeaturesFile), events.Features);
        WriteFloats(Path.Combine(directory, HiggsLabelsFile), events.Labels);
        var chains = ChainSet.Generate([InputDistribution.Uniform, InputDistribution.Gaussian], manifest.ChainRows, manifest.ChainSites, Seed, RgCltData.TrainStream);
        WriteFloats(Path.Combine(directory, "chains_x.f32"), chains.Inputs);
        WriteFloats(Path.Combine(directory, "chains_y.f32"), chains.Targets);
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
        Console.Error.WriteLine($"exported {manifest.Size} data to {directory}");
    }

    /// <summary>Reads the manifest written by <see cref="Export"/>.</summary>
    public static Manifest Load(BenchArguments arguments)
    {
        var path = Path.Combine(RequireDirectory(arguments), ManifestFile);
        if (!File.Exists(path)) throw new BenchUsageException($"--data: {path} does not exist; run the export command first");
        return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), Json)!;
    }

    /// <summary>The exported HIGGS-format training events, features (rows × 28) and labels, owned by the caller's dispose scope.</summary>
    public static (Tensor Features, Tensor Labels) ReadHiggs(BenchArguments arguments, Manifest manifest) =>
        (Read(arguments, HiggsFeaturesFile, manifest.HiggsRows, HiggsFeatures.Count), Read(arguments, HiggsLabelsFile, manifest.HiggsRows));

    /// <summary>A data file as a float32 tensor of <paramref name="shape"/>, owned by the caller's dispose scope.</summary>
    public static Tensor Read(BenchArguments arguments, string file, params long[] shape)
    {
        var floats = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(arguments.DataDirectory, file))).ToArray();
        return torch.tensor(floats, shape);
    }

    private const string HiggsFeaturesFile = "higgs_x.f32";
    private const string HiggsLabelsFile = "higgs_y.f32";

    private static string RequireDirectory(BenchArguments arguments) =>
        arguments.DataDirectory.Length > 0 ? arguments.DataDirectory : throw new BenchUsageException("--data DIR is required");

    private static void WriteFloats(string path, float[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
