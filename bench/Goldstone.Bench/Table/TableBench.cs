using System.Diagnostics;
using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Grains.Analysis;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Goldstone.Bench.Table;

/// <summary>
/// The comparative table of a campaign of --trials synthetic outcomes (<see cref="SyntheticCampaign"/>): the spec
/// submitted to a campaign grain of an in-process silo without a worker, the outcomes recorded into its shard grains
/// through <see cref="ITrialShardGrain.RecordAsync"/> (no trainer processes), then the table queried cold (first
/// after the last outcome) and warm, default and grouped by penalty; also <see cref="TableBuilder.Build"/> alone, one
/// write of a full shard's state to SQLite (the largest write a table needs, whatever the campaign's size), and memory.
/// </summary>
public static class TableBench
{
    private const int InFlight = 16;
    private static readonly TableQuery Grouped = TableQuery.Default with { By = ["penalty"] };

    /// <summary>The <c>table</c> command.</summary>
    public static async Task RunAsync(BenchArguments arguments)
    {
        var trials = arguments.Trials;
        var warm = arguments.Small ? 3 : 10;
        var workload = $"{trials} outcomes";
        var definition = SyntheticCampaign.Definition($"bench-{trials}", trials);
        void Emit(string metric, string unit, IReadOnlyList<double> values)
        {
            new Measurement("table", workload, "goldstone", 0, metric, unit, values).Emit();
            Console.Error.WriteLine($"table {workload} {metric}: {Measurement.Median(values):G4} {unit}");
        }

        var clock = Stopwatch.StartNew();
        await using var silo = await BenchSilo.StartAsync();
        Emit("silo_start_s", "s", [clock.Elapsed.TotalSeconds]);
        // A silo that has served tables before (as during any campaign) has its scheduler active and the table code
        // compiled; a small campaign first gets it there, and shows what the very first table of a process costs.
        var warmUp = SyntheticCampaign.Definition("bench-warm-up", 1000);
        var grains = silo.Cluster.Client;
        var warmUpAggregator = grains.GetGrain<IAggregatorGrain>(warmUp.Campaign);
        await SubmitAsync(grains, warmUp.Campaign, 1000);
        await RecordAllAsync(grains, warmUp, 1000);
        Emit("first_table_in_process_1000_outcomes_s", "s", await RepeatAsync(1, () => warmUpAggregator.GetTableAsync(TableQuery.Default)));
        await warmUpAggregator.GetTableAsync(Grouped);
        var aggregator = silo.Cluster.Client.GetGrain<IAggregatorGrain>(definition.Campaign);
        var (heapBefore, rssBefore) = Memory();

        // The last few outcomes are held back: each one recorded clears the grain's table cache, so the tables asked
        // for after it are cold. Before all but the last, the grain's batched state write (which holds the grain's turn)
        // is let finish, so that those times are the table's own; the last one is asked for at once, as a client would
        // right after completion, and may wait behind that write.
        var held = arguments.Small ? 3 : 6;
        clock.Restart();
        await SubmitAsync(grains, definition.Campaign, trials);
        var slices = await RecordAllAsync(grains, definition, trials - held);
        var recording = clock.Elapsed.TotalSeconds;
        Emit("record_total_s", "s", [recording]);
        Emit("record_us_per_outcome", "µs", [recording / (trials - held) * 1e6]);
        Emit("record_us_per_outcome_by_tenth", "µs", slices);

        var cold = new List<double>();
        var groupedCold = new List<double>();
        CampaignTable? table = null, grouped = null;
        for (var index = trials - held; index < trials; index++)
        {
            await TrialShards.For(grains, definition.Campaign, index).RecordAsync(SyntheticCampaign.Outcome(definition, index));
            var last = index == trials - 1;
            if (!last) await SettleAsync(grains, definition, index);
            clock.Restart();
            table = await aggregator.GetTableAsync(TableQuery.Default);
            var seconds = clock.Elapsed.TotalSeconds;
            if (last) Emit("table_after_completion_s", "s", [seconds]);
            else cold.Add(seconds);
            clock.Restart();
            grouped = await aggregator.GetTableAsync(Grouped);
            seconds = clock.Elapsed.TotalSeconds;
            if (last) Emit("grouped_after_completion_s", "s", [seconds]);
            else groupedCold.Add(seconds);
        }
        Emit("table_cold_s", "s", cold);
        Emit("table_rows", "", [table!.Rows.Count]);
        Emit("table_warm_s", "s", await RepeatAsync(warm, () => aggregator.GetTableAsync(TableQuery.Default)));
        Emit("grouped_cold_s", "s", groupedCold);
        Emit("grouped_rows", "", [grouped!.Rows.Count]);
        Emit("grouped_warm_s", "s", await RepeatAsync(warm, () => aggregator.GetTableAsync(Grouped)));

        // Wait for the shards' batched writes (WriteInterval) before measuring what the process holds.
        await Task.Delay(TrialShardGrain.WriteInterval * 3);
        var (heapAfter, rssAfter) = Memory();
        Emit("managed_heap_growth_mb", "MB", [(heapAfter - heapBefore) / 1e6]);
        Emit("rss_growth_mb", "MB", [(rssAfter - rssBefore) / 1e6]);
        Emit("rss_mb", "MB", [rssAfter / 1e6]);

        var outcomes = Enumerable.Range(0, trials).Select(i => SyntheticCampaign.Outcome(definition, i)).ToList();
        Emit("build_default_s", "s", Repeat(warm, () => TableBuilder.Build(definition, outcomes, TableQuery.Default)));
        Emit("build_grouped_s", "s", Repeat(warm, () => TableBuilder.Build(definition, outcomes, Grouped)));
        Emit("state_write_s", "s", await WriteShardAsync(silo, definition, outcomes, arguments.Small ? 2 : 3));
        Emit("database_mb", "MB", [DatabaseBytes(silo) / 1e6]);
    }

