using Goldstone.Cli.Commands;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage;

namespace Goldstone.Cli;

/// <summary>Dispatches the <c>goldstone</c> commands and maps failures to exit codes.</summary>
public static class Cli
{
    /// <summary>Usage of every command.</summary>
    public const string Usage = """
        usage: goldstone COMMAND [options]
          run SPEC [--data-dir DIR] [--slots N]            run a campaign on an in-process silo, print its table
          validate SPEC [--rows N]                         check and expand a spec, create nothing: trials, swept, first rows
          silo [--cluster embedded|postgres|azure] [--connection CS] [--data-dir DIR] [--port P]
               [--gateway-port G] [--http-port H] [--slots N]
                                                           run a standalone silo (embedded store, or join a cluster)
          submit SPEC [--gateway HOST:PORT]                submit a campaign to a running silo
          watch NAME [--gateway HOST:PORT]                 live progress; exit 0 completed, 1 unreachable, 2 unknown
          status [NAME] [--gateway HOST:PORT]              counts per state (all campaigns, or one)
          table NAME [--gateway HOST:PORT] [--format text|markdown|csv]
                                                           the comparative table of a campaign
          report NAME -o FILE [--gateway HOST:PORT] [table options]
                                                           the HTML report: table and plots, one offline file
          list [--gateway HOST:PORT]                       every campaign
          cancel NAME [--gateway HOST:PORT]                cancel a campaign's unfinished trials
          export NAME -o FILE [--gateway HOST:PORT]        every trial's outcome as JSON lines (results.jsonl)
          db init --cluster postgres [--connection CS]     create or upgrade the cluster store's schema (idempotent)
        --gateway takes several silos: HOST:PORT,HOST:PORT
        defaults: --data-dir ./.goldstone, --gateway localhost:30000, --http-port 8080, --slots = cores ÷ threads per trial
        exit codes: 0 done, 1 system error, 2 bad input, 130 Ctrl-C / 143 SIGTERM (run it again to resume);
        `silo` exits 0 when Ctrl-C or SIGTERM stops it
        """;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? Console.Error : Console.Out).WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        try
        {
            return args[0] switch
            {
                "run" => await RunCommand.ExecuteAsync(args),
                "validate" => await ValidateCommand.ExecuteAsync(args),
                "silo" => await SiloCommand.ExecuteAsync(args),
                "submit" or "status" or "table" or "list" or "cancel" or "export" or "watch" => await GatewayCommands.ExecuteAsync(args),
                "report" => await ReportCommand.ExecuteAsync(args),
                "db" => await DbCommand.ExecuteAsync(args),
                _ => throw new UsageException($"unknown command '{args[0]}' (allowed: run, validate, silo, submit, watch, status, table, report, list, cancel, export, db)", Usage),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(e.Usage);
            return ExitCodes.BadInput;
        }
        catch (BadInputException e)
        {
            foreach (var line in e.Lines) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }
        catch (GoldstoneConfigurationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ClusterStoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.SystemError;
        }
        catch (DataDirectoryUnusableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DataDirectoryInUseException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.SystemError;
        }
        catch (SystemFailureException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.SystemError;
        }
        catch (Microsoft.AspNetCore.Connections.AddressInUseException e)
        {
            Console.Error.WriteLine($"error: {FirstLine(e.Message)} (use --port and --gateway-port for other ports, or stop the silo that holds them)");
            return ExitCodes.SystemError;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {FirstLine(e.GetBaseException().Message)}");
            return ExitCodes.SystemError;
        }
    }
}

/// <summary>Input the user can fix; each line is printed as is, exit code 2.</summary>
public sealed class BadInputException(IReadOnlyList<string> lines) : Exception(string.Join("\n", lines))
{
    /// <summary>The lines to print.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;
}

/// <summary>A failure of the system, not of the input; exit code 1.</summary>
public sealed class SystemFailureException(string message, Exception? inner = null) : Exception(message, inner);
