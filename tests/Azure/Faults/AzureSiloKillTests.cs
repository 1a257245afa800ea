using System.Text.Json;
using Azure.Storage.Blobs;
using Goldstone.Contracts;
using Goldstone.Silo.Hosting;
using Goldstone.Tests.Cluster.Faults;
using Goldstone.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Goldstone.Tests.Azure.Faults;

/// <summary>A fresh Azurite for the kill test, and the table of an uninterrupted embedded run of its (smaller) campaign.</summary>
public sealed class AzureChaosFixture : IAsyncLifetime
{
    public const string Campaign = "azure-chaos";

    /// <summary>Seeds per point: 30 trials, half the PostgreSQL campaign.</summary>
    public const int Seeds = 2;

    public const int Trials = 15 * Seeds;

    public static string Spec => ChaosSpec.Text(Campaign, Seeds);

    public AzuriteServer Azurite { get; private set; } = null!;

    /// <summary>table.md of the embedded run.</summary>
    public string EmbeddedTable { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartNewAsync();
        EmbeddedTable = await ChaosRun.EmbeddedTableAsync(Spec, Campaign);
    }

    public async Task DisposeAsync()
    {
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

/// <summary>Real silo processes start, die and start again: one class at a time beside the in-process azure silos.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzureFaultsCollection
{
    public const string Name = "azure faults";
}

/// <summary>
/// Three real <c>goldstone silo</c> processes on the azure provider against Azurite (membership and reminders in
/// Table, grain state in Blob) with checkpoints in the azure-blob store: a random silo SIGKILLed and started again,
/// three times. The campaign completes with one result per trial and the table of an uninterrupted embedded run, and
/// an attempt interrupted on one silo is continued from its blob checkpoint by its successor.
/// </summary>
[Collection(AzureFaultsCollection.Name)]
public sealed class AzureSiloKillTests(AzureChaosFixture fixture, ITestOutputHelper output) : IClassFixture<AzureChaosFixture>
{
    private const int Rounds = 3;
    private static readonly TimeSpan RoundInterval = TimeSpan.FromSeconds(4);

    private static readonly string[] Environment =
    [
        "Goldstone__Cluster__AdvertisedAddress=127.0.0.1",
        // No connection string of its own: the store falls back to the cluster's (Azurite).
        $"Goldstone__Checkpoints__Provider={CheckpointOptions.AzureBlob}",
    ];

    [Fact]
    public async Task KillRandomSilo_ThreeTimesMidCampaignOnAzure_CompletesWithOneResultPerTrialTheEmbeddedTableAndBlobResumes()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", AzureChaosFixture.Spec);
        await using var cluster = new SiloCluster(dir.Path, 3, 2, ClusterOptions.Azure, fixture.Azurite.ConnectionString, Environment);
        await cluster.StartAllAsync();
        var submit = await cluster.CliAsync("submit", "spec.yaml");
        Assert.True(submit.ExitCode == 0, $"submit exited {submit.ExitCode}:\n{submit.Stderr}");
        using var watch = cluster.StartCli("watch", AzureChaosFixture.Campaign);

        var kills = await ChaosRun.KillRandomSilosAsync(cluster, watch, Rounds, RoundInterval, new Random(20261203), output.WriteLine);

        await ChaosRun.AssertWatchSucceededAsync(watch, cluster, AzureChaosFixture.Campaign);
        // The margin of the smaller campaign over the kill rounds (they must all fall inside it).
        var completedAfterLastKill = (DateTimeOffset.UtcNow - kills[^1].At).TotalSeconds;
        await ChaosRun.AssertCompleteAndEqualAsync(dir.Path, cluster, AzureChaosFixture.Campaign, AzureChaosFixture.Trials, fixture.EmbeddedTable);
        var snapshots = await ClusterTrials.SnapshotsAsync(cluster.Gateways, AzureChaosFixture.Campaign, AzureChaosFixture.Trials);
        var recovery = ClusterTrials.RecoverySeconds(snapshots, kills);
        var resumes = Resumes(snapshots);
        Assert.Equal(0, ChaosRun.CountedTwice(snapshots));
        Assert.NotEmpty(recovery);
        Assert.True(resumes.Count > 0, "no successor of an interrupted attempt resumed from a checkpoint:\n" + Describe(snapshots));
        // The staging copy is rebuilt from the container for every attempt, so a resume read the blob checkpoint.
        var container = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient(new CheckpointOptions().Container);
        foreach (var (trial, _, _) in resumes)
            Assert.True((await container.GetBlobClient($"{AzureChaosFixture.Campaign}/{trial}/latest.json").ExistsAsync()).Value,
                $"trial {trial} resumed but has no latest.json in the container");

        var measurements = ChaosRun.KillMeasurements(ClusterOptions.Azure, kills.Count, AzureChaosFixture.Trials, snapshots, recovery);
        measurements["checkpoints"] = CheckpointOptions.AzureBlob;
        measurements["resumed_from_checkpoint"] = resumes.Count;
        measurements["resumed_on_another_silo"] = resumes.Count(r => r.OtherSilo);
        measurements["completed_after_last_kill_s"] = Math.Round(completedAfterLastKill, 2);
        var line = JsonSerializer.Serialize(measurements);
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }

    /// <summary>
    /// Successors of an interrupted attempt whose first reported epoch is above 1: they started from a checkpoint the
    /// interrupted attempt had published. OtherSilo: on another silo port than the interrupted attempt (a worker id
    /// ends in <c>@ADDRESS:PORT@GENERATION</c>); otherwise on the same silo started again.
    /// </summary>
    private static List<(int Trial, int Attempt, bool OtherSilo)> Resumes(IReadOnlyList<TrialSnapshot> snapshots)
    {
        var resumes = new List<(int, int, bool)>();
        foreach (var (trial, index) in snapshots.Select((s, i) => (s, i)))
            for (var i = 1; i < trial.Attempts.Count; i++)
            {
                var (before, after) = (trial.Attempts[i - 1], trial.Attempts[i]);
                if (before.Outcome == "succeeded") continue;
                var epochs = trial.Epochs.Where(e => e.Attempt == after.Number).Select(e => e.Epoch).ToList();
                if (epochs.Count > 0 && epochs.Min() > 1) resumes.Add((index, after.Number, SiloPort(before.Worker) != SiloPort(after.Worker)));
            }
        return resumes;
    }

    private static string SiloPort(string worker) => worker.Split('@') is { Length: >= 3 } parts ? parts[^2] : worker;

    private static string Describe(IReadOnlyList<TrialSnapshot> snapshots) => string.Join("\n", snapshots
        .Select((s, i) => (s, i)).Where(t => t.s.Attempts.Count > 1)
        .Select(t => $"trial {t.i}: attempts " + string.Join(", ", t.s.Attempts.Select(a => $"{a.Number} {a.Outcome} on {a.Worker}")) +
                     "; epochs " + string.Join(", ", t.s.Epochs.Select(e => $"{e.Attempt}:{e.Epoch}"))));
}
