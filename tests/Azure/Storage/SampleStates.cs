using Goldstone.Contracts;
using Goldstone.Grains;

namespace Goldstone.Tests.Azure.Storage;

/// <summary>Grain states at the sizes the storage decision is measured at (docs/architecture.md, Azure storage).</summary>
public static class SampleStates
{
    /// <summary>Metric names like a robustness campaign's: a kind's metrics and a sweep of parametric ones.</summary>
    /// A fresh dictionary each call: Orleans' serializer writes a shared instance once, which real states never share.
    public static Dictionary<string, double> Metrics(int count, int salt = 0) =>
        Enumerable.Range(0, count).ToDictionary(m => $"robust_noise@0.{m:D2}", m => Math.PI * m + salt / 7.0);

    /// <summary>A full shard: 1,000 terminal records, every tenth failed with a long reason.</summary>
    public static TrialShardState FullShard(int metrics)
    {
        var reason = "the trainer was killed by signal 6 (SIGABRT); stderr: " + new string('x', 200);
        return new TrialShardState
        {
            MayBeBehind = true,
            Records = Enumerable.Range(0, TrialShards.Size).ToDictionary(i => i,
                i => new TrialRecord(i, i % 10 == 0 ? TrialStatus.Failed : TrialStatus.Succeeded, Metrics(metrics, i), i % 10 == 0 ? $"{reason} {i}" : null, 2, 3)),
        };
    }

    /// <summary>A succeeded trial after <paramref name="attempts"/> attempts of <paramref name="epochs"/> epochs each.</summary>
    public static TrialState Trial(int epochs, int metrics, int attempts = 1)
    {
        var values = Metrics(metrics);
        var config = new TrialConfig("robustness-study", 4711, "synthetic",
            [new ParamValue("x", ParamType.Number, 0.25, null, false), new ParamValue("y", ParamType.Number, 0.5, null, false)], 4711, epochs, 1, 1, 600,
            new RetryPolicy(3, 1, 10, true), values.Keys.ToList(), "x=0.25 y=0.5");
        var started = DateTimeOffset.UnixEpoch;
        return new TrialState
        {
            Config = config,
            Status = TrialStatus.Succeeded,
            Attempts = attempts,
            FailedAttempts = attempts - 1,
            History = Enumerable.Range(1, attempts).Select(a => new AttemptRecord(a, a == attempts ? "succeeded" : "failed",
                a == attempts ? null : "synthetic failure at epoch 3", "host:1234:abcdef@10.0.0.7:11111@123456789", started, started.AddMinutes(5))).ToList(),
            Metrics = Metrics(metrics, -1),
            Epochs = Enumerable.Range(1, attempts).SelectMany(a => Enumerable.Range(1, epochs).Select(e => new EpochReport(a, e, Metrics(metrics, e)))).ToList(),
            CurrentEpoch = epochs,
            Worker = "host:1234:abcdef@10.0.0.7:11111@123456789",
            CheckpointEpoch = epochs - 1,
        };
    }

    /// <summary>The registry after <paramref name="campaigns"/> campaigns with names of about 24 characters.</summary>
    public static CampaignRegistryState Registry(int campaigns) => new()
    {
        Campaigns = Enumerable.Range(0, campaigns).Select(c => new CampaignListing($"robustness-study-{c:D6}", "adversarial",
            CampaignStatus.Completed, 1000, DateTimeOffset.UnixEpoch.AddHours(c))).ToDictionary(l => l.Name, StringComparer.Ordinal),
    };

    /// <summary>A campaign whose spec text has <paramref name="specBytes"/> characters.</summary>
    public static CampaignState Campaign(int specBytes) => new()
    {
        SpecText = "name: big\nkind: synthetic\n" + new string('#', Math.Max(0, specBytes - 26)),
        Source = "big.yaml",
        Status = CampaignStatus.Running,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