    /// <summary>Submits the campaign's spec; with no worker in the silo its trials stay queued.</summary>
    private static async Task SubmitAsync(IGrainFactory grains, string campaign, int trials)
    {
        var result = await grains.GetGrain<ICampaignGrain>(campaign).SubmitAsync(SyntheticCampaign.Spec(campaign, trials), "bench.yaml");
        if (result.Outcome != SubmitOutcome.Created) throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    /// <summary>Waits until the shard's batched write of the outcome just recorded is over: after one write interval the
    /// timer has started it, and a call (a repeated outcome, which the grain ignores) is served only after it.</summary>
    private static async Task SettleAsync(IGrainFactory grains, TableDefinition definition, int index)
    {
        await Task.Delay(TrialShardGrain.WriteInterval * 1.5);
        await TrialShards.For(grains, definition.Campaign, index).RecordAsync(SyntheticCampaign.Outcome(definition, index));
    }

    /// <summary>Records outcomes 0 to count − 1 with a few calls in flight, as workers finishing trials in parallel would;
    /// returns the microseconds per outcome of each tenth, in order.</summary>
    private static async Task<List<double>> RecordAllAsync(IGrainFactory grains, TableDefinition definition, int count)
    {
        var slices = new List<double>();
        var clock = Stopwatch.StartNew();
        var sliceStart = 0;
        var pending = new List<Task>(InFlight);
        var tenth = Math.Max(1, count / 10);
        for (var index = 0; index < count; index++)
        {
            pending.Add(TrialShards.For(grains, definition.Campaign, index).RecordAsync(SyntheticCampaign.Outcome(definition, index)));
            if (pending.Count == InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
            if ((index + 1) % tenth == 0 || index + 1 == count)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                slices.Add(clock.Elapsed.TotalSeconds / (index + 1 - sliceStart) * 1e6);
                sliceStart = index + 1;
                clock.Restart();
            }
        }
        return slices;
    }

    /// <summary>Seconds of one write of a full shard's state (the first shard's records), through the silo's own SQLite
    /// grain storage (under another grain id): what a shard pays on each batched write, at any campaign size.</summary>
    private static async Task<List<double>> WriteShardAsync(BenchSilo silo, TableDefinition definition, List<TrialOutcome> outcomes, int repetitions)
    {
        var storage = silo.SiloServices.GetRequiredKeyedService<IGrainStorage>(GoldstoneNames.Storage);
        var state = new TrialShardState { Records = outcomes.Take(TrialShards.Size).ToDictionary(o => o.Index, TrialRecord.Of) };
        var grainState = new GrainState<TrialShardState>(state);
        var id = GrainId.Create("bench-shard", definition.Campaign);
        var seconds = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            await storage.WriteStateAsync("shard", id, grainState);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    private static async Task<List<double>> RepeatAsync(int repetitions, Func<Task> action)
    {
        var seconds = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    private static List<double> Repeat(int repetitions, Action action) =>
        Enumerable.Range(0, repetitions).Select(_ => Measurement.Seconds(action)).ToList();

    private static (long Heap, long Rss) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    private static long DatabaseBytes(BenchSilo silo) =>
        new DirectoryInfo(silo.DataDirectory).GetFiles("*.db*").Sum(f => f.Length);
}
