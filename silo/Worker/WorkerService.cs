using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Schema.Protocol;
using Goldstone.Grains.Telemetry;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker.Checkpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using RetryPolicy = Goldstone.Contracts.RetryPolicy;

namespace Goldstone.Silo.Worker;

/// <summary>
/// Owns this silo's slots and GPUs: pulls leases from the scheduler for what is free, runs each leased trial in
/// trainer processes (one per attempt) with the trial's retry policy, on the GPUs it took for the lease
/// (<c>CUDA_VISIBLE_DEVICES</c>), renews leases by heartbeat. On shutdown (SIGTERM) it drains: it leases nothing more,
/// lets each running trial reach its next checkpoint (up to <see cref="WorkerOptions.DrainTimeout"/>), then stops its
/// trainer and hands the trial back as interrupted (not failed), so that it resumes elsewhere from that checkpoint.
/// </summary>
public sealed class WorkerService(
    IGrainFactory grains,
    TrainerRunner runner,
    GpuDevices gpus,
    ICheckpointStore checkpoints,
    IOptions<GoldstoneOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<WorkerService> logger) : BackgroundService
{
    private static readonly TimeSpan ProgressCoalescing = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, LeaseRun> _runs = new(StringComparer.Ordinal);
    private readonly ResiliencePipelineRegistry<RetryPolicy> _pipelines = new();
    private readonly SemaphoreSlim _slotFreed = new(0);
    private readonly SemaphoreSlim _progressed = new(0);
    private readonly WorkerOptions _options = options.Value.Worker;
    private readonly GrainCallRetry _retry = new(time, logger);

    /// <summary>
    /// This worker's name in leases and attempt records; it ends in <c>@</c> and the silo's address, so a trial grain
    /// can tell from the cluster's membership whether the worker of a running attempt may still be alive.
    /// </summary>
    public string WorkerId { get; } =
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}@{silo.SiloAddress.ToParsableString()}";

    /// <summary>True while the lease loop runs (readiness).</summary>
    public bool Running { get; private set; }

    /// <summary>True from the start of a shutdown: no new leases, running trials finish their epoch (readiness).</summary>
    public bool Draining { get; private set; }

    /// <summary>CPU slots this worker fills.</summary>
    public int Slots => _options.EffectiveSlots;

    /// <summary>GPUs this worker gives to trials.</summary>
    public int Gpus => gpus.Devices.Count;

    private ISchedulerGrain Scheduler => grains.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Worker {Worker} started with {Slots} slot(s) and {Gpus} GPU(s)", WorkerId, Slots, Gpus);
        GoldstoneMetrics.InitializeSiloSeries();
        using var slotGauges = GoldstoneMetrics.ObserveSlots(() => SlotMeasurements(Slots, Gpus), () => SlotMeasurements(BusySlots(), Gpus - gpus.Free));
        Running = true;
        var heartbeat = HeartbeatLoopAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = Draining ? 0 : Slots - BusySlots();
            if (free > 0 && await LeaseAsync(new WorkerCapacity(free, gpus.Free, Slots, Gpus), stoppingToken) > 0) continue;
            try
            {
                await _slotFreed.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Running = false;
        logger.LogInformation("Worker {Worker} stopping; interrupting {Count} trial(s)", WorkerId, _runs.Count);
        await Task.WhenAll(_runs.Values.Select(r => r.Task));
        await heartbeat;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Draining = true;
        var runs = _runs.Values.ToList();
        if (runs.Count > 0 && _options.DrainTimeout > TimeSpan.Zero)
        {
            logger.LogInformation("Worker {Worker} draining: {Count} trial(s) may reach their next checkpoint within {Seconds} s", WorkerId, runs.Count, _options.DrainTimeout.TotalSeconds);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.DrainTimeout);
            await Task.WhenAll(runs.Select(r => DrainAsync(r, limit.Token)));
        }
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Waits for the run's next checkpoint (or its end), then stops it; at the limit it is stopped anyway.</summary>
    private async Task DrainAsync(LeaseRun run, CancellationToken limit)
    {
        try
        {
            // Between two attempts (a retry's backoff) there is no checkpoint to wait for.
            if (run.Attempt > 0) await Task.WhenAny(run.NextCheckpoint(), run.Task).WaitAsync(limit);
            if (!run.Task.IsCompleted) logger.LogInformation("Trial {Trial} checkpointed at epoch {Epoch}; handing it back", run.Lease.Trial.TrialKey, run.Epoch);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Trial {Trial} reached no checkpoint within the drain timeout; handing it back from its last one", run.Lease.Trial.TrialKey);
        }
        run.Drain();
        await run.Task;
    }

    private int BusySlots() => _runs.Values.Sum(r => r.Lease.Trial.Slots);

    private Measurement<long>[] SlotMeasurements(int cpu, int gpu)
    {
        var siloTag = new KeyValuePair<string, object?>("silo", silo.SiloAddress.Endpoint.ToString());
        return [new(cpu, siloTag, new("slot_type", "cpu")), new(gpu, siloTag, new("slot_type", "gpu"))];
    }

    private async Task<int> LeaseAsync(WorkerCapacity capacity, CancellationToken stoppingToken)
    {
        IReadOnlyList<TrialLease> leases;
        try
        {
            leases = await Scheduler.LeaseAsync(WorkerId, capacity);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not lease trials; trying again");
            return 0;
        }
        foreach (var lease in leases)
        {
            // The scheduler leased only what fits what this worker said is free, and only this loop takes devices.
            if (gpus.Take(lease.Trial.Gpus) is not { } devices)
            {
                logger.LogError("The scheduler leased {Trial} asking {Gpus} GPU(s) with {Free} free; handing it back", lease.Trial.TrialKey, lease.Trial.Gpus, gpus.Free);
                await Scheduler.ReleaseAsync(lease.LeaseId, requeue: true);
                continue;
            }
            var run = new LeaseRun(lease, devices, time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
            _runs[lease.LeaseId] = run;
            run.Task = Task.Run(() => RunLeaseAsync(run, stoppingToken), CancellationToken.None);
        }
        return leases.Count;
    }

    private async Task RunLeaseAsync(LeaseRun run, CancellationToken stoppingToken)
    {
        var trial = run.Lease.Trial;
        var requeue = false;
        var deferred = false;
        try
        {
            var pipeline = _pipelines.GetOrAddPipeline(trial.Retry, (builder, context) =>
            {
                builder.TimeProvider = time;
                builder.AddRetry(RetryOptions(context.PipelineKey));
            });
            await pipeline.ExecuteAsync(async token => await RunAttemptAsync(run, token), run.Cancellation.Token);
        }
        catch (AttemptFailedException)
        {
            // Unreachable in practice: the trial allows a retry and Polly ran out first. Hand it back.
            requeue = true;
        }
        catch (AttemptSupersededException e)
        {
            logger.LogInformation("{Message}; stopped it", e.Message);
        }
        catch (TrialStoppedException e)
        {
            logger.LogInformation("{Message}; stopped its trainer", e.Message);
        }
        catch (TrialHeldElsewhereException e)
        {
            // A scheduler that lost its memory queued a trial that still runs elsewhere; its worker's heartbeat will
            // bring the lease back. Until then, hand it back for later rather than run it twice.
            logger.LogInformation("{Message}; trying again later", e.Message);
            deferred = true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || run.Drained)
        {
            requeue = true;
            await InterruptAsync(run, $"worker {WorkerId} shut down");
        }
        catch (AttemptInterruptedException e)
        {
            logger.LogWarning("Trial {Trial} attempt {Attempt} was stopped from outside ({Reason}); it will run again", trial.TrialKey, run.Attempt, e.Message);
            requeue = true;
            await InterruptAsync(run, e.Message);
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            // Requeue: for a lease the scheduler ended this is a no-op; for an attempt the trial superseded, the trial
            // is queued again, and if it is terminal its next start forwards its outcome.
            logger.LogInformation("Lease of trial {Trial} was revoked; its trainer was stopped", trial.TrialKey);
            requeue = true;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogError("Trial {Trial} could not be run here ({Error}); handing it back", trial.TrialKey, e.Message);
            requeue = true;
        }
        catch (Exception e)
        {
            // Anything else is a defect on this side; the attempt must still end, or the trial waits forever.
            logger.LogError(e, "Trial {Trial} attempt {Attempt} failed inside the worker", trial.TrialKey, run.Attempt);
            requeue = await FailAfterWorkerErrorAsync(run, e);
        }
        finally
        {
            // Out of the heartbeat first, so that no heartbeat after the release can bring the lease back.
            _runs.TryRemove(run.Lease.LeaseId, out _);
            try
            {
                if (deferred) await Scheduler.DeferAsync(run.Lease.LeaseId, 2 * _options.HeartbeatInterval);
                else await Scheduler.ReleaseAsync(run.Lease.LeaseId, requeue);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                logger.LogWarning(e, "Could not release the lease of {Trial}; it will expire", trial.TrialKey);
            }
            gpus.Return(run.Devices);
            run.Dispose();
            _slotFreed.Release();
        }
    }

    /// <summary>Records a worker-side error as a failed attempt; true when the trial should be queued again.</summary>
    private async Task<bool> FailAfterWorkerErrorAsync(LeaseRun run, Exception error)
    {
        if (run.Attempt == 0) return true;
        try
        {
            var trialGrain = grains.GetGrain<ITrialGrain>(run.Lease.Trial.TrialKey);
            var decision = await _retry.RunAsync(() => trialGrain.FailAttemptAsync(run.Attempt, $"worker error: {error.GetType().Name}: {error.Message}"), CancellationToken.None);
            if (decision.Outcome is not { } failed) return true;
            await ForwardAsync(failed);
            return false;
        }
        catch (Exception e)
        {
            // When in doubt, queue the trial again: a terminal trial's next start forwards its outcome, so an outcome
            // that never reached its shard (the error may have hit right after the trial finished) is not lost.
            logger.LogWarning("Could not record the worker error of {Trial}: {Error}", run.Lease.Trial.TrialKey, e.Message);
            return true;
        }
    }

    private static RetryStrategyOptions RetryOptions(RetryPolicy policy) => new()
    {
        // The trial grain decides whether another attempt is allowed; Polly spaces the attempts.
        ShouldHandle = new PredicateBuilder().Handle<AttemptFailedException>(),
        MaxRetryAttempts = Math.Max(1, policy.MaxAttempts - 1),
        BackoffType = DelayBackoffType.Exponential,
        Delay = TimeSpan.FromSeconds(policy.InitialDelaySeconds),
        MaxDelay = TimeSpan.FromSeconds(Math.Max(policy.InitialDelaySeconds, policy.MaxDelaySeconds)),
        UseJitter = policy.Jitter,
    };

    private async Task RunAttemptAsync(LeaseRun run, CancellationToken cancellationToken)
    {
        var config = run.Lease.Trial;
        var trialGrain = grains.GetGrain<ITrialGrain>(config.TrialKey);
        var start = await _retry.RunAsync(() => trialGrain.StartAttemptAsync(config, WorkerId), cancellationToken);
        if (!start.Run)
        {
            if (start.HeldBy is { } holder) throw new TrialHeldElsewhereException(config.TrialKey, holder);
            if (start.Outcome is { } finished) await ForwardAsync(finished);
            return;
        }
        run.Attempt = start.Attempt;
        run.Epoch = 0;
        // The attempt's local paths; its checkpoint directory holds the trial's latest published checkpoint.
        var files = await checkpoints.PrepareAsync(config, start.Attempt, cancellationToken);
        var invocation = new TrainerInvocation(
            $"{config.TrialKey}#{start.Attempt}",
            TrainerRequest.Json(config, start.Attempt, files.WorkDir, files.CheckpointDir),
            config.Threads,
            TimeSpan.FromSeconds(config.TimeoutSeconds),
            files.LogPath,
            GpuDevices.VisibleDevices(run.Devices));

        var tags = GoldstoneMetrics.TrialTags(config.Campaign, config.Kind);
        GoldstoneMetrics.InitializeTrialSeries(tags);
        GoldstoneMetrics.TrialsStarted.Add(1, tags);
        GoldstoneMetrics.TrialsRunning.Add(1, tags);
        var attemptClock = Stopwatch.StartNew();
        var epochClock = Stopwatch.StartNew();
        long? epochSamples = null;
        TrainerRunResult result;
        try
        {
            result = await runner.RunAsync(invocation, new TrainerCallbacks(
            OnEpoch: async (epoch, metrics) =>
            {
                var seconds = epochClock.Elapsed.TotalSeconds;
                epochClock.Restart();
                GoldstoneMetrics.EpochDuration.Record(seconds, tags);
                if (epochSamples is { } samples && seconds > 0) GoldstoneMetrics.SamplesPerSecond.Record(samples / seconds, tags);
                epochSamples = null;
                run.Epoch = epoch;
                if (_progressed.CurrentCount == 0) _progressed.Release();
                if (!await _retry.RunAsync(() => trialGrain.ReportEpochAsync(start.Attempt, epoch, metrics), cancellationToken))
                    await StoppedOrSupersededAsync(trialGrain, config, start.Attempt, tags);
            },
            OnCheckpoint: async epoch =>
            {
                // The trial records only a checkpoint the store has published.
                if (!await checkpoints.PublishAsync(files, epoch, cancellationToken)) return;
                if (!await _retry.RunAsync(() => trialGrain.ReportCheckpointAsync(start.Attempt, epoch), cancellationToken))
                    throw new AttemptSupersededException(config.TrialKey, start.Attempt);
                run.Checkpointed();
            },
            OnSamples: (_, samples) => epochSamples = samples), cancellationToken);
        }
        catch
        {
            GoldstoneMetrics.TrialDuration.Record(attemptClock.Elapsed.TotalSeconds, [.. tags, new("outcome", "interrupted")]);
            throw;
        }
        finally
        {
            GoldstoneMetrics.TrialsRunning.Add(-1, tags);
        }
        GoldstoneMetrics.TrialDuration.Record(attemptClock.Elapsed.TotalSeconds,
            [.. tags, new("outcome", result.Succeeded ? "succeeded" : result.StoppedBySignal || cancellationToken.IsCancellationRequested ? "interrupted" : "failed")]);
        // A finished result counts even if the lease was revoked or the silo is stopping meanwhile.
        if (!result.Succeeded)
        {
            // A trainer that died while this silo shuts down, or of a stop signal, was interrupted, not failed.
            cancellationToken.ThrowIfCancellationRequested();
            if (result.StoppedBySignal) throw new AttemptInterruptedException(result.FailureReason!);
        }

        if (result.Succeeded)
        {
            // A successful attempt adds nothing to its log: a silent trial leaves no file behind.
            await checkpoints.FinishAttemptAsync(files, CancellationToken.None);
            // Not cancellable: a finished result is kept even while the silo stops.
            var outcome = await _retry.RunAsync(() => trialGrain.CompleteAttemptAsync(start.Attempt, result.Metrics!, result.Profiles), CancellationToken.None);
            if (outcome is not null)
            {
                if (outcome.Status == TrialStatus.Succeeded) GoldstoneMetrics.TrialsSucceeded.Add(1, tags);
                await ForwardAsync(outcome);
            }
            return;
        }
        await AppendToLogAsync(invocation.LogPath, $"# attempt {start.Attempt}: failed: {result.FailureReason}");
        await checkpoints.FinishAttemptAsync(files, CancellationToken.None);
        logger.LogWarning("Trial {Trial} attempt {Attempt} failed: {Reason}", config.TrialKey, start.Attempt, result.FailureReason);
        // The attempt is over: from here the heartbeat must not report it as running (a heartbeat that reached the
        // trial after this failure would read "not current" and stop the run during its backoff).
        run.Attempt = 0;
        var decision = await _retry.RunAsync(() => trialGrain.FailAttemptAsync(start.Attempt, result.FailureReason!), CancellationToken.None);
        // Neither when the attempt was no longer current (superseded, or its campaign cancelled).
        if (decision.Retry) GoldstoneMetrics.TrialsRetried.Add(1, tags);
        else if (decision.Outcome is { Status: TrialStatus.Failed }) GoldstoneMetrics.TrialsFailed.Add(1, tags);
        if (decision.Outcome is { } failed) await ForwardAsync(failed);
        if (decision.Retry) throw new AttemptFailedException(result.FailureReason!);
    }

    /// <summary>
    /// After an epoch report the trial refused: when the stopping rule stopped it, forward its outcome and stop the
    /// trainer without a failure; otherwise the attempt was superseded.
    /// </summary>
    private async Task StoppedOrSupersededAsync(ITrialGrain trialGrain, TrialConfig config, int attempt, KeyValuePair<string, object?>[] tags)
    {
        if (config.Stopping is not null && await _retry.RunAsync(trialGrain.GetOutcomeAsync, CancellationToken.None) is { Status: TrialStatus.Stopped } stopped)
        {
            GoldstoneMetrics.TrialsStopped.Add(1, tags);
            await ForwardAsync(stopped);
            throw new TrialStoppedException(config.TrialKey, stopped.Reason);
        }
        throw new AttemptSupersededException(config.TrialKey, attempt);
    }

    private static Task AppendToLogAsync(string logPath, string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        return File.AppendAllTextAsync(logPath, line + "\n", CancellationToken.None);
    }

    private async Task ForwardAsync(TrialOutcome outcome) =>
        await _retry.RunAsync(() => TrialShards.For(grains, outcome.Campaign, outcome.Index).RecordAsync(outcome), CancellationToken.None);

    private async Task InterruptAsync(LeaseRun run, string reason)
    {
        if (run.Attempt == 0) return;
        try
        {
            await grains.GetGrain<ITrialGrain>(run.Lease.Trial.TrialKey).InterruptAttemptAsync(run.Attempt, reason);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The next attempt's start records this one as interrupted anyway.
            logger.LogWarning(e, "Could not record the interruption of {Trial}", run.Lease.Trial.TrialKey);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A heartbeat every interval, and soon after an epoch so that progress views see it.
                if (await _progressed.WaitAsync(_options.HeartbeatInterval, stoppingToken))
                    await Task.Delay(ProgressCoalescing, time, stoppingToken);
                var runs = _runs.Values.ToList();
                if (runs.Count == 0) continue;
                // The two heartbeats are independent and each bounded by the interval: a scheduler that is moving
                // (its silo died) must not silence the trial grains, nor one slow trial grain delay the renewal.
                await Task.WhenAll(RenewLeasesAsync(runs), HeartbeatTrialsAsync(runs));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }

    private async Task RenewLeasesAsync(IReadOnlyList<LeaseRun> runs)
    {
        try
        {
            var lost = await Scheduler.RenewAsync(WorkerId,
                runs.Select(r => new LeaseHeartbeat(r.Lease.LeaseId, r.Attempt, r.Epoch, r.Lease.Trial, r.LeasedAt)).ToList(),
                new WorkerCapacity(Math.Max(0, Slots - BusySlots()), gpus.Free, Slots, Gpus))
                .WaitAsync(_options.HeartbeatInterval);
            foreach (var leaseId in lost)
            {
                if (!_runs.TryGetValue(leaseId, out var run)) continue;
                logger.LogWarning("Lost the lease of {Trial}; stopping its trainer", run.Lease.Trial.TrialKey);
                run.Stop();
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogWarning("Heartbeat failed ({Error}); leases may expire", e.Message);
        }
    }

    /// <summary>Tells each running attempt's trial that it still runs (so no other worker takes it over); stops those superseded.</summary>
    private async Task HeartbeatTrialsAsync(IReadOnlyList<LeaseRun> runs)
    {
        var started = runs.Select(r => (Run: r, Attempt: r.Attempt)).Where(r => r.Attempt > 0).ToList();
        await Task.WhenAll(started.Select(async r =>
        {
            try
            {
                var current = await grains.GetGrain<ITrialGrain>(r.Run.Lease.Trial.TrialKey).HeartbeatAsync(r.Attempt).WaitAsync(_options.HeartbeatInterval);
                // Only the attempt that was asked about: the run may have moved on to its next attempt meanwhile.
                if (current || r.Run.Attempt != r.Attempt || !_runs.ContainsKey(r.Run.Lease.LeaseId)) return;
                logger.LogWarning("Attempt {Attempt} of {Trial} is no longer current; stopping its trainer", r.Attempt, r.Run.Lease.Trial.TrialKey);
                r.Run.Stop();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                logger.LogWarning("Heartbeat of {Trial} failed ({Error})", r.Run.Lease.Trial.TrialKey, e.Message);
            }
        }));
    }

    private sealed class LeaseRun(TrialLease lease, IReadOnlyList<int> devices, DateTimeOffset leasedAt, CancellationTokenSource cancellation) : IDisposable
    {
        private readonly Lock _gate = new();
        private bool _disposed;

        public TrialLease Lease { get; } = lease;
        public IReadOnlyList<int> Devices { get; } = devices;
        public DateTimeOffset LeasedAt { get; } = leasedAt;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public Task Task { get; set; } = Task.CompletedTask;
        public volatile int Attempt;
        public volatile int Epoch;
        private TaskCompletionSource _checkpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True once a drain stopped it: it is interrupted, not revoked.</summary>
        public bool Drained { get; private set; }

        /// <summary>Completes at the first checkpoint the trial records after this call.</summary>
        public Task NextCheckpoint()
        {
            lock (_gate) return _checkpoint.Task;
        }

        /// <summary>A checkpoint of this run was published and recorded.</summary>
        public void Checkpointed()
        {
            TaskCompletionSource reached;
            lock (_gate)
            {
                reached = _checkpoint;
                _checkpoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            reached.TrySetResult();
        }

        /// <summary>Stops the run because the worker shuts down.</summary>
        public void Drain()
        {
            lock (_gate)
            {
                Drained = true;
                if (!_disposed) Cancellation.Cancel();
            }
        }

        /// <summary>Stops the run; a no-op once it has ended (the heartbeat may learn of a lost lease late).</summary>
        public void Stop()
        {
            lock (_gate)
            {
                if (!_disposed) Cancellation.Cancel();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                Cancellation.Dispose();
            }
        }
    }
}

/// <summary>Builds the trainer's stdin request, the schema's <see cref="TrialRequest"/>, from a trial config.</summary>
public static class TrainerRequest
{
    /// <summary>The request JSON (snake_case, the trainer's protocol).</summary>
    public static string Json(TrialConfig config, int attempt, string workDir, string checkpointDir)
    {
        var request = new TrialRequest
        {
            Kind = config.Kind,
            Campaign = config.Campaign,
            Trial = config.Index,
            Attempt = attempt,
            Seed = config.Seed,
            Epochs = config.Epochs,
            Threads = config.Threads,
            Gpus = config.Gpus,
            Params = config.Params.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal),
            Metrics = [.. config.Metrics],
            WorkDir = workDir,
            CheckpointDir = checkpointDir,
            CheckpointEvery = config.CheckpointEvery,
            CheckpointKeep = config.CheckpointKeep,
            // Every attempt may continue from the trial's latest checkpoint; the trainer checks it fits.
            Resume = true,
        };
        return JsonSerializer.Serialize(request, ProtocolJson.Options);
    }
}
