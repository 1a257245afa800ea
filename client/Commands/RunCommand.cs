using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>goldstone run SPEC</c>: validates the spec, starts an in-process silo on the embedded store, submits (or
/// resumes) the campaign, shows progress and prints the table when every trial is done. Ctrl-C (SIGINT) and
/// SIGTERM stop the trainers and leave the campaign resumable.
/// </summary>
public static class RunCommand
{
    /// <summary>The <c>run</c> command.</summary>
    public static Command Create()
    {
        var spec = new Argument<string>("SPEC") { Description = "the campaign spec (YAML)" };
        var dataDir = CliOptions.DataDir();
        var slots = CliOptions.Slots();
        var gpus = CliOptions.Gpus();
        var command = new Command("run", "run a campaign on an in-process silo on the embedded store: submit or resume, watch, print the table")
        {
            spec, dataDir, slots, gpus,
        };
        command.SetAction(result => ExecuteAsync(result.GetRequiredValue(spec), result.GetValue(dataDir), result.GetValue(slots), result.GetValue(gpus)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string specPath, string? dataDirectory, int? requestedSlots, int? gpus)
    {
        var spec = SpecFiles.Load(specPath);
        // Without --slots, as many trials run at once as the spec's thread count leaves cores for.
        var slots = requestedSlots ?? Math.Max(1, Environment.ProcessorCount / spec.Spec.Resources.Threads);
        if (spec.Spec.Resources.Slots > slots)
            throw new BadInputException([$"error: {specPath}: resources.slots: {spec.Spec.Resources.Slots} is more than this silo's {slots} slot(s), so no trial could start (allowed: 1 to {slots}, or --slots N)"]);

        // The in-process silo of one command serves no probes (a second `run` must not find port 8080 taken) and stops
        // at once on Ctrl-C.
        var overrides = new Dictionary<string, string?> { ["Goldstone:Http:Port"] = "0", ["Goldstone:Worker:DrainTimeout"] = "00:00:00" };
        if (gpus is { } count) overrides["Goldstone:Worker:Gpus"] = count.ToString(CultureInfo.InvariantCulture);
        var (siloPort, gatewayPort) = FreePort.PickTwo();
        var builder = EmbeddedHost.CreateBuilder(dataDirectory, slots, siloPort, gatewayPort, overrides);
        // This command owns its signals: the default console lifetime would stop the silo under the progress loop.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        // One process, one silo: trials that ask more GPUs than it has would wait for ever. Checked before anything
        // is created, with the devices the worker then uses.
        var devices = GpuDevices.Detect(GoldstoneSiloExtensions.ReadOptions(builder.Configuration).Worker.Gpus, NullLogger.Instance);
        if (spec.Spec.Resources.Gpus > devices.Devices.Count)
            throw new BadInputException([$"error: {specPath}: resources.gpus: {spec.Spec.Resources.Gpus} is more than this silo's {devices.Devices.Count} GPU(s), so no trial could start (allowed: 0 to {devices.Devices.Count}, or --gpus N)"]);
        builder.Services.AddSingleton(devices);
        builder.AddGoldstoneSilo();
        using var host = builder.Build();
        var dataDir = host.Services.GetRequiredService<IOptions<GoldstoneOptions>>().Value.DataDir;
        using var interrupt = new CancellationTokenSource();
        var exitCode = ExitCodes.Interrupted;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt(interrupt, ExitCodes.Interrupted, code => exitCode = code));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt(interrupt, ExitCodes.Terminated, code => exitCode = code));
        try
        {
            await host.StartAsync(interrupt.Token);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var campaign = grains.GetGrain<ICampaignGrain>(spec.Spec.Name);
            var submitted = await campaign.SubmitAsync(spec.Text, specPath);
            if (submitted.Outcome is SubmitOutcome.Invalid or SubmitOutcome.Conflict) throw new BadInputException(submitted.Errors);
            Console.Error.WriteLine(submitted.Outcome switch
            {
                SubmitOutcome.Created => $"campaign {spec.Spec.Name}: {submitted.Trials} trials, {slots} slot(s), data in {Path.GetFullPath(dataDir)}",
                SubmitOutcome.Grown => $"campaign {spec.Spec.Name}: growing ({submitted.Trials} trials, {submitted.Added} new, {slots} slot(s), data in {Path.GetFullPath(dataDir)})",
                _ => $"campaign {spec.Spec.Name}: resuming ({submitted.Trials} trials, {slots} slot(s), data in {Path.GetFullPath(dataDir)})",
            });

            var watching = Stopwatch.StartNew();
            var progress = await new ProgressView(Console.Out).WatchAsync(campaign, interrupt.Token);
            var watched = watching.Elapsed;
            var writing = Stopwatch.StartNew();
            var outputs = await CampaignOutputs.WriteAsync(grains, spec.Spec.Name, dataDir);
            await ReportCommand.WriteAsync(grains, spec.Spec.Name, Path.Combine(outputs.Directory, ReportCommand.FileName));
            Console.Out.Write(outputs.Text);
            Console.Error.WriteLine($"wrote {outputs.Directory}/{{{CampaignOutputs.MarkdownFile}, {CampaignOutputs.CsvFile}, {CampaignOutputs.ResultsFile}, {ReportCommand.FileName}}}");
            Console.Error.WriteLine(Stats(progress, slots, watched, writing.Elapsed));
            if (progress.Status == CampaignStatus.Cancelled)
                throw new BadInputException([$"error: campaign '{spec.Spec.Name}' was cancelled{CancelledAt(progress)}; the table above is what finished (allowed: another name to run it again)"]);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine("\ninterrupted: stopping trainers; run the same command again to resume");
            return exitCode;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// One machine-readable line for scripts and benchmarks: counts, the campaign's own start and end (grain clocks),
    /// how long this command watched it and how long the outputs took.
    /// </summary>
    private static string Stats(CampaignProgress progress, int slots, TimeSpan watched, TimeSpan outputs)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["trials"] = progress.Total,
            ["succeeded"] = progress.Counts.GetValueOrDefault(TrialStatus.Succeeded),
            ["failed"] = progress.Counts.GetValueOrDefault(TrialStatus.Failed),
            ["cancelled"] = progress.Counts.GetValueOrDefault(TrialStatus.Cancelled),
            ["stopped"] = progress.Counts.GetValueOrDefault(TrialStatus.Stopped),
            ["slots"] = slots,
            ["created_at"] = progress.StartedAt,
            ["completed_at"] = progress.CompletedAt,
            ["campaign_s"] = progress is { StartedAt: { } start, CompletedAt: { } end } ? Math.Round((end - start).TotalSeconds, 3) : null,
            ["watch_s"] = Math.Round(watched.TotalSeconds, 3),
            ["outputs_s"] = Math.Round(outputs.TotalSeconds, 3),
        });
        return $"stats: {json}";
    }

    private static Action<PosixSignalContext> Interrupt(CancellationTokenSource interrupt, int code, Action<int> setExitCode) => context =>
    {
        context.Cancel = true;
        if (interrupt.IsCancellationRequested) return;
        setExitCode(code);
        interrupt.Cancel();
    };

    private static string CancelledAt(CampaignProgress progress) =>
        progress.CompletedAt is { } at ? " at " + at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>A host lifetime that leaves signals to the command.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
