using Goldstone.Contracts;
using Goldstone.Grains.Specs;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>goldstone run SPEC</c>: validates the spec, starts an in-process silo on the embedded store, submits (or
/// resumes) the campaign, shows progress and prints the table when every trial is done.
/// </summary>
public static class RunCommand
{
    private const string Usage = "usage: goldstone run SPEC [--data-dir DIR] [--slots N]";

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string[] args)
    {
        var line = CommandLine.Parse(args, ["data-dir", "slots"], 1, 1, Usage);
        var specPath = line.Positional[0];
        var spec = SpecFiles.Load(specPath);
        var slots = line.IntOption("slots", 0, 1, 4096, Usage);

        var builder = EmbeddedHost.CreateBuilder(line.Option("data-dir"), slots, FreePort.Pick(), FreePort.Pick());
        builder.AddGoldstoneSilo();
        using var host = builder.Build();
        var dataDir = host.Services.GetRequiredService<IOptions<GoldstoneOptions>>().Value.DataDir;
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await host.StartAsync(interrupt.Token);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var campaign = grains.GetGrain<ICampaignGrain>(spec.Spec.Name);
            var submitted = await campaign.SubmitAsync(spec.Text, specPath);
            if (submitted.Outcome is SubmitOutcome.Invalid or SubmitOutcome.Conflict) throw new BadInputException(submitted.Errors);
            Console.Error.WriteLine(submitted.Outcome == SubmitOutcome.Created
                ? $"campaign {spec.Spec.Name}: {submitted.Trials} trials, data in {Path.GetFullPath(dataDir)}"
                : $"campaign {spec.Spec.Name}: resuming ({submitted.Trials} trials, data in {Path.GetFullPath(dataDir)})");

            var progress = await new ProgressView(Console.Out).WatchAsync(campaign, interrupt.Token);
            var outputs = await CampaignOutputs.WriteAsync(grains, spec.Spec.Name, dataDir);
            Console.Out.Write(outputs.Text);
            Console.Error.WriteLine($"wrote {outputs.Directory}/{{{CampaignOutputs.MarkdownFile}, {CampaignOutputs.CsvFile}, {CampaignOutputs.ResultsFile}}}");
            return progress.Status == CampaignStatus.Completed ? ExitCodes.Ok : ExitCodes.SystemError;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine("\ninterrupted: stopping trainers; run the same command again to resume");
            return ExitCodes.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            await host.StopAsync(CancellationToken.None);
        }
    }
}
