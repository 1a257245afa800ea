using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Goldstone.Tests.EndToEnd;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol: one page, its console and log errors and uncaught
/// exceptions collected from the start. Disposing kills the browser and its children and removes its profile.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian's chromium package installs the browser.</summary>
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly StringBuilder _stderr = new();
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<string> _errors = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _reader;
    private string? _session;
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Errors seen so far: uncaught exceptions, console.error calls and log entries at level error.</summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) return _errors.ToList(); } }

    /// <summary>Starts the browser with a fresh profile and attaches to a blank page with Runtime, Log and Page enabled.</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's chromium package (apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("goldstone-chromium-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars", $"--user-data-dir={profile.FullName}",
            "--remote-debugging-port=0", "about:blank",
        }) start.ArgumentList.Add(arg);
        var browser = new HeadlessChromium(Process.Start(start)!, profile);
        try
        {
            browser._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (browser._stderr) browser._stderr.AppendLine(e.Data); };
            browser._process.OutputDataReceived += (_, _) => { };
            browser._process.BeginErrorReadLine();
            browser._process.BeginOutputReadLine();
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it chose and the browser target's path once it listens.
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var giveUp = DateTime.UtcNow + CommandTimeout;
        string[] lines;
        while (!File.Exists(portFile) || (lines = await File.ReadAllLinesAsync(portFile)).Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited ({_process.ExitCode}) before listening:\n{StandardError}");
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"chromium wrote no DevToolsActivePort within {CommandTimeout.TotalSeconds} s:\n{StandardError}");
            await Task.Delay(50);
        }
        await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), _stop.Token);
        _reader = Task.Run(ReadAsync);
        var target = await SendAsync("Target.createTarget", new { url = "about:blank" }, toPage: false);
        var attached = await SendAsync("Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, toPage: false);
        _session = attached.GetProperty("sessionId").GetString();
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" }) await SendAsync(domain);
    }

    /// <summary>Sends a command (to the page unless <paramref name="toPage"/> is false) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, bool toPage = true)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = toPage ? JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { }, sessionId = _session })
            : JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
        return await answer.Task.WaitAsync(CommandTimeout);
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await SendAsync("Page.navigate", new { url });
        if (result.TryGetProperty("errorText", out var error)) throw new InvalidOperationException($"cannot open {url}: {error.GetString()}");
        await _loaded.Task.WaitAsync(CommandTimeout);
    }

    /// <summary>The value of a JavaScript expression in the page; an exception in it fails the call.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var details)) throw new InvalidOperationException($"script failed: {details}");
        return result.GetProperty("result").GetProperty("value");
    }

    /// <summary>A PNG of the whole page at <paramref name="width"/> CSS pixels (height up to 8,000).</summary>
    public async Task<byte[]> ScreenshotAsync(int width = 1280)
    {
        await SendAsync("Emulation.setDeviceMetricsOverride", new { width, height = 800, deviceScaleFactor = 1, mobile = false });
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var height = (int)Math.Min(8000, Math.Ceiling(metrics.GetProperty("cssContentSize").GetProperty("height").GetDouble()));
        await SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
        var shot = await SendAsync("Page.captureScreenshot", new { format = "png" });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                using var json = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                Dispatch(json.RootElement.Clone());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or we are stopping; pending commands fail below.
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException($"chromium closed the connection:\n{StandardError}"));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
        {
            if (message.TryGetProperty("error", out var error)) answer.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
            else answer.TrySetResult(message.GetProperty("result"));
            return;
        }
        if (!message.TryGetProperty("method", out var method)) return;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        string? problem = method.GetString() switch
        {
            "Page.loadEventFired" => Loaded(),
            "Runtime.exceptionThrown" => $"uncaught exception: {parameters.GetProperty("exceptionDetails")}",
            "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert" => $"console.{parameters.GetProperty("type").GetString()}: {parameters.GetProperty("args")}",
            "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error" => $"log error: {parameters.GetProperty("entry")}",
            _ => null,
        };
        if (problem is not null) lock (_errors) _errors.Add(problem);
    }

    private string? Loaded()
    {
        _loaded.TrySetResult();
        return null;
    }

    /// <summary>Kills the browser and every process it started, then removes the profile.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it would not die in time: nothing more we can do from here.
        }
        if (_reader is not null) await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        _sending.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A child still writing into the profile as it dies; the temp directory is cleaned by the system.
        }
    }
}
