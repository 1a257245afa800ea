using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Goldstone.Bench.Tpe;
using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

// Goldstone's TPE (grains/Search/TpeSearcher.cs) on Branin and Hartmann-6, sequentially (parallel 1), one JSON line
// per (function, seed) with the best value after each checkpoint; then the cost of one suggestion at a given number of
// observed trials. bench/python/tpe_bench.py prints the same lines for Optuna 3.1; summarise_tpe.py compares them.
// With --multi-objective 1: MOTPE (the same TpeSearcher, given loss vectors) on ZDT1 and DTLZ2, one line per
// (function, sampler, seed) with every trial's loss vector, then the cost of one suggestion; bench/python/motpe_bench.py
// prints the same lines for Optuna 3.1, summarise_motpe.py compares them.
// usage: Goldstone.Bench.Tpe [--multi-objective 1] --trials 100 --seeds 20 --cost-observed 1000 --cost-repeats 20
var options = Args(args);
var trials = options.GetValueOrDefault("trials", 100);
var seeds = options.GetValueOrDefault("seeds", 20);
var observed = options.GetValueOrDefault("cost-observed", 1000);
var repeats = options.GetValueOrDefault("cost-repeats", 20);
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
if (options.GetValueOrDefault("multi-objective", 0) == 1)
{
    // MOTPE: the searcher sees loss vectors, so it splits by non-domination and hypervolume (grains/Search/ParetoSplit.cs).
    // The lines carry every trial's losses in order; the summary computes the hypervolume after n trials, with one
    // implementation (Optuna's WFG) for both sides, so that a difference in hypervolume code cannot show up as one in search.
    foreach (var function in new[] { MultiObjectiveFunction.Zdt1, MultiObjectiveFunction.Dtlz2 })
        Part(function.Name, function.Space, point => new Observation(point, function.At(point)), "mo", "mo-cost",
            history => new { values = history.Select(o => o.Losses).ToList() });
    return 0;
}

foreach (var function in new[] { TestFunction.Branin, TestFunction.Hartmann6 })
    Part(function.Name, function.Space, point => new Observation(point, function.At(point)), "best", "cost",
        history => new { best = BestSoFar(history) });
return 0;

// Every sampler on one function for every seed, sequentially (parallel 1: each suggestion sees every earlier trial),
// one line per (sampler, seed) with what `result` makes of the history; then the cost of one suggestion with
// `observed` finished trials at random points, as the campaign would pay it (one warm-up, then `repeats` timed calls).
void Part(string name, IReadOnlyList<SpaceParam> space, Func<IReadOnlyList<ParamValue>, Observation> evaluate, string part, string costPart,
    Func<List<Observation>, object> result)
{
    for (var seed = 0; seed < seeds; seed++)
    {
        foreach (var (sampler, searcher) in new (string, Func<IReadOnlyList<Observation>, int, IReadOnlyList<ParamValue>>)[]
        {
            ("tpe", new TpeSearcher(space, seed).Suggest),
            // Optuna 3.1.0's density (no 1/σ), to tell that difference from the rest.
            ("tpe-no-scale", new TpeSearcher(space, seed, new TpeOptions { DensityWithoutScale = true }).Suggest),
            ("random", (_, k) => Random(space, seed, k)),
        })
        {
            var history = new List<Observation>(trials);
            for (var k = 0; k < trials; k++) history.Add(evaluate(searcher(history, k)));
            var line = JsonSerializer.SerializeToNode(new { part, impl = "goldstone", sampler, function = name, seed }, json)!.AsObject();
            foreach (var (key, value) in JsonSerializer.SerializeToNode(result(history), json)!.AsObject().ToList())
                line[key] = value?.DeepClone();
            Console.WriteLine(line.ToJsonString(json));
        }
    }

    var tpe = new TpeSearcher(space, 0);
    var observations = Enumerable.Range(0, observed).Select(k => evaluate(Random(space, 1, k))).ToList();
    tpe.Suggest(observations, observed); // JIT and caches warm
    var seconds = new List<double>(repeats);
    for (var r = 0; r < repeats; r++)
    {
        var clock = Stopwatch.StartNew();
        tpe.Suggest(observations, observed + r);
        seconds.Add(clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine(JsonSerializer.Serialize(new { part = costPart, impl = "goldstone", sampler = "tpe", function = name, observed, seconds }, json));
}

static List<double> BestSoFar(List<Observation> history)
{
    var best = new List<double>(history.Count);
    foreach (var observation in history) best.Add(Math.Min(observation.Loss, best.Count == 0 ? double.PositiveInfinity : best[^1]));
    return best;
}

static IReadOnlyList<ParamValue> Random(IReadOnlyList<SpaceParam> space, long seed, int k)
{
    var random = SplitMixRandom.For(seed + 1_000_003, k);
    return space.Select(p => new ParamValue(p.Name, ParamType.Number, p.Low + (p.High - p.Low) * random.NextDouble(), null, false)).ToList();
}

static Dictionary<string, int> Args(string[] args)
{
    var options = new Dictionary<string, int>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || !int.TryParse(args[i + 1], out var value))
            throw new ArgumentException($"usage: Goldstone.Bench.Tpe [--multi-objective 1] [--trials N] [--seeds N] [--cost-observed N] [--cost-repeats N] (got '{args[i]}')");
        options[args[i][2..]] = value;
    }
    return options;
}
