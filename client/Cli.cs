using System.CommandLine;
using System.CommandLine.Invocation;
using Goldstone.Cli.Parsing;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Hosting.Validation;
using Goldstone.Silo.Storage;

namespace Goldstone.Cli;

/// <summary>Dispatches the <c>goldstone</c> commands and maps failures to exit codes.</summary>
public static class Cli
{
    // A SPEC or NAME that starts with @ is a file or a campaign, not a response file to expand.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>Parses <paramref name="args"/> against a new command tree.</summary>
    public static ParseResult Parse(string[] args) => GoldstoneCommand.Create().Parse(args, Parsing);

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var result = Parse(args);
        var errors = UsageErrors.Describe(result);
        // Help and [suggest] answer whatever else the line holds.
        if (result.Action is ParseErrorAction || (errors.Count > 0 && result.Action == result.CommandResult.Command.Action))
        {
            foreach (var line in errors) Console.Error.WriteLine($"error: {line}");
            Console.Error.WriteLine($"usage: {UsageErrors.Synopsis(result.CommandResult)}");
            return ExitCodes.BadInput;
        }
        // Exceptions reach the mapping below; signals are left to the commands (run resumes, silo drains).
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await result.InvokeAsync(invocation);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"usage: {UsageErrors.Synopsis(result.CommandResult)}");
            return ExitCodes.BadInput;
        }
        catch (BadInputException e)
        {
            foreach (var line in e.Lines) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }
        catch (GoldstoneConfigurationException e)
        {
            foreach (var line in e.Errors) Console.Error.WriteLine($"error: {line}");
            return ExitCodes.BadInput;
        }
        // ValidateOnStart: the options a host validates as it starts, one class or several.
        catch (Exception e) when (OptionsFailures.Of(e) is { } failures)
        {
            foreach (var line in failures) Console.Error.WriteLine($"error: {line}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (ExitCodeOfOneLineFailure(e) is { } code)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return code;
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

    /// <summary>The exit code of a failure whose message, printed as it is, says what went wrong; null for any other.</summary>
    private static int? ExitCodeOfOneLineFailure(Exception e) => e switch
    {
        DataDirectoryUnusableException => ExitCodes.BadInput,
        ClusterStoreException or DataDirectoryInUseException or SystemFailureException => ExitCodes.SystemError,
        _ => null,
    };
}

/// <summary>Input the user can fix; each line is printed as is, exit code 2.</summary>
public sealed class BadInputException(IReadOnlyList<string> lines) : Exception(string.Join("\n", lines))
{
    /// <summary>The lines to print.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;
}

/// <summary>A failure of the system, not of the input; exit code 1.</summary>
public sealed class SystemFailureException(string message, Exception? inner = null) : Exception(message, inner);
