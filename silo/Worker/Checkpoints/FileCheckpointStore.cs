using Goldstone.Contracts;

namespace Goldstone.Silo.Worker.Checkpoints;

/// <summary>
/// Checkpoints in a directory: the data directory on one machine, or a volume every silo mounts. The trainer writes
/// there itself (each checkpoint renamed into place, then <c>latest.json</c> replaced), so there is nothing to copy.
/// </summary>
public sealed class FileCheckpointStore(string root) : ICheckpointStore
{
    /// <summary>The directory trial directories are created in.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <inheritdoc />
    public Task<TrialFiles> PrepareAsync(TrialConfig trial, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult(TrialFiles.Under(Root, trial, attempt));

    /// <inheritdoc />
    public Task<bool> PublishAsync(TrialFiles files, int epoch, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    public Task FinishAttemptAsync(TrialFiles files, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public bool LiveLogs => true;

    /// <inheritdoc />
    public async Task<byte[]?> ReadLogAsync(string campaign, int index, int attempt, long offset, CancellationToken cancellationToken)
    {
        var path = Path.Combine(TrialFiles.WorkDirUnder(Root, campaign, index), TrialFiles.LogName(attempt));
        try
        {
            // The runner may be writing it: share it for writing, and read what is there now.
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset >= stream.Length) return [];
            stream.Seek(offset, SeekOrigin.Begin);
            var rest = new MemoryStream();
            await stream.CopyToAsync(rest, cancellationToken);
            return rest.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
