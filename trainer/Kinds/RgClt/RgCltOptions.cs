using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Models.RgClt;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>The parameters of an <c>rg_clt</c> trial; every one is optional.</summary>
public sealed record RgCltOptions
{
    /// <summary>Most sites in one generated set (chains × 2^chain_log2), so that a set stays a few hundred MB at most.</summary>
    public const int MaxSites = 1 << 24;

    /// <summary>The model family (<c>model</c>: mlp_unconstrained, mlp_symmetric, mlp_overconstrained, gnn or deepsets; default mlp_symmetric).</summary>
    public ChainModel Model { get; init; } = ChainModel.MlpSymmetric;

    /// <summary>Hidden nonlinearity (<c>activation</c>: linear, quadratic, tanh, relu or silu; default tanh).</summary>
    public BlockActivation Activation { get; init; } = BlockActivation.Tanh;

    /// <summary>Hidden units per layer, or features per site for the GNN (<c>width</c>, default 16, 1 to 1024).</summary>
    public int Width { get; init; } = 16;

    /// <summary>Hidden layers, message-passing layers for the GNN, or layers of φ for DeepSets (<c>depth</c>, default 2, 1 to 16).</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Distributions of the training chains and of the in-distribution test (<c>train_dists</c>: a
    /// comma-separated list of uniform, exponential, laplace, gaussian; default "uniform,gaussian").</summary>
    public IReadOnlyList<InputDistribution> TrainDistributions { get; init; } = [InputDistribution.Uniform, InputDistribution.Gaussian];

    /// <summary>Distributions of the out-of-distribution test (<c>test_dists</c>: a comma-separated list, none of them
    /// in train_dists; default "exponential,laplace").</summary>
    public IReadOnlyList<InputDistribution> TestDistributions { get; init; } = [InputDistribution.Exponential, InputDistribution.Laplace];

    /// <summary>L, the log₂ of the sites per chain (<c>chain_log2</c>, default 4: 16 sites, 1 to 16).</summary>
    public int ChainLog2 { get; init; } = 4;

    /// <summary>k, the RG steps the cumulant metrics iterate the model (<c>iterations</c>, default 2, 1 to chain_log2).</summary>
    public int Iterations { get; init; } = 2;

    /// <summary>Adam's learning rate (<c>lr</c>, default 0.003, &gt; 0).</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>Chains per batch (<c>batch_size</c>, default 32, ≥ 1).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Training chains, shared out in turn among the train distributions (<c>train_size</c>, default 512, at
    /// least one per train distribution, train_size × 2^chain_log2 ≤ <see cref="MaxSites"/>).</summary>
    public int TrainSize { get; init; } = 512;

    /// <summary>Test chains per distribution, for the MSE and cumulant metrics (<c>test_size</c>, default 2048, ≥ 4,
    /// test_size × 2^chain_log2 ≤ <see cref="MaxSites"/>).</summary>
    public int TestSize { get; init; } = 2048;

    /// <summary>Sites per chain, 2^<see cref="ChainLog2"/>.</summary>
    public int Sites => 1 << ChainLog2;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped, out of range or inconsistent with another.</exception>
    public static RgCltOptions Parse(TrialParameters p)
    {
        var defaults = new RgCltOptions();
        var trainText = p.String("train_dists", Join(defaults.TrainDistributions));
        var testText = p.String("test_dists", Join(defaults.TestDistributions));
        var options = new RgCltOptions
        {
            Model = ChainModels.Parse(p.String("model", ChainModels.Name(defaults.Model), [.. ChainModels.Names])),
            Activation = BlockActivations.Parse(p.String("activation", BlockActivations.Name(defaults.Activation), [.. BlockActivations.Names])),
            Width = p.Int("width", defaults.Width, min: 1, max: 1024),
            Depth = p.Int("depth", defaults.Depth, min: 1, max: 16),
            ChainLog2 = p.Int("chain_log2", defaults.ChainLog2, min: 1, max: 16),
            Iterations = p.Int("iterations", defaults.Iterations, min: 1, max: 16),
            LearningRate = p.Double("lr", defaults.LearningRate, min: 0),
            BatchSize = p.Int("batch_size", defaults.BatchSize, min: 1),
            TrainSize = p.Int("train_size", defaults.TrainSize, min: 1),
            TestSize = p.Int("test_size", defaults.TestSize, min: 4),
        };
        p.RejectUnknown();
        options = options with
        {
            TrainDistributions = ParseDistributions("train_dists", trainText),
            TestDistributions = ParseDistributions("test_dists", testText),
        };
        options.Check();
        return options;
    }

    private void Check()
    {
        if (LearningRate == 0 || double.IsInfinity(LearningRate)) throw new TrialRequestException("params.lr: must be finite and greater than 0");
        if (Iterations > ChainLog2)
            throw new TrialRequestException($"params.iterations: {Iterations} steps need chains of at least 2^{Iterations} sites, but chain_log2 is {ChainLog2} (allowed: 1 to chain_log2)");
        var overlap = TestDistributions.Where(TrainDistributions.Contains).Select(InputDistributions.Name).ToList();
        if (overlap.Count > 0)
        {
            var free = InputDistributions.All.Where(d => !TrainDistributions.Contains(d)).Select(InputDistributions.Name);
            throw new TrialRequestException(
                $"params.test_dists: {string.Join(", ", overlap)} also in train_dists; the out-of-distribution test must use other distributions (allowed with this train_dists: {string.Join(", ", free)})");
        }
        if (TrainSize < TrainDistributions.Count)
            throw new TrialRequestException($"params.train_size: {TrainSize} chains cannot cover {TrainDistributions.Count} train distributions (allowed: at least one chain per distribution)");
        CheckSites("train_size", TrainSize);
        CheckSites("test_size", TestSize);
    }

    private void CheckSites(string name, int chains)
    {
        if ((long)chains * Sites > MaxSites)
            throw new TrialRequestException($"params.{name}: {chains} chains of 2^{ChainLog2} sites exceed {MaxSites} sites (allowed: {name} × 2^chain_log2 ≤ {MaxSites})");
    }

    private static List<InputDistribution> ParseDistributions(string name, string text)
    {
        var allowed = $"allowed: a comma-separated list of {string.Join(", ", InputDistributions.Names)}, each at most once";
        var result = new List<InputDistribution>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
                throw new TrialRequestException($"params.{name}: '{text}' has an empty entry ({allowed})");
            var distribution = InputDistributions.Parse(part)
                ?? throw new TrialRequestException($"params.{name}: '{part}' is not a distribution ({allowed})");
            if (result.Contains(distribution))
                throw new TrialRequestException($"params.{name}: '{part}' is listed twice ({allowed})");
            result.Add(distribution);
        }
        return result;
    }

    private static string Join(IEnumerable<InputDistribution> distributions) => string.Join(",", distributions.Select(InputDistributions.Name));
}
