using System.Runtime.InteropServices;
using System.Text.Json;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;

// The trainer process: one trial attempt. Request as one JSON object on stdin; JSON lines on stdout
// (epoch, result, error); diagnostics on stderr. Exit 0 with a result, 2 for an invalid request, 1 otherwise.
var writer = new ReportWriter(Console.Out);
ParentWatch.ExitWhenOrphaned();
// The silo owns a trainer's life: it kills the process when it must. A terminal's Ctrl-C or a service manager's
// SIGTERM reaches the whole process group, trainers included; dying of it would look like a failed attempt while the
// silo is shutting down cleanly, so the trainer ignores them (ParentWatch ends it if the silo itself is gone).
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true);

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
    var metrics = kind.Run(request, writer, CancellationToken.None);
    writer.Result(metrics);
    return 0;
}
catch (TrialRequestException e)
{
    writer.Error(e.Message);
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    writer.Error($"{e.GetType().Name}: {e.Message}");
    return 1;
}
