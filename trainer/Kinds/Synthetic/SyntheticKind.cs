using Goldstone.Schema;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Synthetic;

/// <summary>
/// A trial without TorchSharp: an analytic objective of <c>x</c> and <c>y</c>, with a configurable duration
/// and failure probability; with <c>profile_points</c> it also reports the score along x as a profile. For
/// orchestration tests and benchmarks.
/// </summary>
[TrialKind("synthetic")]
public sealed class SyntheticKind : ITrialKind
{
    // Bounds and defaults of every parameter; profile_points goes to 4096, above the 1024 values the silo keeps of a
    // profile, which the silo's tests rely on.
    private static KindDefinition Kind => KindCatalog.Synthetic;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var p = new TrialParameters(request.Params);
        var x = p.Double(Kind["x"]);
        var y = p.Double(Kind["y"]);
        var durationSeconds = p.Double(Kind["duration"]);
        var failProbability = p.Double(Kind["fail_prob"]);
        var failureMode = p.Choice(Kind["failure_mode"]);
        var noise = p.Double(Kind["noise"]);
        var profilePoints = p.Int(Kind["profile_points"]);
        p.RejectUnknown();

        // The attempt's fate depends on the trial seed, index and attempt only, so a campaign is reproducible.
        var fate = SplitMix64.Derive(request.Seed, request.Trial, request.Attempt, 0xFA11);
        var failsAt = fate.NextDouble() < failProbability ? 1 + fate.NextInt(request.Epochs) : 0;

        var score = 1.0 - (x - 0.5) * (x - 0.5) - (y + 0.25) * (y + 0.25);
        var seedNoise = SplitMix64.Derive(request.Seed, 0x5EED).NextNormal() * noise;
        var finalScore = score + seedNoise;
        var sleepPerEpoch = TimeSpan.FromSeconds(durationSeconds / request.Epochs);
        // The state after an epoch is the epoch number alone, so a checkpoint is an empty directory.
        var checkpoints = CheckpointStore.For(request, reporter);
        var resumedAfter = checkpoints?.Latest()?.Epoch ?? 0;

        for (var epoch = resumedAfter + 1; epoch <= request.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sleepPerEpoch > TimeSpan.Zero) Thread.Sleep(sleepPerEpoch);
            if (epoch == failsAt) Fail(failureMode, epoch);
            var progress = (double)epoch / request.Epochs;
            reporter.Epoch(epoch, new Dictionary<string, double> { ["loss"] = 1 - finalScore * progress });
            // After the last epoch nothing is left to resume: a one-epoch trial writes no checkpoint and leaves no directory.
            if (epoch < request.Epochs) checkpoints?.Save(epoch, _ => { });
        }

        if (profilePoints > 0) ReportScoreLine(reporter, profilePoints, y);
        return new Dictionary<string, double> { ["score"] = finalScore, ["loss"] = 1 - finalScore };
    }

    /// <summary>The noise-free score along x ∈ [0, 1] at the trial's y, as the profile <c>score_line</c>.</summary>
    private static void ReportScoreLine(ITrialReporter reporter, int points, double y)
    {
        var xs = Enumerable.Range(0, points).Select(i => points == 1 ? 0.0 : (double)i / (points - 1)).ToArray();
        var values = xs.Select(x => 1.0 - (x - 0.5) * (x - 0.5) - (y + 0.25) * (y + 0.25)).ToArray();
        reporter.Profile("score_line", xs, [], values);
    }

    private static void Fail(string mode, int epoch)
    {
        switch (mode)
        {
            case "error":
                throw new InvalidOperationException($"synthetic failure at epoch {epoch}");
            case "exit":
                Console.Error.WriteLine($"synthetic exit at epoch {epoch}");
                Environment.Exit(3);
                break;
            case "crash":
                // A native-style abort: no managed handler runs, like a libtorch terminate.
                Environment.FailFast($"synthetic crash at epoch {epoch}");
                break;
            case "malformed":
                Console.Out.Write("this is not json\n");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
                break;
            case "hang":
                Thread.Sleep(Timeout.Infinite);
                break;
        }
    }
}
