using System.Globalization;
using Goldstone.Contracts;

namespace Goldstone.Grains.Specs;

/// <summary>The first key that keeps a spec from growing an existing campaign, and why.</summary>
public sealed record SpecChange(string Key, string Why);

/// <summary>
/// Decides whether a spec only grows a campaign's spec: more seeds, more values in a <c>values</c> list, a wider
/// <c>int</c> range (grid), more <c>samples</c> (random). Every trial of the old spec is then a trial of the new one,
/// with the same parameters and seed; anything else would change or drop finished trials and is refused.
/// </summary>
public static class SpecGrowth
{
    /// <summary>What the refusal says may change.</summary>
    public const string Allowed = "a grown spec may only add seeds, values to a values list, widen an int range or raise samples";

    /// <summary>Null when <paramref name="grown"/> grows <paramref name="old"/> (or equals it); otherwise the first key, in spec order, that changed.</summary>
    public static SpecChange? FirstChange(CampaignSpec old, CampaignSpec grown)
    {
        if (old.Kind != grown.Kind) return Changed("kind", old.Kind, grown.Kind);
        if (ParamsChange(old.Params, grown.Params) is { } paramChange) return paramChange;
        if (SearchChange(old.Search, grown.Search) is { } searchChange) return searchChange;
        if (old.Seeds.Except(grown.Seeds).Any()) return new SpecChange("seeds", "a seed was removed");
        if (old.Epochs != grown.Epochs) return Changed("epochs", old.Epochs, grown.Epochs);
        if (RetryChange(old.Retry, grown.Retry) is { } retryChange) return retryChange;
        if (ResourceChange(old.Resources, grown.Resources) is { } resourceChange) return resourceChange;
        if (old.Checkpoints.Every != grown.Checkpoints.Every) return Changed("checkpoints.every", old.Checkpoints.Every, grown.Checkpoints.Every);
        if (old.Checkpoints.Keep != grown.Checkpoints.Keep) return Changed("checkpoints.keep", old.Checkpoints.Keep, grown.Checkpoints.Keep);
        // Decisions already taken stand on the old rule; a new rule would judge the new trials against them.
        if (old.Stopping != grown.Stopping) return new SpecChange("stopping", "the early-stopping rule changed");
        return TableChange(old.Table, grown.Table);
    }

    /// <summary>The stored specs of <paramref name="campaign"/>, parsed; each was valid when it was stored.</summary>
    /// <exception cref="InvalidOperationException">A stored spec no longer validates.</exception>
    public static IReadOnlyList<CampaignSpec> ParseStored(IReadOnlyList<string> texts, string campaign) =>
        texts.Select(text => SpecParser.Parse(text).Spec
            ?? throw new InvalidOperationException($"the stored spec of campaign '{campaign}' no longer validates")).ToList();

    /// <summary>The one-line refusal for <paramref name="change"/>.</summary>
    public static string Refusal(string source, string campaign, SpecChange change) =>
        $"error: {source}: campaign '{campaign}' already exists; '{change.Key}' changed ({change.Why}): {Allowed}";

    private static SpecChange? ParamsChange(IReadOnlyList<ParamValue> old, IReadOnlyList<ParamValue> grown)
    {
        foreach (var value in old)
        {
            var now = grown.FirstOrDefault(v => v.Name == value.Name);
            if (now is null) return new SpecChange($"params.{value.Name}", "it was removed");
            if (now != value) return Changed($"params.{value.Name}", ParamFormat.Value(value), ParamFormat.Value(now));
        }
        var added = grown.FirstOrDefault(v => old.All(o => o.Name != v.Name));
        return added is null ? null : new SpecChange($"params.{added.Name}", "it was added");
    }

    private static SpecChange? SearchChange(SearchSpec old, SearchSpec grown)
    {
        if (old.Algorithm != grown.Algorithm) return Changed("search.algorithm", Lower(old.Algorithm), Lower(grown.Algorithm));
        var random = old.Algorithm == SearchAlgorithm.Random;
        if (random && grown.Samples < old.Samples)
            return new SpecChange("search.samples", $"lowered from {Text(old.Samples)} to {Text(grown.Samples)}");
        if (random && old.Seed != grown.Seed) return Changed("search.seed", old.Seed, grown.Seed);
        foreach (var parameter in old.Space)
            if (grown.Space.All(p => p.Name != parameter.Name)) return new SpecChange($"search.space.{parameter.Name}", "it was removed");
        if (grown.Space.FirstOrDefault(p => old.Space.All(o => o.Name != p.Name)) is { } added)
            return new SpecChange($"search.space.{added.Name}", "it was added");
        // The order of the space is the order of a setting's name=value pairs and of the grid's expansion.
        if (!old.Space.Select(p => p.Name).SequenceEqual(grown.Space.Select(p => p.Name)))
            return new SpecChange("search.space", "its parameters were reordered");
        for (var i = 0; i < old.Space.Count; i++)
            if (SpaceParamChange(old.Space[i], grown.Space[i], random) is { } change) return change;
        return null;
    }

