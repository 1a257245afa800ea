using System.Diagnostics;
using System.Text.Json;
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
    MultiObjective(trials, seeds, observed, repeats, json);
    return 0;
}

foreach (var function in new[] { TestFunction.Branin, TestFunction.Hartmann6 })
{
    for (var seed = 0; seed < seeds; seed++)
    {
        foreach (var (sampler, searcher) in new (string, Func<IReadOnlyList<Observation>, int, IReadOnlyList<ParamValue>>)[]
        {
            ("tpe", new TpeSearcher(function.Space, seed).Suggest),
            // Optuna 3.1.0's density (no 1/σ), to tell that difference from the rest.
            ("tpe-no-scale", new TpeSearcher(function.Space, seed, new TpeOptions { DensityWithoutScale = true }).Suggest),
            ("random", (_, k) => Random(function.Space, seed, k)),
        })
        {
            var history = new List<Observation>(trials);
            var best = new List<double>(trials);
            for (var k = 0; k < trials; k++)
            {
                var point = searcher(history, k);
                var value = function.At(point);
                history.Add(new Observation(point, value));
                best.Add(Math.Min(value, best.Count == 0 ? double.PositiveInfinity : best[^1]));
            }
            Console.WriteLine(JsonSerializer.Serialize(new { part = "best", impl = "goldstone", sampler, function = function.Name, seed, best }, json));
        }
    }

    // The cost of a suggestion with `observed` finished trials (random points), as the campaign would pay it.
    var tpe = new TpeSearcher(function.Space, 0);
    var observations = Enumerable.Range(0, observed).Select(k => Random(function.Space, 1, k)).Select(p => new Observation(p, function.At(p))).ToList();
    tpe.Suggest(observations, observed); // JIT and caches warm
    var seconds = new List<double>(repeats);
    for (var r = 0; r < repeats; r++)
    {
        var clock = Stopwatch.StartNew();
        tpe.Suggest(observations, observed + r);
        seconds.Add(clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine(JsonSerializer.Serialize(new { part = "cost", impl = "goldstone", sampler = "tpe", function = function.Name, observed, seconds }, json));
}
return 0;

// MOTPE: the searcher sees loss vectors, so it splits by non-domination and hypervolume (grains/Search/ParetoSplit.cs).
// The lines carry every trial's losses in order; the summary computes the hypervolume after n trials, with one
// implementation (Optuna's WFG) for both sides, so that a difference in hypervolume code cannot show up as one in search.
static void MultiObjective(int trials, int seeds, int observed, int repeats, JsonSerializerOptions json)
{
    foreach (var function in new[] { MultiObjectiveFunction.Zdt1, MultiObjectiveFunction.Dtlz2 })
    {
        for (var seed = 0; seed < seeds; seed++)
        {
            foreach (var (sampler, searcher) in new (string, Func<IReadOnlyList<Observation>, int, IReadOnlyList<ParamValue>>)[]
            {
                ("tpe", new TpeSearcher(function.Space, seed).Suggest),
                // Optuna 3.1.0's density (no 1/σ): did it close the single-objective gap, does it here?
                ("tpe-no-scale", new TpeSearcher(function.Space, seed, new TpeOptions { DensityWithoutScale = true }).Suggest),
                ("random", (_, k) => Random(function.Space, seed, k)),
            })
            {
                var history = new List<Observation>(trials);
                for (var k = 0; k < trials; k++)
                {
                    var point = searcher(history, k);
                    history.Add(new Observation(point, function.At(point)));
                }
                var values = history.Select(o => o.Losses).ToList();
                Console.WriteLine(JsonSerializer.Serialize(new { part = "mo", impl = "goldstone", sampler, function = function.Name, seed, values }, json));
            }
        }

        // As the single-objective cost: `observed` finished trials at random points, one warm-up, then the timed calls.
        var tpe = new TpeSearcher(function.Space, 0);
        var observations = Enumerable.Range(0, observed).Select(k => Random(function.Space, 1, k)).Select(p => new Observation(p, function.At(p))).ToList();
        tpe.Suggest(observations, observed);
        var seconds = new List<double>(repeats);
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            tpe.Suggest(observations, observed + r);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(JsonSerializer.Serialize(new { part = "mo-cost", impl = "goldstone", sampler = "tpe", function = function.Name, observed, seconds }, json));
    }
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
