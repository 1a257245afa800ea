using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Bench.Table;

/// <summary>
/// A soft_symmetry-like campaign of <c>trials</c> outcomes without running a trainer: points = trials / 10 settings
/// of (penalty × width × lr), 10 seeds each, three metrics (auc, shift_auc, hessian_top) and ten per-epoch reports
/// per trial, about 1% failed trials. Values follow a smooth trend in the penalty plus per-seed noise, so paired tests
/// have something to find; every value is a function of the trial index alone.
/// </summary>
public static class SyntheticCampaign
{
    /// <summary>Seeds per setting.</summary>
    public const int Seeds = 10;

    /// <summary>Metric columns.</summary>
    public static readonly string[] Metrics = ["auc", "shift_auc", "hessian_top"];

    private static readonly double[] Penalties = [0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 1, 10];
    private static readonly double[] Widths = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
    private const int EpochsPerTrial = 10;

    /// <summary>The table definition the campaign grain would configure: trials must be a multiple of 1,000.</summary>
    public static TableDefinition Definition(string campaign, int trials)
    {
        if (trials % 1000 != 0) throw new ArgumentException($"{trials} trials: use a multiple of 1,000", nameof(trials));
        var rates = trials / 1000;
        var points = new List<IReadOnlyList<ParamValue>>(trials / Seeds);
        foreach (var penalty in Penalties)
            foreach (var width in Widths)
                for (var r = 0; r < rates; r++)
                    points.Add([Number("penalty", penalty), Number("width", width), Number("lr", LearningRate(r))]);
        return new TableDefinition(campaign, Metrics, [Number("penalty", 0), Number("width", Widths[0]), Number("lr", LearningRate(0))],
            points, Seeds, ["penalty", "width", "lr"], [Number("depth", 2), Text("activation", "relu"), Text("penalty_variant", "finite")],
            ["penalty", "lr"], Enumerable.Range(1, Seeds).Select(s => (long)s).ToList());
    }

    /// <summary>The outcome of trial <paramref name="index"/>, as the campaign grain records it.</summary>
    public static TrialOutcome Outcome(TableDefinition definition, int index)
    {
        var point = definition.Points[index / Seeds];
        var seed = definition.Seeds[index % Seeds];
        var random = new Random(index);
        var parameters = (IReadOnlyList<ParamValue>)[.. definition.FixedParams, .. point];
        var setting = ParamFormat.Setting(point);
        if (random.NextDouble() < 0.01)
            return new TrialOutcome(definition.Campaign, index, setting, parameters, seed, TrialStatus.Failed,
                new Dictionary<string, double>(), "trainer exited with status 134", 3, 3, []);

        var penalty = point[0].Number;
        var seedEffect = 0.004 * Math.Sin(seed);
        var auc = 0.80 + 0.01 * Math.Log10(1 + 1e3 * penalty) / 7 + seedEffect + 0.003 * Normal(random);
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = auc,
            ["shift_auc"] = auc - 0.02 + 0.002 * Normal(random),
            ["hessian_top"] = Math.Exp(1.5 - 0.1 * Math.Log10(1 + 1e3 * penalty) + 0.2 * Normal(random)),
        };
        var epochs = Enumerable.Range(1, EpochsPerTrial).Select(epoch => new EpochReport(1, epoch, new Dictionary<string, double>
        {
            ["loss"] = 0.6 / epoch + 0.4, ["bce"] = 0.6 / epoch + 0.39, ["penalty"] = 0.01 / epoch, ["val_auc"] = auc - 0.05 / epoch,
        })).ToList();
        return new TrialOutcome(definition.Campaign, index, setting, parameters, seed, TrialStatus.Succeeded, metrics, null, 0, 1, epochs);
    }

    /// <summary>
    /// The spec whose expansion is <see cref="Definition"/>: the grid runs penalty slowest, then width, then lr, as the
    /// points do. Submitted to a campaign grain, it gives the aggregator the same definition.
    /// </summary>
    public static string Spec(string campaign, int trials)
    {
        static string List(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";
        var rates = Enumerable.Range(0, trials / 1000).Select(LearningRate);
        return $$"""
            name: {{campaign}}
            kind: soft_symmetry
            params: {depth: 2, activation: relu, penalty_variant: finite}
            search:
              space:
                penalty: {values: {{List(Penalties)}}}
                width: {values: {{List(Widths)}}}
                lr: {values: {{List(rates)}}}
            seeds: {{List(Enumerable.Range(1, Seeds).Select(s => (double)s))}}
            table:
              baseline: {penalty: 0, width: {{Widths[0]}}, lr: {{LearningRate(0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}
              metrics: [auc, shift_auc, hessian_top]
            """;
    }

    private static double LearningRate(int r) => 1e-3 * Math.Pow(10, r / 10.0);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static ParamValue Number(string name, double value) => new(name, ParamType.Number, value, null, false);

    private static ParamValue Text(string name, string value) => new(name, ParamType.Text, 0, value, false);
}