    private static SpecChange? SpaceParamChange(SpaceParam old, SpaceParam grown, bool random)
    {
        var key = $"search.space.{old.Name}";
        if (old.Distribution != grown.Distribution) return Changed(key, DistributionKey(old.Distribution), DistributionKey(grown.Distribution));
        key += "." + DistributionKey(old.Distribution);
        switch (old.Distribution)
        {
            case Distribution.Values:
                if (old.Values.Except(grown.Values).Any()) return new SpecChange(key, "a value was removed");
                // A random search draws each point from the whole list: another list moves every draw.
                if (random && !old.Values.SequenceEqual(grown.Values)) return new SpecChange(key, "a random search's draws would all change");
                return null;
            case Distribution.Int:
                if (grown.Low > old.Low || grown.High < old.High)
                    return new SpecChange(key, $"the range was narrowed from {Range(old)} to {Range(grown)}");
                if (random && (grown.Low != old.Low || grown.High != old.High)) return new SpecChange(key, "a random search's draws would all change");
                return null;
            default:
                return grown.Low != old.Low || grown.High != old.High ? Changed(key, Range(old), Range(grown)) : null;
        }
    }

    private static SpecChange? RetryChange(RetryPolicy old, RetryPolicy grown)
    {
        if (old.MaxAttempts != grown.MaxAttempts) return Changed("retries.max_attempts", old.MaxAttempts, grown.MaxAttempts);
        if (old.InitialDelaySeconds != grown.InitialDelaySeconds) return Changed("retries.backoff.initial_seconds", old.InitialDelaySeconds, grown.InitialDelaySeconds);
        if (old.MaxDelaySeconds != grown.MaxDelaySeconds) return Changed("retries.backoff.max_seconds", old.MaxDelaySeconds, grown.MaxDelaySeconds);
        return old.Jitter != grown.Jitter ? Changed("retries.backoff.jitter", Lower(old.Jitter), Lower(grown.Jitter)) : null;
    }

    private static SpecChange? ResourceChange(ResourceSpec old, ResourceSpec grown)
    {
        if (old.Slots != grown.Slots) return Changed("resources.slots", old.Slots, grown.Slots);
        if (old.Gpus != grown.Gpus) return Changed("resources.gpus", old.Gpus, grown.Gpus);
        if (old.Threads != grown.Threads) return Changed("resources.threads", old.Threads, grown.Threads);
        return old.TimeoutSeconds != grown.TimeoutSeconds ? Changed("resources.timeout_seconds", old.TimeoutSeconds, grown.TimeoutSeconds) : null;
    }

    private static SpecChange? TableChange(TableSpec old, TableSpec grown)
    {
        if (!old.Metrics.SequenceEqual(grown.Metrics)) return Changed("table.metrics", List(old.Metrics), List(grown.Metrics));
        if (!(old.Baseline ?? []).SequenceEqual(grown.Baseline ?? []))
            return Changed("table.baseline", Setting(old.Baseline), Setting(grown.Baseline));
        if (old.Correction != grown.Correction) return Changed("table.correction", Lower(old.Correction), Lower(grown.Correction));
        if (old.Trend != grown.Trend) return Changed("table.trend", old.Trend ?? "none", grown.Trend ?? "none");
        return old.LogScale.SequenceEqual(grown.LogScale) ? null : Changed("table.log_scale", List(old.LogScale), List(grown.LogScale));
    }

    private static SpecChange Changed<T>(string key, T old, T grown) where T : notnull =>
        new(key, $"{Text(old)} to {Text(grown)}");

    private static string Text(object value) => value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Lower(object value) => Text(value).ToLowerInvariant();

    private static string List(IEnumerable<string> values) => $"[{string.Join(", ", values)}]";

    private static string Setting(IReadOnlyList<ParamValue>? values) => values is null or [] ? "none" : ParamFormat.Setting(values);

    private static string Range(SpaceParam parameter) => $"[{Text(parameter.Low)}, {Text(parameter.High)}]";

    private static string DistributionKey(Distribution distribution) => distribution switch
    {
        Distribution.Values => "values",
        Distribution.Uniform => "uniform",
        Distribution.LogUniform => "log_uniform",
        _ => "int",
    };
}
