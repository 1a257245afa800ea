using Goldstone.Contracts;

namespace Goldstone.Grains.Specs;

/// <summary>A validated campaign spec: what to sweep, how often, and what the table shows.</summary>
public sealed record CampaignSpec(
    string Name,
    string Kind,
    IReadOnlyList<ParamValue> Params,
    SearchSpec Search,
    IReadOnlyList<long> Seeds,
    int Epochs,
    RetryPolicy Retry,
    ResourceSpec Resources,
    TableSpec Table,
    CheckpointSpec Checkpoints)
{
    /// <summary>The <c>stopping:</c> block: the early-stopping rule every trial carries, or null (none).</summary>
    public StoppingConfig? Stopping { get; init; }
}

/// <summary>How the space is searched.</summary>
public enum SearchAlgorithm
{
    /// <summary>Every combination of the listed values.</summary>
    Grid,
    /// <summary><c>samples</c> points drawn from the distributions with a fixed seed.</summary>
    Random,
    /// <summary>
    /// <c>trials</c> points suggested one at a time by the tree-structured Parzen estimator from the finished trials'
    /// objective (grains/Search/TpeSearcher.cs), at most <c>parallel</c> running at once.
    /// </summary>
    Tpe,
}

/// <summary>The search block.</summary>
public sealed record SearchSpec(SearchAlgorithm Algorithm, int Samples, long Seed, IReadOnlyList<SpaceParam> Space)
{
    /// <summary><c>search.trials</c> (tpe): how many points are suggested in all.</summary>
    public int Trials { get; init; }

    /// <summary><c>search.parallel</c> (tpe): most suggested trials unfinished at once; default <see cref="SpecDefaults.Parallel"/>.</summary>
    public int Parallel { get; init; } = SpecDefaults.Parallel;

    /// <summary>
    /// <c>search.objective</c> or <c>search.objectives</c> (tpe): the metrics the searcher optimises, one (TPE) or
    /// <see cref="SpecDefaults.MinObjectives"/> to <see cref="SpecDefaults.MaxObjectives"/> (MOTPE: grains/Search/ParetoSplit.cs);
    /// empty for grid and random.
    /// </summary>
    public IReadOnlyList<ObjectiveSpec> Objectives { get; init; } = [];

    /// <summary>The single objective of a one-objective tpe search; null for grid, random and a multi-objective search.</summary>
    public ObjectiveSpec? Objective => Objectives.Count == 1 ? Objectives[0] : null;

    /// <summary>True for a tpe search over more than one objective: its table marks the Pareto front of the objectives.</summary>
    public bool IsMultiObjective => Objectives.Count > 1;
}

/// <summary>Which way an objective is better.</summary>
public enum ObjectiveMode
{
    /// <summary>Lower is better.</summary>
    Min,
    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>A metric of the kind's final result to optimise, and which way.</summary>
public sealed record ObjectiveSpec(string Metric, ObjectiveMode Mode)
{
    /// <summary>The value as a loss (lower is better), as a searcher takes it.</summary>
    public double Loss(double value) => Mode == ObjectiveMode.Min ? value : -value;
}

/// <summary>How a swept parameter is given.</summary>
public enum Distribution
{
    /// <summary><c>values: [...]</c></summary>
    Values,
    /// <summary><c>uniform: [a, b]</c></summary>
    Uniform,
    /// <summary><c>log_uniform: [a, b]</c>, a &gt; 0</summary>
    LogUniform,
    /// <summary><c>int: [a, b]</c>, inclusive</summary>
    Int,
}

/// <summary>One swept parameter.</summary>
public sealed record SpaceParam(string Name, Distribution Distribution, IReadOnlyList<ParamValue> Values, double Low, double High);

/// <summary>What one trial needs: CPU slots, GPUs (0: a CPU trial), torch threads and a time limit per attempt.</summary>
public sealed record ResourceSpec(int Slots, int Threads, double TimeoutSeconds, int Gpus = 0);

/// <summary>How often a trial checkpoints (after every <paramref name="Every"/>-th epoch and the last) and how many it keeps.</summary>
public sealed record CheckpointSpec(int Every, int Keep);

/// <summary>The comparative table: the baseline point (swept parameters), the metric columns, and how they are tested.</summary>
public sealed record TableSpec(IReadOnlyList<ParamValue>? Baseline, IReadOnlyList<string> Metrics)
{
    /// <summary><c>table.correction</c>: the adjustment within each metric's family (default Holm).</summary>
    public MultipleTestCorrection Correction { get; init; }

    /// <summary><c>table.trend</c>: a swept numeric parameter to test each metric's trend over, or null.</summary>
    public string? Trend { get; init; }

    /// <summary><c>table.log_scale</c>: metrics compared on a log scale (heavy-tailed ones such as an MSE).</summary>
    public IReadOnlyList<string> LogScale { get; init; } = [];

    /// <summary><c>table.stopped</c>: whether stopped trials' last reported metrics enter the cells (default exclude).</summary>
    public StoppedTrials Stopped { get; init; }
}

/// <summary>Defaults of every optional spec field; documented in the README's annotated spec.</summary>
public static class SpecDefaults
{
    /// <summary>Repeats of every point when <c>seeds</c> is absent.</summary>
    public const int Seeds = 1;
    /// <summary>Epochs when <c>epochs</c> is absent.</summary>
    public const int Epochs = 1;
    /// <summary>Attempts per trial when <c>retries.max_attempts</c> is absent.</summary>
    public const int MaxAttempts = 3;
    /// <summary>First retry delay in seconds.</summary>
    public const double InitialDelaySeconds = 1;
    /// <summary>Longest retry delay in seconds.</summary>
    public const double MaxDelaySeconds = 60;
    /// <summary>Slots per trial.</summary>
    public const int Slots = 1;
    /// <summary>GPUs per trial: none, a CPU trial.</summary>
    public const int Gpus = 0;
    /// <summary>Torch threads per trial.</summary>
    public const int Threads = 1;
    /// <summary>Time limit of one attempt in seconds.</summary>
    public const double TimeoutSeconds = 3600;
    /// <summary>Epochs between checkpoints when <c>checkpoints.every</c> is absent: every epoch.</summary>
    public const int CheckpointEvery = 1;
    /// <summary>Complete checkpoints kept per trial when <c>checkpoints.keep</c> is absent.</summary>
    public const int CheckpointKeep = 2;
    /// <summary>ASHA's reduction factor η when <c>stopping.reduction_factor</c> is absent.</summary>
    public const int ReductionFactor = 3;
    /// <summary><c>stopping.min_epochs</c> when absent: the first epoch.</summary>
    public const int StoppingMinEpochs = 1;
    /// <summary>Seed of the random and tpe searchers.</summary>
    public const long SearchSeed = 0;
    /// <summary>Suggested trials unfinished at once when <c>search.parallel</c> is absent (tpe).</summary>
    public const int Parallel = 1;
    /// <summary>Fewest entries of <c>search.objectives</c>: one objective goes in <c>search.objective</c>.</summary>
    public const int MinObjectives = 2;
    /// <summary>Most entries of <c>search.objectives</c>: the hypervolume the split needs grows as n^(d−1) in d objectives.</summary>
    public const int MaxObjectives = 3;
    /// <summary>Most trials a tpe search may suggest: every activation replays the suggestions from the outcomes.</summary>
    public const int MaxTpeTrials = 2000;
}
