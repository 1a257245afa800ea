using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Goldstone.Contracts;
using Microsoft.Extensions.Logging;
using Polly;

namespace Goldstone.Silo.Worker.Checkpoints;

/// <summary>
/// Checkpoints and attempt logs in an Azure Blob container, so that an attempt resumes on any silo. The trainer works
/// on a local staging copy under the data directory; per trial the container holds
/// <c>CAMPAIGN/INDEX/epoch-N/…</c> (the checkpoint's files), <c>CAMPAIGN/INDEX/epoch-N.manifest.json</c> (which
/// files, how long), <c>CAMPAIGN/INDEX/latest.json</c> (the trainer's own record of the latest checkpoint) and
/// <c>CAMPAIGN/INDEX/attempt-A.log</c>. A publish uploads the files, then the manifest, and only then replaces
/// <c>latest.json</c>: a reader that starts from <c>latest.json</c> never sees a torn checkpoint. The newest
/// <c>keep</c> epochs stay, so that a reader that read the previous <c>latest.json</c> still finds its files.
/// </summary>
public sealed class BlobCheckpointStore(
    BlobContainerClient container,
    string stagingRoot,
    ResiliencePipeline retry,
    ILogger<BlobCheckpointStore> logger) : ICheckpointStore
{
    /// <summary>The trainer's record of its latest checkpoint (trainer/Common/CheckpointStore.cs).</summary>
    public const string LatestFile = "latest.json";

    private const string ManifestSuffix = ".manifest.json";
    private const string EpochPrefix = "epoch-";
    // Not a Lazy<Task>: a failed creation (the store was down) must be tried again by the next attempt.
    private volatile bool _containerExists;

    /// <summary>The blob name prefix of a trial: <c>CAMPAIGN/INDEX/</c>.</summary>
    public static string Prefix(TrialConfig trial) => Prefix(trial.Campaign, trial.Index);

    /// <summary>The blob name prefix of trial <paramref name="index"/> of <paramref name="campaign"/>.</summary>
    public static string Prefix(string campaign, int index) => $"{campaign}/{index.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>Epochs kept for <paramref name="trial"/>: its spec's <c>checkpoints.keep</c> (at least 1).</summary>
    public static int KeepFor(TrialConfig trial) => Math.Max(1, trial.CheckpointKeep);

    /// <inheritdoc />
    /// <exception cref="CheckpointStoreException">The container cannot be read even after retries.</exception>
    public async Task<TrialFiles> PrepareAsync(TrialConfig trial, int attempt, CancellationToken cancellationToken)
    {
        var files = TrialFiles.Under(stagingRoot, trial, attempt);
        // The container is the truth: a local copy left by an earlier attempt on this silo may be older or foreign.
        if (Directory.Exists(files.CheckpointDir)) Directory.Delete(files.CheckpointDir, recursive: true);
        Directory.CreateDirectory(files.CheckpointDir);
        try
        {
            if (!_containerExists)
            {
                await retry.ExecuteAsync(async token => await container.CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
                _containerExists = true;
            }
            await DownloadLatestAsync(trial, files.CheckpointDir, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new CheckpointStoreException($"could not read the checkpoint of {trial.TrialKey} from container '{container.Name}': {Describe(e)}", e);
        }
        return files;
    }

    /// <inheritdoc />
    public async Task<bool> PublishAsync(TrialFiles files, int epoch, CancellationToken cancellationToken)
    {
        var trial = files.Trial;
        var name = EpochPrefix + epoch.ToString(CultureInfo.InvariantCulture);
        var prefix = Prefix(trial);
        try
        {
            // The trainer may have moved on to a newer checkpoint (and removed this one) before this report was read.
            var latest = await File.ReadAllBytesAsync(Path.Combine(files.CheckpointDir, LatestFile), cancellationToken);
            if (ReadLatest(latest)?.Directory != name) return Superseded(trial, epoch);
            var local = Path.Combine(files.CheckpointDir, name);
            var manifest = new List<ManifestEntry>();
            foreach (var path in Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(local, path).Replace(Path.DirectorySeparatorChar, '/');
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                await UploadAsync($"{prefix}{name}/{relative}", bytes, cancellationToken);
                manifest.Add(new ManifestEntry(relative, bytes.Length));
            }
            await UploadAsync(prefix + name + ManifestSuffix, JsonSerializer.SerializeToUtf8Bytes(manifest), cancellationToken);
            // Last: from here on a reader sees this epoch, complete.
            await UploadAsync(prefix + LatestFile, latest, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Superseded(trial, epoch);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning("Checkpoint {Epoch} of {Trial} was not published to container {Container} ({Error}); the trial keeps its previous one",
                epoch, trial.TrialKey, container.Name, Describe(e));
            return false;
        }
        await PruneAsync(trial, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task FinishAttemptAsync(TrialFiles files, CancellationToken cancellationToken)
    {
        if (!File.Exists(files.LogPath)) return;
        var blob = Prefix(files.Trial) + Path.GetFileName(files.LogPath);
        try
        {
            await UploadAsync(blob, await File.ReadAllBytesAsync(files.LogPath, cancellationToken), cancellationToken);
        }
        catch (RequestFailedException e)
        {
            // The log is diagnostics, and its local copy stays: a store outage must not turn a result into a failure.
            logger.LogWarning("The log of {Trial} attempt {Attempt} was not uploaded ({Error}); it stays at {Path}",
                files.Trial.TrialKey, files.Attempt, Describe(e), files.LogPath);
        }
    }

    /// <inheritdoc />
    public bool LiveLogs => false;

    /// <inheritdoc />
    /// <exception cref="CheckpointStoreException">The container cannot be read even after retries.</exception>
    public async Task<byte[]?> ReadLogAsync(string campaign, int index, int attempt, long offset, CancellationToken cancellationToken)
    {
        byte[]? log;
        try
        {
            log = await DownloadOrNullAsync(Prefix(campaign, index) + TrialFiles.LogName(attempt), cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new CheckpointStoreException($"could not read the log of {campaign} trial {index} attempt {attempt} from container '{container.Name}': {Describe(e)}", e);
        }
        return log is null ? null : offset >= log.Length ? [] : log[(int)offset..];
    }

    private async Task DownloadLatestAsync(TrialConfig trial, string checkpointDir, CancellationToken cancellationToken)
    {
        var prefix = Prefix(trial);
        var latest = await DownloadOrNullAsync(prefix + LatestFile, cancellationToken);
        if (latest is null) return;
        var name = ReadLatest(latest)?.Directory;
        if (name is null || !name.StartsWith(EpochPrefix, StringComparison.Ordinal) || name.Contains('/'))
        {
            logger.LogWarning("The latest checkpoint record of {Trial} is unreadable; the attempt starts afresh", trial.TrialKey);
            return;
        }
        var manifestBytes = await DownloadOrNullAsync(prefix + name + ManifestSuffix, cancellationToken);
        var manifest = manifestBytes is null ? null : JsonSerializer.Deserialize<List<ManifestEntry>>(manifestBytes);
        if (manifest is null)
        {
            logger.LogWarning("Checkpoint {Checkpoint} of {Trial} has no manifest; the attempt starts afresh", name, trial.TrialKey);
            return;
        }
        var partial = Path.Combine(checkpointDir, name + ".download");
        Directory.CreateDirectory(partial);
        foreach (var entry in manifest)
        {
            var target = Path.GetFullPath(Path.Combine(partial, entry.Path));
            var bytes = target.StartsWith(partial + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? await DownloadOrNullAsync($"{prefix}{name}/{entry.Path}", cancellationToken)
                : null;
            if (bytes is null || bytes.Length != entry.Length)
            {
                logger.LogWarning("Checkpoint {Checkpoint} of {Trial} lacks {File}; the attempt starts afresh", name, trial.TrialKey, entry.Path);
                Directory.Delete(partial, recursive: true);
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, bytes, cancellationToken);
        }
        Directory.Move(partial, Path.Combine(checkpointDir, name));
        // Last, as the trainer writes it: a directory without this record is never resumed from.
        await File.WriteAllBytesAsync(Path.Combine(checkpointDir, LatestFile), latest, cancellationToken);
    }

    private async Task PruneAsync(TrialConfig trial, CancellationToken cancellationToken)
    {
        var prefix = Prefix(trial);
        try
        {
            var blobs = await retry.ExecuteAsync(async token =>
            {
                var names = new List<string>();
                await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix + EpochPrefix, token)) names.Add(item.Name);
                return names;
            }, cancellationToken);
            var byEpoch = blobs.Select(b => (Blob: b, Epoch: EpochOf(b[prefix.Length..]))).Where(b => b.Epoch > 0).ToList();
            var kept = byEpoch.Select(b => b.Epoch).Distinct().OrderDescending().Take(KeepFor(trial)).ToHashSet();
            foreach (var (blob, _) in byEpoch.Where(b => !kept.Contains(b.Epoch)))
                await retry.ExecuteAsync(async token => await container.DeleteBlobIfExistsAsync(blob, cancellationToken: token), cancellationToken);
        }
        catch (RequestFailedException e)
        {
            // Old epochs cost space, not correctness; the next publish prunes again.
            logger.LogWarning("Old checkpoints of {Trial} were not pruned ({Error})", trial.TrialKey, Describe(e));
        }
    }

    /// <summary>N of <c>epoch-N/…</c> or <c>epoch-N.manifest.json</c>; 0 for anything else.</summary>
    private static int EpochOf(string name)
    {
        var digits = name.AsSpan(EpochPrefix.Length);
        var end = digits.IndexOfAny('/', '.');
        return end > 0 && int.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;
    }

    private Task UploadAsync(string blob, byte[] content, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(content), overwrite: true, token), cancellationToken).AsTask();

    private async Task<byte[]?> DownloadOrNullAsync(string blob, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async token => (await container.GetBlobClient(blob).DownloadContentAsync(token)).Value.Content.ToArray(), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private bool Superseded(TrialConfig trial, int epoch)
    {
        logger.LogDebug("Checkpoint {Epoch} of {Trial} was replaced before it was published", epoch, trial.TrialKey);
        return false;
    }

    private static LatestRecord? ReadLatest(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<LatestRecord>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Status and error code only: an exception's message may quote request headers.</summary>
    private static string Describe(RequestFailedException e) =>
        e.Status == 0 ? $"no response: {e.InnerException?.Message ?? e.GetType().Name}" : $"status {e.Status} {e.ErrorCode}";

    private sealed record LatestRecord(int Epoch, string Directory);

    private sealed record ManifestEntry(string Path, long Length);
}

/// <summary>The checkpoint store could not be reached; the message names the trial and the status, never a secret.</summary>
public sealed class CheckpointStoreException(string message, Exception inner) : Exception(message, inner);
