using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Goldstone.Trainer.Protocol;
using Goldstone.Files;

namespace Goldstone.Trainer.Common;

/// <summary>A checkpoint found on disk: the epoch it was taken after and the directory holding its files.</summary>
public sealed record Checkpoint(int Epoch, string Directory);

/// <summary>
/// A trial's checkpoints across attempts. Each checkpoint is a directory written in full under a temporary name
/// and then renamed, and <c>latest.json</c> is replaced atomically after it, so a kill at any moment leaves the
/// previous checkpoint intact; older directories are pruned only after that, down to the newest
/// <see cref="TrialRequest.CheckpointKeep"/>. A checkpoint only resumes a request that trains the same thing: kind,
/// seed, threads and parameters are fingerprinted (how often it checkpoints is not: that changes no result; nor is
/// the device, so that a checkpoint taken on a GPU resumes on the CPU or another GPU: kinds save tensors from CPU
/// copies and load them into tensors wherever those live).
/// </summary>
/// <remarks>
/// Whether an epoch is checkpointed is decided here, in <see cref="Save"/>, so kinds call it after every epoch: it
/// writes after epochs that are a multiple of <see cref="TrialRequest.CheckpointEvery"/> and after the last epoch,
/// whose state saves a retry the whole training when the final metrics (Hessians, attacks) are cut short. A kind may
/// still skip the last epoch itself when its final metrics are free to recompute (<c>synthetic</c> does).
/// </remarks>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest.json";
    private readonly string _root;
    private readonly string _fingerprint;
    private readonly bool _resume;
    private readonly int _every;
    private readonly int _keep;
    private readonly int _lastEpoch;
    private readonly ITrialReporter _reporter;

    private CheckpointStore(string root, string fingerprint, TrialRequest request, ITrialReporter reporter)
    {
        _root = root;
        _fingerprint = fingerprint;
        _resume = request.Resume;
        _every = request.CheckpointEvery;
        _keep = request.CheckpointKeep;
        _lastEpoch = request.Epochs;
        _reporter = reporter;
    }

    /// <summary>The store of a request, or null when the request names no checkpoint directory.</summary>
    /// <exception cref="TrialRequestException"><c>checkpoint_every</c> or <c>checkpoint_keep</c> is below 1.</exception>
    public static CheckpointStore? For(TrialRequest request, ITrialReporter reporter)
    {
        if (string.IsNullOrEmpty(request.CheckpointDir)) return null;
        if (request.CheckpointEvery < 1)
            throw new TrialRequestException($"checkpoint_every: {request.CheckpointEvery} is out of range (allowed: an integer >= 1)");
        if (request.CheckpointKeep < 1)
            throw new TrialRequestException($"checkpoint_keep: {request.CheckpointKeep} is out of range (allowed: an integer >= 1)");
        return new CheckpointStore(request.CheckpointDir, Fingerprint(request), request, reporter);
    }

    /// <summary>True when the state after <paramref name="epoch"/> is checkpointed: a multiple of every, or the last epoch.</summary>
    public bool IsDue(int epoch) => epoch % _every == 0 || epoch == _lastEpoch;

    /// <summary>The latest checkpoint to continue from, or null to start at epoch 1 (no resume asked, none taken, or a different training).</summary>
    public Checkpoint? Latest()
    {
        if (!_resume) return null;
        var latestPath = Path.Combine(_root, LatestFile);
        if (!File.Exists(latestPath)) return null;
        LatestRecord? latest;
        try
        {
            latest = JsonSerializer.Deserialize<LatestRecord>(File.ReadAllText(latestPath));
        }
        catch (JsonException e)
        {
            // Written atomically, so this is damage from outside; a fresh start is always correct, only slower.
            Console.Error.WriteLine($"checkpoint {latestPath} is unreadable ({e.Message}); starting afresh");
            return null;
        }
        if (latest is null || latest.Fingerprint != _fingerprint)
        {
            Console.Error.WriteLine($"checkpoint {latestPath} belongs to a different training; starting afresh");
            return null;
        }
        var directory = Path.Combine(_root, latest.Directory);
        if (System.IO.Directory.Exists(directory)) return new Checkpoint(latest.Epoch, directory);
        Console.Error.WriteLine($"checkpoint {latestPath} names {directory}, which is missing; starting afresh");
        return null;
    }

    /// <summary>
    /// Saves the state after <paramref name="epoch"/> when it is due (<see cref="IsDue"/>): <paramref name="writeFiles"/>
    /// fills a fresh directory. Returns false, having called nothing, when the epoch is skipped.
    /// </summary>
    public bool Save(int epoch, Action<string> writeFiles)
    {
        if (!IsDue(epoch)) return false;
        System.IO.Directory.CreateDirectory(_root);
        var name = $"epoch-{epoch.ToString(CultureInfo.InvariantCulture)}";
        // Process-unique scratch names: a superseded attempt still finishing its last epoch may save beside its successor.
        var partial = Path.Combine(_root, $"{name}.partial-{Environment.ProcessId}");
        if (System.IO.Directory.Exists(partial)) System.IO.Directory.Delete(partial, recursive: true);
        System.IO.Directory.CreateDirectory(partial);
        writeFiles(partial);
        var final = Path.Combine(_root, name);
        if (System.IO.Directory.Exists(final)) DeleteIfPresent(final);
        System.IO.Directory.Move(partial, final);

        AtomicFile.WriteAllText(Path.Combine(_root, LatestFile), JsonSerializer.Serialize(new LatestRecord(epoch, name, _fingerprint)));

        Prune(epoch);
        _reporter.Checkpoint(epoch);
        return true;
    }

    /// <summary>
    /// Keeps <paramref name="epoch"/>'s directory and the newest complete ones before it, <see cref="TrialRequest.CheckpointKeep"/>
    /// in all. Later epochs are removed too: they belong to a training that latest.json no longer names (another
    /// fingerprint, or an attempt that was superseded), and kept they would crowd out the checkpoint just written.
    /// </summary>
    private void Prune(int epoch)
    {
        var complete = new List<(int Epoch, string Directory)>();
        foreach (var directory in System.IO.Directory.GetDirectories(_root, "epoch-*"))
        {
            var suffix = Path.GetFileName(directory)["epoch-".Length..];
            // Scratch directories (epoch-N.partial-PID) do not parse; they belong to a save that may still be running.
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) complete.Add((number, directory));
        }
        var kept = complete.Where(c => c.Epoch <= epoch).OrderByDescending(c => c.Epoch).Take(_keep).Select(c => c.Directory).ToHashSet();
        foreach (var (_, directory) in complete)
        {
            if (!kept.Contains(directory)) DeleteIfPresent(directory);
        }
    }

    private static void DeleteIfPresent(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Another attempt of the same trial removed it first.
        }
    }

    /// <summary>What must be equal for a checkpoint to continue a request: kind, seed, threads, epochs and parameters.</summary>
    public static string Fingerprint(TrialRequest request)
    {
        var text = new StringBuilder();
        text.Append(request.Kind).Append('|').Append(request.Seed).Append('|').Append(request.Threads).Append('|').Append(request.Epochs);
        foreach (var (name, value) in request.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append('|').Append(name).Append('=').Append(value.GetRawText());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private sealed record LatestRecord(int Epoch, string Directory, string Fingerprint);
}
