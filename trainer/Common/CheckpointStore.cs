using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Common;

/// <summary>A checkpoint found on disk: the epoch it was taken after and the directory holding its files.</summary>
public sealed record Checkpoint(int Epoch, string Directory);

/// <summary>
/// A trial's checkpoints across attempts. Each checkpoint is a directory written in full under a temporary name
/// and then renamed, and <c>latest.json</c> is replaced atomically after it, so a kill at any moment leaves the
/// previous checkpoint intact. A checkpoint only resumes a request that trains the same thing: kind, seed,
/// threads and parameters are fingerprinted.
/// </summary>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest.json";
    private readonly string _root;
    private readonly string _fingerprint;
    private readonly bool _resume;
    private readonly ITrialReporter _reporter;

    private CheckpointStore(string root, string fingerprint, bool resume, ITrialReporter reporter)
    {
        _root = root;
        _fingerprint = fingerprint;
        _resume = resume;
        _reporter = reporter;
    }

    /// <summary>The store of a request, or null when the request names no checkpoint directory.</summary>
    public static CheckpointStore? For(TrialRequest request, ITrialReporter reporter) =>
        string.IsNullOrEmpty(request.CheckpointDir) ? null : new CheckpointStore(request.CheckpointDir, Fingerprint(request), request.Resume, reporter);

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

    /// <summary>Saves the state after <paramref name="epoch"/>: <paramref name="writeFiles"/> fills a fresh directory.</summary>
    public void Save(int epoch, Action<string> writeFiles)
    {
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

        var latestPath = Path.Combine(_root, LatestFile);
        var temporary = $"{latestPath}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new LatestRecord(epoch, name, _fingerprint)));
        File.Move(temporary, latestPath, overwrite: true);

        foreach (var old in System.IO.Directory.GetDirectories(_root, "epoch-*").Where(d => Path.GetFileName(d) != name && !d.Contains(".partial-")))
            DeleteIfPresent(old);
        _reporter.Checkpoint(epoch);
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
