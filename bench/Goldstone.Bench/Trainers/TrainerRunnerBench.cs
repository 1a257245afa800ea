using System.Diagnostics;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Goldstone.Bench.Trainers;

/// <summary>
/// Synthetic no-op trials through one <see cref="TrainerRunner"/> in two slots: trials per second with warm trainer
/// processes and with a fresh process per trial (<c>TrialsPerProcess = 1</c>), and the warm trainers' resident memory.
/// The orchestrator's grains are not involved: this is the ceiling the trainer path sets.
/// </summary>
public static class TrainerRunnerBench
{
    private const int Slots = 2;
    private static readonly TrainerCallbacks Ignore = new((_, _) => Task.CompletedTask, _ => Task.CompletedTask);

    /// <summary>Runs <see cref="BenchArguments.Trials"/> trials warm, and a tenth of them (at least 20) fresh.</summary>
    public static async Task RunAsync(BenchArguments arguments)
    {
        var warmTrials = arguments.Trials;
        var freshTrials = Math.Max(20, arguments.Trials / 10);
        var warmRate = await MeasureAsync(WorkerOptions.DefaultTrialsPerProcess, warmTrials);
        var freshRate = await MeasureAsync(1, freshTrials);
        var resident = await ResidentAfterAsync(WorkerOptions.DefaultTrialsPerProcess - 1);
        new Measurement("trainers", $"synthetic no-op x{warmTrials}", "goldstone-warm", 1, "trials_per_second", "1/s", [warmRate]).Emit();
        new Measurement("trainers", $"synthetic no-op x{freshTrials}", "goldstone-fresh", 1, "trials_per_second", "1/s", [freshRate]).Emit();
        new Measurement("trainers", "synthetic no-op", "goldstone-warm", 1, "trainer_rss", "MiB", resident).Emit();
    }

    private static async Task<double> MeasureAsync(int trialsPerProcess, int trials)
    {
        await using var runner = Runner(trialsPerProcess);
        var logs = LogDirectory();
        // One trial per slot first, so that process start-up counts for the fresh runner only.
        await Task.WhenAll(Enumerable.Range(0, Slots).Select(slot => RunSlotAsync(runner, logs, slot, 1)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Slots).Select(slot => RunSlotAsync(runner, logs, slot, trials / Slots)));
        var rate = trials / Slots * Slots / clock.Elapsed.TotalSeconds;
        if (Directory.Exists(logs)) throw new InvalidOperationException($"silent trials left logs in {logs}");
        return rate;
    }

    /// <summary>Resident memory of each slot's trainer after <paramref name="trials"/> trials, before any replacement.</summary>
    private static async Task<IReadOnlyList<double>> ResidentAfterAsync(int trials)
    {
        await using var runner = Runner(WorkerOptions.DefaultTrialsPerProcess);
        await Task.WhenAll(Enumerable.Range(0, Slots).Select(slot => RunSlotAsync(runner, LogDirectory(), slot, trials)));
        return TrainerResidentMiB();
    }

    private static string LogDirectory() => Path.Combine(Path.GetTempPath(), $"goldstone-bench-trainers-{Environment.ProcessId}");

    private static TrainerRunner Runner(int trialsPerProcess)
    {
        var options = Options.Create(new GoldstoneOptions
        {
            Worker = new WorkerOptions { Slots = Slots, TrialsPerProcess = trialsPerProcess, TrainerPath = Path.Combine(AppContext.BaseDirectory, "Goldstone.Trainer.dll") },
        });
        return new TrainerRunner(new TrainerLocator(options), options, NullLogger<TrainerRunner>.Instance);
    }

    private static async Task RunSlotAsync(TrainerRunner runner, string logs, int slot, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var request = $$$"""{"kind":"synthetic","seed":{{{i}}},"trial":{{{i}}},"epochs":1,"params":{"x":0.5}}""";
            var result = await runner.RunAsync(new TrainerInvocation($"bench/{slot}-{i}#1", request, 1, TimeSpan.FromSeconds(60),
                Path.Combine(logs, $"{slot}-{i}.log")), Ignore, CancellationToken.None);
            if (!result.Succeeded) throw new InvalidOperationException($"a no-op trial failed: {result.FailureReason}");
        }
    }

    /// <summary>VmRSS of this process's trainer children (their command line names a trial file).</summary>
    private static IReadOnlyList<double> TrainerResidentMiB()
    {
        var resident = new List<double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(TrainerLocator.TrialFileArgument, StringComparison.Ordinal)) continue;
                var status = File.ReadAllLines(Path.Combine(directory, "status"));
                if (!status.Any(l => l == $"PPid:\t{Environment.ProcessId}")) continue;
                var rss = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                resident.Add(double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024);
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }
        return resident;
    }
}
