using System.Text.Json;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer;

/// <summary>
/// The trainer process's loop: reads one request per line, runs it, reports on stdout, and ends each trial's
/// diagnostics with <see cref="EndOfTrialMarker"/> so that the silo can file stderr lines under the right trial.
/// </summary>
public sealed class TrialLoop(TextReader requests, ReportWriter writer, TextWriter diagnostics)
{
    /// <summary>
    /// The last stderr line of every trial. The record separator in front keeps it apart from anything a kind or
    /// libtorch prints; a partial line in front of it still belongs to the trial. The silo's runner matches it.
    /// </summary>
    public const string EndOfTrialMarker = "\u001egoldstone: end of trial";

    /// <summary>Runs requests until EOF (exit code 0) or the first failed trial (its exit code).</summary>
    public int Run()
    {
        while (requests.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var exitCode = RunTrial(line);
            diagnostics.WriteLine(EndOfTrialMarker);
            diagnostics.Flush();
            if (exitCode != 0) return exitCode;
        }
        return 0;
    }

    /// <summary>Runs one request: 0 after its result, 2 after an invalid request, 1 after any other error.</summary>
    private int RunTrial(string line)
    {
        TrialRequest request;
        try
        {
            request = JsonSerializer.Deserialize<TrialRequest>(line, ProtocolJson.Options) ?? throw new JsonException("the request is empty");
        }
        catch (JsonException e)
        {
            writer.Error($"invalid request: {e.Message}");
            return 2;
        }

        try
        {
            var kind = TrialKinds.Create(request.Kind);
            var metrics = kind.Run(request, writer, CancellationToken.None);
            writer.Result(metrics);
            return 0;
        }
        catch (TrialRequestException e)
        {
            writer.Error(e.Message);
            return 2;
        }
        catch (TrialDeviceUnavailableException e)
        {
            // Complete as it stands: a stack trace would only bury it.
            writer.Error(e.Message);
            return 1;
        }
        catch (Exception e)
        {
            diagnostics.WriteLine(e);
            writer.Error($"{e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
