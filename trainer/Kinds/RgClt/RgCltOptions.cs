using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Models.RgClt;
using Goldstone.Schema;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>The parameters of an <c>rg_clt</c> trial; every one is optional. Ranges, choices and defaults are the
/// catalog's (<see cref="KindCatalog.RgClt"/>); the initialisers read the defaults from it and <see cref="Parse"/> the
/// bounds.</summary>
public sealed record RgCltOptions
{
    private static readonly KindDefinition Kind = KindCatalog.RgClt;

    /// <summary>Most sites in one generated set (chains × 2^chain_log2), so that a set stays a few hundred MB at
    /// most.</summary>
    public const int MaxSites = 1 << 24;

    /// <summary>The model family (<c>model</c>).</summary>
    public ChainModel Model { get; init; } = ChainModels.Parse(Kind["model"].DefaultText);

    /// <summary>Hidden nonlinearity (<c>activation</c>).</summary>
    public BlockActivation Activation { get; init; } = BlockActivations.Parse(Kind["activation"].DefaultText);

    /// <summary>Hidden units per layer, or features per site for the GNN (<c>width</c>).</summary>
    public int Width { get; init; } = Kind["width"].DefaultInteger;

    /// <summary>Hidden layers, message-passing layers for the GNN, or layers of φ for DeepSets
    /// (<c>depth</c>).</summary>
    public int Depth { get; init; } = Kind["depth"].DefaultInteger;

    /// <summary>Distributions of the training chains and of the in-distribution test (<c>train_dists</c>).</summary>
    public IReadOnlyList<InputDistribution> TrainDistributions { get; init; } = ParseDistributions("train_dists", Kind["train_dists"].DefaultText);

    /// <summary>Distributions of the out-of-distribution test (<c>test_dists</c>, none of them in
    /// train_dists).</summary>
    public IReadOnlyList<InputDistribution> TestDistributions { get; init; } = ParseDistributions("test_dists", Kind["test_dists"].DefaultText);

    /// <summary>L, the log₂ of the sites per chain (<c>chain_log2</c>).</summary>
    public int ChainLog2 { get; init; } = Kind["chain_log2"].DefaultInteger;

    /// <summary>k, the RG steps the cumulant metrics iterate the model (<c>iterations</c>, at most
    /// chain_log2).</summary>
    public int Iterations { get; init; } = Kind["iterations"].DefaultInteger;

    /// <summary>Adam's learning rate (<c>lr</c>).</summary>
    public double LearningRate { get; init; } = Kind["lr"].DefaultNumber;

    /// <summary>Chains per batch (<c>batch_size</c>).</summary>
    public int BatchSize { get; init; } = Kind["batch_size"].DefaultInteger;

    /// <summary>Training chains, shared out in turn among the train distributions (<c>train_size</c>; at least one per
    /// train
    /// distribution, train_size × 2^chain_log2 ≤ <see cref="MaxSites"/>).</summary>
    public int TrainSize { get; init; } = Kind["train_size"].DefaultInteger;

    /// <summary>Test chains per distribution, for the MSE and cumulant metrics (<c>test_size</c>;
    /// test_size × 2^chain_log2 ≤ <see cref="MaxSites"/>).</summary>
    public int TestSize { get; init; } = Kind["test_size"].DefaultInteger;

    /// <summary>Sites per chain, 2^<see cref="ChainLog2"/>.</summary>
    public int Sites => 1 << ChainLog2;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped, out of range or inconsistent with
    /// another.</exception>
    public static RgCltOptions Parse(TrialParameters p)
    {
        var trainText = p.Text(Kind["train_dists"]);
        var testText = p.Text(Kind["test_dists"]);
        var options = new RgCltOptions
        {
            Model = ChainModels.Parse(p.Choice(Kind["model"])),
            Activation = BlockActivations.Parse(p.Choice(Kind["activation"])),
            Width = p.Int(Kind["width"]),
            Depth = p.Int(Kind["depth"]),
            ChainLog2 = p.Int(Kind["chain_log2"]),
            Iterations = p.Int(Kind["iterations"]),
            LearningRate = p.Double(Kind["lr"]),
            BatchSize = p.Int(Kind["batch_size"]),
            TrainSize = p.Int(Kind["train_size"]),
            TestSize = p.Int(Kind["test_size"]),
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
}
