using System.Runtime.InteropServices;
using Goldstone.Trainer;
using Goldstone.Trainer.Protocol;

// The trainer process: trials one after another. One request per line on stdin (a single-line JSON object); JSON lines
// on stdout (epoch, checkpoint, result, error), a trial ending with its result or error line; diagnostics on stderr,
// each trial's ending with TrialLoop.EndOfTrialMarker. EOF on stdin ends the process with exit 0. After an error
// the process exits (2 for an invalid request, 1 otherwise): a failed trial may have left libtorch in any state.
ParentWatch.ExitWhenOrphaned();
// The silo owns a trainer's life: it kills the process when it must. A terminal's Ctrl-C or a service manager's
// SIGTERM reaches the whole process group, trainers included; dying of it would look like a failed attempt while the
// silo is shutting down cleanly, so the trainer ignores them (ParentWatch ends it if the silo itself is gone).
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true);

return new TrialLoop(Console.In, new ReportWriter(Console.Out), Console.Error).Run();
