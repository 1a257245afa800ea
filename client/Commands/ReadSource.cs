using System.CommandLine;
using Goldstone.Cli.Parsing;
using Goldstone.Silo.Storage;

namespace Goldstone.Cli.Commands;

/// <summary>
/// Where a read command reads: <c>--gateway</c> (a running silo, the default) or <c>--data-dir</c> (an embedded
/// store, read directly when no process holds it). Holds the two options and runs the command against either.
/// </summary>
internal sealed class ReadSource
{
    private readonly Option<string> _gateway = CliOptions.Gateway();

    private readonly Option<string?> _dataDir = new("--data-dir")
    {
        HelpName = "DIR",
        Description = "read the embedded store in DIR directly, without a silo (not while a silo or run holds DIR: then ask it with --gateway)",
    };

    /// <summary>Adds both options to <paramref name="command"/>, and the rule that only one of them is given.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_gateway);
        command.Options.Add(_dataDir);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_dataDir) is not null && result.GetResult(_gateway) is { Implicit: false })
                result.AddError("--data-dir and --gateway: give one of them (--data-dir reads an embedded store without a silo, --gateway asks a running silo)");
        });
    }

    /// <summary>Runs <paramref name="call"/> on the store <c>--data-dir</c> names, or on the silo at <c>--gateway</c> (retried across a failover as <paramref name="retryAs"/>).</summary>
    public async Task<int> RunAsync(ParseResult result, string retryAs, Func<ICampaignReads, Task<int>> call)
    {
        if (result.GetValue(_dataDir) is not { } directory)
            return await GatewayCommands.OnGatewayAsync(result.GetRequiredValue(_gateway), retryAs, grains => call(new GatewayReads(grains)));
        await using var store = await OpenAsync(directory);
        return await call(new OfflineReads(store));
    }

    private static async Task<EmbeddedStoreReader> OpenAsync(string directory)
    {
        try
        {
            return await EmbeddedStoreReader.OpenAsync(directory);
        }
        catch (DataDirectoryInUseException e)
        {
            var holder = e.HolderPid is { } pid ? $" (pid {pid})" : "";
            var ask = e.GatewayPort is { } port ? $"--gateway localhost:{port}" : "--gateway HOST:PORT (its gateway)";
            throw new SystemFailureException(
                $"the data directory {e.Directory} is held by a running goldstone silo or run{holder}, so it cannot be read directly: ask that process instead, with {ask} in place of --data-dir", e);
        }
    }
}
