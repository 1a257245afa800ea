using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Goldstone.Grains.Telemetry;

/// <summary>
/// The Goldstone meter: what a campaign does, as counters, gauges and histograms that each silo exports on
/// <c>/metrics</c> (OpenTelemetry's Prometheus exporter turns <c>goldstone.trials.started</c> with unit
/// <c>{trial}</c> into <c>goldstone_trials_started_total</c>, and unit <c>s</c> into a <c>_seconds</c> suffix).
/// Trial counters carry the tags <c>campaign</c> and <c>kind</c>, never a trial's index or key: a campaign of 100,000
/// trials must not make 100,000 series. Every silo records what happens on it; Prometheus sums over silos.
/// </summary>
public static class GoldstoneMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c>.</summary>
    public const string MeterName = "Goldstone";

    private static readonly Meter Meter = new(MeterName, typeof(GoldstoneMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Attempts that began running in a trainer process (a retry counts again).</summary>
    public static readonly Counter<long> TrialsStarted = Meter.CreateCounter<long>("goldstone.trials.started", "{trial}", "Trial attempts started in a trainer");

    /// <summary>Trials that ended with a result.</summary>
    public static readonly Counter<long> TrialsSucceeded = Meter.CreateCounter<long>("goldstone.trials.succeeded", "{trial}", "Trials that succeeded");

    /// <summary>Trials that ended failed: their last allowed attempt failed.</summary>
    public static readonly Counter<long> TrialsFailed = Meter.CreateCounter<long>("goldstone.trials.failed", "{trial}", "Trials that failed with no attempt left");

    /// <summary>Failed attempts after which the trial runs again.</summary>
    public static readonly Counter<long> TrialsRetried = Meter.CreateCounter<long>("goldstone.trials.retried", "{trial}", "Failed attempts that will be retried");

    /// <summary>Trials that a cancelled campaign ended before they finished.</summary>
    public static readonly Counter<long> TrialsCancelled = Meter.CreateCounter<long>("goldstone.trials.cancelled", "{trial}", "Unfinished trials of cancelled campaigns");

    /// <summary>Trials stopped early by a stopping rule (a recorded state, not a failure).</summary>
    public static readonly Counter<long> TrialsStopped = Meter.CreateCounter<long>("goldstone.trials.stopped", "{trial}", "Trials stopped early by a stopping rule");

    /// <summary>Trials running in this silo's trainers now.</summary>
    public static readonly UpDownCounter<long> TrialsRunning = Meter.CreateUpDownCounter<long>("goldstone.trials.running", "{trial}", "Trials running on this silo");

    /// <summary>Wall time of one attempt in its trainer, by outcome (succeeded, failed, interrupted).</summary>
    public static readonly Histogram<double> TrialDuration = Meter.CreateHistogram("goldstone.trial.duration", "s", "Wall time of one trial attempt",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400] });

    /// <summary>How long a trial waited in the scheduler's queue before a worker leased it.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram("goldstone.trial.queue_wait", "s", "Time a trial waited in the queue before its lease",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400] });

    /// <summary>
    /// Wall time of one training epoch, from one epoch report to the next (an attempt's first also holds the
    /// trainer's start and the resume from a checkpoint).
    /// </summary>
    public static readonly Histogram<double> EpochDuration = Meter.CreateHistogram("goldstone.epoch.duration", "s", "Wall time of one training epoch",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });

    /// <summary>Training samples an epoch processed, per second of its wall time.</summary>
    public static readonly Histogram<double> SamplesPerSecond = Meter.CreateHistogram("goldstone.epoch.samples_per_second", null, "Training samples per second of an epoch",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 300, 1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7] });

    /// <summary>Leases the scheduler ended because their heartbeats stopped or their silo died.</summary>
    public static readonly Counter<long> LeasesExpired = Meter.CreateCounter<long>("goldstone.leases.expired", "{lease}", "Leases ended without a release (heartbeats stopped, or the silo died)");

    /// <summary>Calls to the cluster's store or the checkpoint store tried again after a transient failure.</summary>
    public static readonly Counter<long> StorageRetries = Meter.CreateCounter<long>("goldstone.storage.retries", "{retry}", "Storage and checkpoint calls retried after a transient failure");

    /// <summary>
    /// Trainer processes killed in an attempt and replaced: a crash or exit, an error report, malformed output, a
    /// timeout, or an attempt stopped (revoked, drained, cancelled). Warm trainers retired at their trial or memory
    /// limit are not counted.
    /// </summary>
    public static readonly Counter<long> TrainerRestarts = Meter.CreateCounter<long>("goldstone.trainer.restarts", "{process}",
        "Trainer processes killed in an attempt (crash, error, bad output, timeout, stop) and replaced");

    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> QueuedSources = new();
    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> CapacitySources = new();
    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> BusySources = new();

    static GoldstoneMetrics()
    {
        Meter.CreateObservableGauge("goldstone.trials.queued", () => QueuedSources.Values.SelectMany(s => s()), "{trial}",
            "Trials waiting in the scheduler's queue, by campaign (reported by the silo that hosts the scheduler)");
        Meter.CreateObservableGauge("goldstone.slots.capacity", () => CapacitySources.Values.SelectMany(s => s()), "{slot}",
            "Slots of this silo's worker, by slot type (cpu, gpu)");
        Meter.CreateObservableGauge("goldstone.slots.busy", () => BusySources.Values.SelectMany(s => s()), "{slot}",
            "Slots of this silo's worker that run a trial now, by slot type (cpu, gpu)");
    }

    /// <summary>Reports queued trials from <paramref name="source"/> until the returned handle is disposed.</summary>
    public static IDisposable ObserveQueued(Func<IEnumerable<Measurement<long>>> source) => Register(QueuedSources, source);

    /// <summary>Reports a worker's slots (<paramref name="capacity"/>) and its busy ones until the handle is disposed.</summary>
    public static IDisposable ObserveSlots(Func<IEnumerable<Measurement<long>>> capacity, Func<IEnumerable<Measurement<long>>> busy)
    {
        var first = Register(CapacitySources, capacity);
        var second = Register(BusySources, busy);
        return new Registration(() =>
        {
            first.Dispose();
            second.Dispose();
        });
    }

    /// <summary>
    /// Creates a campaign's trial counters at 0, so that a rate over them reads 0 rather than "no data" until the
    /// first failure, retry or cancellation.
    /// </summary>
    public static void InitializeTrialSeries(KeyValuePair<string, object?>[] tags)
    {
        foreach (var counter in (Counter<long>[])[TrialsStarted, TrialsSucceeded, TrialsFailed, TrialsRetried, TrialsCancelled, TrialsStopped])
            counter.Add(0, tags);
    }

    /// <summary>Creates this silo's lease, retry and restart counters at 0, for the same reason.</summary>
    public static void InitializeSiloSeries()
    {
        foreach (var reason in (string[])["heartbeat", "silo_dead"]) LeasesExpired.Add(0, new KeyValuePair<string, object?>("reason", reason));
        foreach (var store in (string[])["cluster", "checkpoints"]) StorageRetries.Add(0, new KeyValuePair<string, object?>("store", store));
        TrainerRestarts.Add(0);
    }

    /// <summary>The tags of a trial's counters.</summary>
    public static KeyValuePair<string, object?>[] TrialTags(string campaign, string kind) => [new("campaign", campaign), new("kind", kind)];

    private static IDisposable Register(ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> sources, Func<IEnumerable<Measurement<long>>> source)
    {
        var key = new object();
        sources[key] = source;
        return new Registration(() => sources.TryRemove(key, out _));
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
        }
    }
}
