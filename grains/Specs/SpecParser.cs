using System.Globalization;
using System.Text.RegularExpressions;
using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Schema;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>
/// Parses and validates a campaign spec (YAML). Validation is complete: every problem is reported, each with its
/// line and key path, and a spec with any problem yields no <see cref="CampaignSpec"/>.
/// </summary>
public sealed partial class SpecParser
{
    private static readonly string[] TopLevelKeys = ["name", "kind", "params", "search", "seeds", "epochs", "retries", "resources", "checkpoints", "table", "stopping"];
    private static readonly string[] SearchKeys = ["algorithm", "samples", "seed", "space", "trials", "parallel", "objective", "objectives"];
    private static readonly string[] DistributionKeys = ["values", "uniform", "log_uniform", "int"];
    private static readonly string[] RetryKeys = ["max_attempts", "backoff"];
    private static readonly string[] BackoffKeys = ["initial_seconds", "max_seconds", "jitter"];
    private static readonly string[] ResourceKeys = ["slots", "gpus", "threads", "timeout_seconds"];
    private static readonly string[] CheckpointKeys = ["every", "keep"];
    private static readonly string[] TableKeys = ["baseline", "metrics", "correction", "trend", "log_scale", "stopped"];

    /// <summary>Most trials (points × seeds) a spec may expand to; more would not fit in memory and is almost surely a typo.</summary>
    public const int MaxTrials = 1_000_000;

    private readonly List<SpecError> _errors = [];

    private SpecParser()
    {
    }

    /// <summary>Parses <paramref name="text"/>; errors carry lines of that text.</summary>
    public static SpecParseResult Parse(string text)
    {
        var parser = new SpecParser();
        var spec = parser.ParseDocument(text);
        var errors = parser._errors.OrderBy(e => e.Line).ThenBy(e => e.Path, StringComparer.Ordinal).ToList();
        return new SpecParseResult(errors.Count == 0 ? spec : null, errors);
    }

