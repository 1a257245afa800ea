using System.Runtime.InteropServices;
using System.Text.Json;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;

// The trainer process: one trial attempt. Request as one JSON object on stdin; JSON lines on stdout
// (epoch, result, error); diagnostics on stderr. Exit 0 with a result, 2 for an invalid request, 1 otherwise.
var writer = new ReportWriter(Console.Out);
ParentWatch.ExitWhenOrphaned();
using var cancellation = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

TrialRequest request;
try
{
    request = JsonSerializer.Deserialize<TrialRequest>(Console.In.ReadToEnd(), ProtocolJson.Options)
        ?? throw new JsonException("the request is empty");
}
catch (JsonException e)
{
    writer.Error($"invalid request: {e.Message}");
    return 2;
}

try
{
    var kind = TrialKinds.Create(request.Kind);
    var metrics = kind.Run(request, writer, cancellation.Token);
    writer.Result(metrics);
    return 0;
}
catch (TrialRequestException e)
{
    writer.Error(e.Message);
    return 2;
}
catch (OperationCanceledException)
{
    writer.Error("cancelled");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    writer.Error($"{e.GetType().Name}: {e.Message}");
    return 1;
}
