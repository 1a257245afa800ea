using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Goldstone.Silo.Worker;

/// <summary>
/// The GPUs of this silo and which of them are free. A trial takes whole devices for the life of its attempt and
/// gives them back when it ends; a device is never given to two trials at once. The devices' ids are what the
/// trainer process gets as <c>CUDA_VISIBLE_DEVICES</c>.
/// </summary>
public sealed class GpuDevices
{
    /// <summary>How long <c>nvidia-smi</c> may take to list the devices.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly SortedSet<int> _free;

    /// <summary>A silo with these device ids, all free.</summary>
    public GpuDevices(IReadOnlyList<int> devices)
    {
        Devices = devices;
        _free = new SortedSet<int>(devices);
    }

    /// <summary>Every device id of this silo.</summary>
    public IReadOnlyList<int> Devices { get; }

    /// <summary>Devices not held by a trial now.</summary>
    public int Free
    {
        get
        {
            lock (_gate) return _free.Count;
        }
    }

    /// <summary>Takes <paramref name="count"/> free devices (lowest ids first); null when fewer are free.</summary>
    public IReadOnlyList<int>? Take(int count)
    {
        lock (_gate)
        {
            if (count > _free.Count) return null;
            var taken = _free.Take(count).ToList();
            foreach (var device in taken) _free.Remove(device);
            return taken;
        }
    }

    /// <summary>Gives devices back.</summary>
    public void Return(IReadOnlyList<int> devices)
    {
        lock (_gate)
            foreach (var device in devices)
                if (Devices.Contains(device) && !_free.Add(device)) throw new InvalidOperationException($"GPU {device} was returned twice");
    }

    /// <summary>The value of <c>CUDA_VISIBLE_DEVICES</c> for a trainer that owns <paramref name="devices"/> (empty: no GPU).</summary>
    public static string VisibleDevices(IReadOnlyList<int> devices) =>
        string.Join(',', devices.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// The devices of this silo: 0 to <paramref name="configured"/>-1 when the count is configured, otherwise those
    /// <paramref name="nvidiaSmi"/> lists (none when it is not installed or fails, with a log line that says so).
    /// </summary>
    public static GpuDevices Detect(int? configured, ILogger logger, string nvidiaSmi = "nvidia-smi")
    {
        if (configured is { } count)
        {
            logger.LogInformation("GPUs: {Count} (Goldstone:Worker:Gpus)", count);
            return new GpuDevices(Enumerable.Range(0, count).ToList());
        }
        var start = new ProcessStartInfo(nvidiaSmi)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--query-gpu=index", "--format=csv,noheader"]) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                logger.LogWarning("GPUs: none; {Command} did not answer within {Seconds} s (set Goldstone:Worker:Gpus)", nvidiaSmi, ProbeTimeout.TotalSeconds);
                return new GpuDevices([]);
            }
            if (process.ExitCode != 0)
            {
                logger.LogWarning("GPUs: none; {Command} exited with {Code}: {Error} (set Goldstone:Worker:Gpus)", nvidiaSmi, process.ExitCode, error.Result.Trim());
                return new GpuDevices([]);
            }
            var devices = ParseIndices(output.Result);
            logger.LogInformation("GPUs: {Count} found by {Command} ({Devices})", devices.Count, nvidiaSmi, VisibleDevices(devices));
            return new GpuDevices(devices);
        }
        catch (FormatException e)
        {
            logger.LogWarning("GPUs: none; {Error} (set Goldstone:Worker:Gpus)", e.Message);
            return new GpuDevices([]);
        }
        catch (Win32Exception)
        {
            logger.LogInformation("GPUs: none ({Command} is not installed); this silo takes CPU trials only", nvidiaSmi);
            return new GpuDevices([]);
        }
    }

    /// <summary>The device indices of <c>nvidia-smi --query-gpu=index --format=csv,noheader</c>: one integer a line.</summary>
    public static IReadOnlyList<int> ParseIndices(string output)
    {
        var devices = new List<int>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            devices.Add(int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0
                ? index
                : throw new FormatException($"nvidia-smi printed '{line}' where a GPU index was expected"));
        return devices;
    }
}