    /// <summary>Reads and parses a spec file; an unreadable or empty file is an error like any other.</summary>
    public static SpecParseResult ParseFile(string path)
    {
        // .NET reports a directory as "access denied", which sends the user after permissions instead of the path.
        if (Directory.Exists(path))
            return new SpecParseResult(null, [new SpecError(0, "(file)", $"cannot read the file: {Path.GetFullPath(path)} is a directory (allowed: the path of a YAML spec file)")]);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new SpecParseResult(null, [new SpecError(0, "(file)", $"cannot read the file: {e.Message}")]);
        }
        return Parse(text);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    private CampaignSpec? ParseDocument(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(1, "(file)", "the file is empty (expected a mapping with name, kind, …)");
            return null;
        }
        YamlMappingNode root;
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count != 1)
            {
                Error(1, "(file)", $"expected one YAML document, found {stream.Documents.Count}");
                return null;
            }
            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                Error(Line(stream.Documents[0].RootNode), "(file)", "expected a mapping of keys (name, kind, …) at the top level");
                return null;
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            Error((int)Math.Max(1, e.Start.Line), "(file)", $"not valid YAML: {message.Trim()}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, without a position, on some malformed flow collections; the last event it
            // parsed is as close as we can get to the fault.
            Error((int)Math.Max(1, parser.LastNodeStart.Line), "(file)", "not valid YAML: cannot parse past this line (check for an unclosed '[', '{' or quote, or a stray ':')");
            return null;
        }

        var keys = Keys(root, "", TopLevelKeys);
        var name = RequiredString(root, keys, "name");
        if (name is not null && !NamePattern().IsMatch(name.Value.Text))
            Error(name.Value.Line, "name", $"'{name.Value.Text}' is not a valid campaign name (allowed: 1-64 of a-z, 0-9, '-', '_', starting with a letter or digit)");

        var kindNode = RequiredString(root, keys, "kind");
        KindDefinition? kind = null;
        if (kindNode is not null && !KindCatalog.Kinds.TryGetValue(kindNode.Value.Text, out kind))
            Error(kindNode.Value.Line, "kind", $"unknown kind '{kindNode.Value.Text}' (allowed: {KindCatalog.DescribeKinds()})");

        var fixedParams = keys.TryGetValue("params", out var paramsNode) ? ParseParams(paramsNode, kind) : [];
        var search = keys.TryGetValue("search", out var searchNode)
            ? ParseSearch(searchNode, kind)
            : new SearchSpec(SearchAlgorithm.Grid, 0, SpecDefaults.SearchSeed, []);
        foreach (var swept in search.Space)
        {
            if (fixedParams.Any(p => p.Name == swept.Name))
            {
                var fixedKey = ((YamlMappingNode)paramsNode!).Children.Keys.First(k => k is YamlScalarNode s && s.Value == swept.Name);
                Error(Line(fixedKey), $"params.{swept.Name}", $"'{swept.Name}' is both fixed in params and swept in search.space (allowed: one of the two)");
            }
        }

        var seeds = keys.TryGetValue("seeds", out var seedsNode) ? ParseSeeds(seedsNode) : Enumerable.Range(0, SpecDefaults.Seeds).Select(i => (long)i).ToList();
        var epochs = keys.TryGetValue("epochs", out var epochsNode) ? (int)(Integer(epochsNode, "epochs", 1, 100_000) ?? 1) : SpecDefaults.Epochs;
        var retry = keys.TryGetValue("retries", out var retriesNode) ? ParseRetry(retriesNode) : DefaultRetry;
        var resources = keys.TryGetValue("resources", out var resourcesNode) ? ParseResources(resourcesNode) : DefaultResources;
        var checkpoints = keys.TryGetValue("checkpoints", out var checkpointsNode) ? ParseCheckpoints(checkpointsNode) : DefaultCheckpoints;
        if (search.Algorithm == SearchAlgorithm.Tpe && seeds.Count != 1)
            Error(Line(seedsNode!), "seeds", $"algorithm: tpe runs each suggested point once, with one seed; got {seeds.Count} (allowed: seeds: 1 or a one-element list such as [7])");
        var points = search.Algorithm == SearchAlgorithm.Random ? search.Samples
            : search.Algorithm == SearchAlgorithm.Tpe ? search.Trials
            : search.Space.Aggregate(1.0, (count, p) => count * (p.Distribution == Distribution.Values ? p.Values.Count : p.High - p.Low + 1));
        if (points * seeds.Count > MaxTrials)
            Error(Line(searchNode!), "search", $"the spec expands to {Num(points * seeds.Count)} trials (allowed: at most {MaxTrials}; fewer values, samples or seeds)");
        var table = keys.TryGetValue("table", out var tableNode)
            ? ParseTable(tableNode, kind, search)
            : new TableSpec(null, kind?.DefaultMetrics ?? []);
        // The trials must report what the searcher optimises, and the table shows it (its Pareto front over them).
        var unlisted = search.Objectives.Select(o => o.Metric).Where(m => !table.Metrics.Contains(m)).ToList();
        if (unlisted.Count > 0) table = table with { Metrics = [.. table.Metrics, .. unlisted] };

        var stopping = keys.TryGetValue("stopping", out var stoppingNode) ? ParseStopping(stoppingNode, kind, epochs) : null;

        if (name is null || kind is null) return null;
        return new CampaignSpec(name.Value.Text, kind.Name, fixedParams, search, seeds, epochs, retry, resources, table, checkpoints)
        {
            Stopping = stopping,
        };
    }

    private static readonly RetryPolicy DefaultRetry = new(SpecDefaults.MaxAttempts, SpecDefaults.InitialDelaySeconds, SpecDefaults.MaxDelaySeconds, Jitter: false);
    private static readonly ResourceSpec DefaultResources = new(SpecDefaults.Slots, SpecDefaults.Threads, SpecDefaults.TimeoutSeconds);
    private static readonly CheckpointSpec DefaultCheckpoints = new(SpecDefaults.CheckpointEvery, SpecDefaults.CheckpointKeep);

    private List<ParamValue> ParseParams(YamlNode node, KindDefinition? kind)
    {
        var result = new List<ParamValue>();
        if (!Mapping(node, "params", out var mapping)) return result;
        foreach (var (keyNode, valueNode) in Entries(mapping, "params"))
        {
            var path = $"params.{keyNode.Value}";
            var schema = ParamSchemaOrError(kind, keyNode, path);
            if (schema is null) continue;
            var value = ParamValueOf(valueNode, path, schema);
            if (value is not null) result.Add(value);
        }
        return result;
    }

    private ParamSchema? ParamSchemaOrError(KindDefinition? kind, YamlScalarNode keyNode, string path)
    {
        if (kind is null) return null;
        var schema = kind.Param(keyNode.Value!);
        if (schema is null)
            Error(Line(keyNode), path, $"unknown parameter '{keyNode.Value}' for kind {kind.Name} (allowed: {string.Join(", ", kind.Params.Select(p => p.Name))})");
        return schema;
    }

    private ParamValue? ParamValueOf(YamlNode node, string path, ParamSchema schema)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(Line(node), path, $"expected a single value, got a {Describe(node)} (allowed: {schema.Describe()})");
            return null;
        }
        var typed = Scalar.Of(scalar);
        switch (schema.Kind)
        {
            case ParamKind.Choice:
                if (typed.Type != ScalarType.String || !schema.Choices!.Contains(typed.Text))
                {
                    Error(Line(node), path, $"'{typed.Text}' is not allowed (allowed: {schema.Describe()})");
                    return null;
                }
                return new ParamValue(schema.Name, ParamType.Text, 0, typed.Text, false);
            case ParamKind.Text:
                if (typed.Type != ScalarType.String)
                {
                    Error(Line(node), path, $"expected a string, got {typed.Text} (allowed: {schema.Describe()})");
                    return null;
                }
                return new ParamValue(schema.Name, ParamType.Text, 0, typed.Text, false);
            default:
                if (typed.Type is not (ScalarType.Integer or ScalarType.Real) || (schema.Kind == ParamKind.Integer && typed.Type != ScalarType.Integer))
                {
                    Error(Line(node), path, $"expected {(schema.Kind == ParamKind.Integer ? "an integer" : "a number")}, got '{typed.Text}' (allowed: {schema.Describe()})");
                    return null;
                }
                if (!schema.InRange(typed.Number))
                {
                    Error(Line(node), path, $"{typed.Text} is out of range (allowed: {schema.Describe()})");
                    return null;
                }
                return new ParamValue(schema.Name, ParamType.Number, typed.Number, null, false);
        }
    }

    private SearchSpec ParseSearch(YamlNode node, KindDefinition? kind)
    {
        var empty = new SearchSpec(SearchAlgorithm.Grid, 0, SpecDefaults.SearchSeed, []);
        if (!Mapping(node, "search", out var mapping)) return empty;
        var keys = Keys(mapping, "search", SearchKeys);

        var algorithm = SearchAlgorithm.Grid;
        if (keys.TryGetValue("algorithm", out var algorithmNode))
        {
            var text = String(algorithmNode, "search.algorithm");
            if (text == "random") algorithm = SearchAlgorithm.Random;
            else if (text == "tpe") algorithm = SearchAlgorithm.Tpe;
            else if (text is not null and not "grid")
                Error(Line(algorithmNode), "search.algorithm", $"unknown algorithm '{text}' (allowed: grid, random, tpe)");
        }

        var samples = 0;
        if (keys.TryGetValue("samples", out var samplesNode))
        {
            if (algorithm != SearchAlgorithm.Random)
                Error(Line(samplesNode), "search.samples", "only used with algorithm: random (allowed: remove it, or set algorithm: random)");
            else samples = (int)(Integer(samplesNode, "search.samples", 1, 1_000_000) ?? 0);
        }
        else if (algorithm == SearchAlgorithm.Random)
        {
            Error(Line(mapping), "search.samples", "required with algorithm: random (allowed: an integer >= 1)");
        }

        long seed = SpecDefaults.SearchSeed;
        if (keys.TryGetValue("seed", out var seedNode))
        {
            if (algorithm == SearchAlgorithm.Grid)
                Error(Line(seedNode), "search.seed", "only used with algorithm: random or tpe (allowed: remove it, or set algorithm: random or tpe)");
            else seed = Integer(seedNode, "search.seed", 0, long.MaxValue) ?? 0;
        }

        var space = new List<SpaceParam>();
        if (keys.TryGetValue("space", out var spaceNode) && Mapping(spaceNode, "search.space", out var spaceMapping))
        {
            foreach (var (keyNode, valueNode) in Entries(spaceMapping, "search.space"))
            {
                var path = $"search.space.{keyNode.Value}";
                var schema = ParamSchemaOrError(kind, keyNode, path);
                if (schema is null) continue;
                var parameter = ParseSpaceParam(valueNode, path, schema, algorithm);
                if (parameter is not null) space.Add(parameter);
            }
            if (spaceMapping.Children.Count == 0)
                Error(Line(spaceNode), "search.space", "is empty (allowed: one or more parameters, or leave out search)");
        }
        if (algorithm == SearchAlgorithm.Tpe && space.Count == 0 && !keys.ContainsKey("space"))
            Error(Line(mapping), "search.space", "required with algorithm: tpe (allowed: one or more parameters to search)");
        return ParseModelBased(mapping, keys, kind, new SearchSpec(algorithm, samples, seed, space));
    }

    private SpaceParam? ParseSpaceParam(YamlNode node, string path, ParamSchema schema, SearchAlgorithm algorithm)
    {
        if (!Mapping(node, path, out var mapping)) return null;
        var keys = Keys(mapping, path, DistributionKeys);
        if (keys.Count != 1)
        {
            if (keys.Count == 0 && mapping.Children.Count == 0)
                Error(Line(node), path, $"no distribution given (allowed: one of {string.Join(", ", DistributionKeys)})");
            else if (keys.Count > 1)
                Error(Line(node), path, $"give exactly one distribution, found {string.Join(", ", keys.Keys)} (allowed: one of {string.Join(", ", DistributionKeys)})");
            return null;
        }
        var (key, valueNode) = keys.First();
        var keyPath = $"{path}.{key}";
        if (key == "values")
        {
            if (valueNode is not YamlSequenceNode sequence)
            {
                Error(Line(valueNode), keyPath, $"expected a list, got a {Describe(valueNode)} (allowed: [{schema.Describe()}, …])");
                return null;
            }
            if (sequence.Children.Count == 0)
            {
                Error(Line(valueNode), keyPath, $"is empty (allowed: one or more of {schema.Describe()})");
                return null;
            }
            var values = new List<ParamValue>();
            var ok = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var value = ParamValueOf(sequence.Children[i], $"{keyPath}[{i}]", schema);
                if (value is null) { ok = false; continue; }
                if (values.Any(v => v == value))
                {
                    Error(Line(sequence.Children[i]), $"{keyPath}[{i}]", $"duplicate value {ParamFormat.Value(value)} (allowed: each value once)");
                    ok = false;
                    continue;
                }
                values.Add(value);
            }
            return ok ? new SpaceParam(schema.Name, Distribution.Values, values, 0, 0) : null;
        }

        var distribution = key switch { "uniform" => Distribution.Uniform, "log_uniform" => Distribution.LogUniform, _ => Distribution.Int };
        if (!schema.IsNumeric)
        {
            Error(Line(valueNode), keyPath, $"{schema.Name} is not numeric (allowed: values: [{schema.Describe()}])");
            return null;
        }
        if (distribution != Distribution.Int && algorithm == SearchAlgorithm.Grid)
        {
            Error(Line(valueNode), keyPath, "a continuous range cannot be enumerated by a grid (allowed: values or int with algorithm: grid, or algorithm: random)");
            return null;
        }
        if (distribution != Distribution.Int && schema.Kind == ParamKind.Integer)
        {
            Error(Line(valueNode), keyPath, $"{schema.Name} takes integers (allowed: int: [a, b] or values)");
            return null;
        }
        var range = Range(valueNode, keyPath, integer: distribution == Distribution.Int);
        if (range is null) return null;
        var (low, high) = range.Value;
        if (distribution == Distribution.Int ? low > high : low >= high)
        {
            Error(Line(valueNode), keyPath, $"range [{Num(low)}, {Num(high)}] is {(low == high ? "empty" : "inverted")} (allowed: [a, b] with a {(distribution == Distribution.Int ? "<=" : "<")} b)");
            return null;
        }
        if (distribution == Distribution.LogUniform && low <= 0)
        {
            Error(Line(valueNode), keyPath, $"a log range must stay above 0, got [{Num(low)}, {Num(high)}] (allowed: 0 < a < b)");
            return null;
        }
        if (!schema.InRange(low) || !schema.InRange(high))
        {
            Error(Line(valueNode), keyPath, $"range [{Num(low)}, {Num(high)}] leaves the parameter's domain (allowed: {schema.Describe()})");
            return null;
        }
        // Checked here, not only on the product: a grid enumerates the range, and the baseline check does so while parsing.
        if (distribution == Distribution.Int && algorithm == SearchAlgorithm.Grid && high - low + 1 > MaxTrials)
        {
            Error(Line(valueNode), keyPath, $"range [{Num(low)}, {Num(high)}] has {Num(high - low + 1)} values, too many for a grid (allowed: at most {MaxTrials} values, or algorithm: random)");
            return null;
        }
        return new SpaceParam(schema.Name, distribution, [], low, high);
    }

    private (double Low, double High)? Range(YamlNode node, string path, bool integer)
    {
        var expected = integer ? "[a, b] of integers" : "[a, b] of numbers";
        if (node is not YamlSequenceNode sequence || sequence.Children.Count != 2)
        {
            Error(Line(node), path, $"expected a pair, got {(node is YamlSequenceNode s ? $"a list of {s.Children.Count}" : "a " + Describe(node))} (allowed: {expected})");
            return null;
        }
        var bounds = new double[2];
        for (var i = 0; i < 2; i++)
        {
            var child = sequence.Children[i];
            var typed = child is YamlScalarNode scalar ? Scalar.Of(scalar) : default;
            var isNumber = child is YamlScalarNode && (typed.Type == ScalarType.Integer || (!integer && typed.Type == ScalarType.Real));
            if (!isNumber)
            {
                Error(Line(child), $"{path}[{i}]", $"expected {(integer ? "an integer" : "a number")}, got '{(child as YamlScalarNode)?.Value ?? Describe(child)}' (allowed: {expected})");
                return null;
            }
            bounds[i] = typed.Number;
        }
        return (bounds[0], bounds[1]);
    }

    private List<long> ParseSeeds(YamlNode node)
    {
        if (node is YamlSequenceNode sequence)
        {
            var seeds = new List<long>();
            if (sequence.Children.Count == 0) Error(Line(node), "seeds", "is empty (allowed: a count >= 1 or a list of distinct integers)");
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var seed = Integer(sequence.Children[i], $"seeds[{i}]", 0, long.MaxValue);
                if (seed is null) continue;
                if (seeds.Contains(seed.Value)) Error(Line(sequence.Children[i]), $"seeds[{i}]", $"duplicate seed {seed} (allowed: each seed once)");
                else seeds.Add(seed.Value);
            }
            return seeds;
        }
        var count = Integer(node, "seeds", 1, 100_000);
        return Enumerable.Range(0, (int)(count ?? 1)).Select(i => (long)i).ToList();
    }

    private RetryPolicy ParseRetry(YamlNode node)
    {
        if (!Mapping(node, "retries", out var mapping)) return DefaultRetry;
        var keys = Keys(mapping, "retries", RetryKeys);
        var maxAttempts = keys.TryGetValue("max_attempts", out var maxNode) ? (int)(Integer(maxNode, "retries.max_attempts", 1, 100) ?? 1) : SpecDefaults.MaxAttempts;
        var initial = SpecDefaults.InitialDelaySeconds;
        var max = SpecDefaults.MaxDelaySeconds;
        var jitter = false;
        if (keys.TryGetValue("backoff", out var backoffNode) && Mapping(backoffNode, "retries.backoff", out var backoff))
        {
            var backoffKeys = Keys(backoff, "retries.backoff", BackoffKeys);
            if (backoffKeys.TryGetValue("initial_seconds", out var initialNode)) initial = Number(initialNode, "retries.backoff.initial_seconds", 0, 86_400) ?? initial;
            if (backoffKeys.TryGetValue("max_seconds", out var maxDelayNode)) max = Number(maxDelayNode, "retries.backoff.max_seconds", 0, 86_400) ?? max;
            if (backoffKeys.TryGetValue("jitter", out var jitterNode)) jitter = Boolean(jitterNode, "retries.backoff.jitter") ?? false;
            if (max < initial)
                Error(Line(backoff), "retries.backoff", $"max_seconds {Num(max)} is below initial_seconds {Num(initial)} (allowed: max_seconds >= initial_seconds)");
        }
        return new RetryPolicy(maxAttempts, initial, max, jitter);
    }

    /// <summary>The most GPUs one trial may ask for (one node's worth, with room).</summary>
    public const int MaxGpus = 64;

    private ResourceSpec ParseResources(YamlNode node)
    {
        if (!Mapping(node, "resources", out var mapping)) return DefaultResources;
        var keys = Keys(mapping, "resources", ResourceKeys);
        var slots = keys.TryGetValue("slots", out var slotsNode) ? (int)(Integer(slotsNode, "resources.slots", 1, 1024) ?? 1) : SpecDefaults.Slots;
        var threads = keys.TryGetValue("threads", out var threadsNode) ? (int)(Integer(threadsNode, "resources.threads", 1, 1024) ?? 1) : SpecDefaults.Threads;
        var timeout = keys.TryGetValue("timeout_seconds", out var timeoutNode)
            ? Number(timeoutNode, "resources.timeout_seconds", 0.001, 30 * 86_400) ?? SpecDefaults.TimeoutSeconds
            : SpecDefaults.TimeoutSeconds;
        var gpus = keys.TryGetValue("gpus", out var gpusNode) ? (int)(Integer(gpusNode, "resources.gpus", 0, MaxGpus) ?? 0) : SpecDefaults.Gpus;
        return new ResourceSpec(slots, threads, timeout, gpus);
    }

    private CheckpointSpec ParseCheckpoints(YamlNode node)
    {
        if (!Mapping(node, "checkpoints", out var mapping)) return DefaultCheckpoints;
        var keys = Keys(mapping, "checkpoints", CheckpointKeys);
        var every = keys.TryGetValue("every", out var everyNode)
            ? (int)(Integer(everyNode, "checkpoints.every", 1, 100_000) ?? SpecDefaults.CheckpointEvery)
            : SpecDefaults.CheckpointEvery;
        var keep = keys.TryGetValue("keep", out var keepNode)
            ? (int)(Integer(keepNode, "checkpoints.keep", 1, 1000) ?? SpecDefaults.CheckpointKeep)
            : SpecDefaults.CheckpointKeep;
        return new CheckpointSpec(every, keep);
    }

    private TableSpec ParseTable(YamlNode node, KindDefinition? kind, SearchSpec search)
    {
        var metrics = kind?.DefaultMetrics ?? [];
        if (!Mapping(node, "table", out var mapping)) return new TableSpec(null, metrics);
        var keys = Keys(mapping, "table", TableKeys);

        if (keys.TryGetValue("metrics", out var metricsNode))
        {
            if (metricsNode is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            {
                Error(Line(metricsNode), "table.metrics", $"expected a non-empty list (allowed: {kind?.DescribeMetrics() ?? "the kind's metrics"})");
            }
            else
            {
                var names = new List<string>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var metric = String(sequence.Children[i], $"table.metrics[{i}]");
                    if (metric is null || kind is null) continue;
                    if (!kind.HasMetric(metric))
                        Error(Line(sequence.Children[i]), $"table.metrics[{i}]", $"unknown metric '{metric}' for kind {kind.Name} (allowed: {kind.DescribeMetrics()})");
                    else if (names.Contains(metric))
                        Error(Line(sequence.Children[i]), $"table.metrics[{i}]", $"duplicate metric '{metric}' (allowed: each metric once)");
                    else names.Add(metric);
                }
                metrics = names;
            }
        }

        List<ParamValue>? baseline = null;
        if (keys.TryGetValue("baseline", out var baselineNode) && Mapping(baselineNode, "table.baseline", out var baselineMapping))
        {
            if (search.Algorithm == SearchAlgorithm.Tpe)
            {
                Error(Line(baselineNode), "table.baseline", "a tpe search has no fixed points to compare with (allowed: a baseline with algorithm: grid)");
                return new TableSpec(null, metrics);
            }
            if (search.Algorithm == SearchAlgorithm.Random)
            {
                // Its values cannot be checked against a continuous range; the one error says all there is to say.
                Error(Line(baselineNode), "table.baseline", "a random search has no fixed points to compare with (allowed: a baseline with algorithm: grid)");
                return new TableSpec(null, metrics);
            }
            baseline = [];
            foreach (var (keyNode, valueNode) in Entries(baselineMapping, "table.baseline"))
            {
                var path = $"table.baseline.{keyNode.Value}";
                var swept = search.Space.FirstOrDefault(p => p.Name == keyNode.Value);
                if (swept is null)
                {
                    var sweptNames = search.Space.Count == 0 ? "none: nothing is swept" : string.Join(", ", search.Space.Select(p => p.Name));
                    Error(Line(keyNode), path, $"'{keyNode.Value}' is not a swept parameter (allowed: {sweptNames})");
                    continue;
                }
                var schema = kind?.Param(swept.Name);
                if (schema is null) continue;
                var value = ParamValueOf(valueNode, path, schema);
                if (value is null) continue;
                var candidates = Grid.ValuesOf(swept);
                if (!candidates.Contains(value))
                {
                    Error(Line(valueNode), path, $"{ParamFormat.Value(value)} is not a point of the space (allowed: {string.Join(", ", candidates.Select(ParamFormat.Value))})");
                    continue;
                }
                baseline.Add(value);
            }
            // Missing means not written: a value that is written but wrong has its own error already.
            var missing = search.Space.Where(p => baselineMapping.Children.Keys.All(k => (k as YamlScalarNode)?.Value != p.Name)).Select(p => p.Name).ToList();
            if (missing.Count > 0)
                Error(Line(baselineNode), "table.baseline", $"missing swept parameter(s) {string.Join(", ", missing)} (allowed: a value for every swept parameter)");
            baseline = baseline.OrderBy(b => search.Space.ToList().FindIndex(p => p.Name == b.Name)).ToList();
        }
        return new TableSpec(baseline, metrics) with
        {
            Correction = ParseCorrection(keys),
            Trend = ParseTrend(keys, search),
            LogScale = ParseLogScale(keys, metrics),
            Stopped = ParseStoppedTrials(keys),
        };
    }

    // ---- node helpers ---------------------------------------------------------------------------------------

    private bool Mapping(YamlNode node, string path, out YamlMappingNode mapping)
    {
        if (node is YamlMappingNode m)
        {
            mapping = m;
            return true;
        }
        Error(Line(node), path, $"expected a mapping of keys, got a {Describe(node)}");
        mapping = null!;
        return false;
    }

    /// <summary>The entries of a mapping, with non-scalar or duplicate keys reported.</summary>
    private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode mapping, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode scalarKey || string.IsNullOrEmpty(scalarKey.Value))
            {
                Error(Line(key), path, "keys must be plain names");
                continue;
            }
            if (!seen.Add(scalarKey.Value))
            {
                Error(Line(key), Join(path, scalarKey.Value), $"duplicate key '{scalarKey.Value}' (allowed: each key once)");
                continue;
            }
            yield return (scalarKey, value);
        }
    }

    /// <summary>A mapping's entries by name; unknown and duplicate keys are reported.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string path, string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(mapping, path))
        {
            if (!allowed.Contains(key.Value!))
            {
                Error(Line(key), Join(path, key.Value!), $"unknown key '{key.Value}' (allowed: {string.Join(", ", allowed)})");
                continue;
            }
            result[key.Value!] = value;
        }
        return result;
    }

    private (string Text, int Line)? RequiredString(YamlMappingNode root, Dictionary<string, YamlNode> keys, string key)
    {
        if (!keys.TryGetValue(key, out var node))
        {
            Error(Line(root), key, key == "kind" ? $"required (allowed: {KindCatalog.DescribeKinds()})" : "required");
            return null;
        }
        var text = String(node, key);
        return text is null ? null : (text, Line(node));
    }

    private string? String(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && Scalar.Of(scalar) is { Type: ScalarType.String } typed && typed.Text.Length > 0)
            return typed.Text;
        Error(Line(node), path, $"expected a string, got {(node is YamlScalarNode s ? $"'{s.Value}'" : "a " + Describe(node))}");
        return null;
    }

    private long? Integer(YamlNode node, string path, long min, long max)
    {
        var allowed = max == long.MaxValue ? $"an integer >= {min}" : $"an integer from {min} to {max}";
        if (node is not YamlScalarNode scalar || Scalar.Of(scalar) is not { Type: ScalarType.Integer } typed)
        {
            Error(Line(node), path, $"expected an integer, got {(node is YamlScalarNode s ? $"'{s.Value}'" : "a " + Describe(node))} (allowed: {allowed})");
            return null;
        }
        if (typed.Integer < min || typed.Integer > max)
        {
            Error(Line(node), path, $"{typed.Integer} is out of range (allowed: {allowed})");
            return null;
        }
        return typed.Integer;
    }

    private double? Number(YamlNode node, string path, double min, double max)
    {
        var allowed = $"a number from {Num(min)} to {Num(max)}";
        if (node is not YamlScalarNode scalar || Scalar.Of(scalar) is not { Type: ScalarType.Integer or ScalarType.Real } typed)
        {
            Error(Line(node), path, $"expected a number, got {(node is YamlScalarNode s ? $"'{s.Value}'" : "a " + Describe(node))} (allowed: {allowed})");
            return null;
        }
        if (typed.Number < min || typed.Number > max)
        {
            Error(Line(node), path, $"{typed.Text} is out of range (allowed: {allowed})");
            return null;
        }
        return typed.Number;
    }

    private bool? Boolean(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && Scalar.Of(scalar) is { Type: ScalarType.Boolean } typed) return typed.Boolean;
        Error(Line(node), path, $"expected true or false, got {(node is YamlScalarNode s ? $"'{s.Value}'" : "a " + Describe(node))}");
        return null;
    }

    private void Error(int line, string path, string message) => _errors.Add(new SpecError(line, path, message));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static int Line(YamlNode node) => (int)Math.Max(1, node.Start.Line);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A parser that remembers where its last scalar or collection started (end events carry no useful position).</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastNodeStart { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is YamlDotNet.Core.Events.Scalar or SequenceStart or MappingStart or AnchorAlias) LastNodeStart = inner.Current.Start;
            return moved;
        }
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
