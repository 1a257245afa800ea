using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Goldstone.Cli.Commands;

namespace Goldstone.Cli.Parsing;

/// <summary>The <c>goldstone</c> command tree: every command, <c>help</c>, <c>--help</c> and the <c>[suggest]</c> directive.</summary>
public static class GoldstoneCommand
{
    /// <summary>What <c>goldstone --help</c> says after the commands: defaults and exit codes.</summary>
    public const string Epilogue = """

        Defaults: --data-dir ./.goldstone, --gateway localhost:30000, --http-port 8080 (silo), --slots = cores ÷ threads per trial.

        Exit codes:
          0    done (a completed campaign, even with failed trials); help
          1    system error: storage, cluster, a data directory in use, ports in use, no silo at the gateway
          2    bad input: a spec, an option, a command line that does not parse, an unknown or cancelled campaign
          130  interrupted by Ctrl-C (run the same command again to resume)
          143  stopped by SIGTERM (run the same command again to resume)
          silo exits 0 when Ctrl-C or SIGTERM stops it.
        """;

    /// <summary>A new tree (System.CommandLine's symbols hold their parents, so each parse gets its own).</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Goldstone: hyperparameter campaigns (a spec of parameters × seeds) trained and compared on an Orleans cluster");
        // Without a version of its own, --version would print the assembly's 1.0.0.
        root.Options.Remove(root.Options.OfType<VersionOption>().Single());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogue((HelpAction)help.Action!);
        // [suggest] is on by default; shells reach it through dotnet-suggest (README, "Shell completion").
        if (!root.Directives.OfType<SuggestDirective>().Any()) root.Directives.Add(new SuggestDirective());
        foreach (var command in (Command[])[RunCommand.Create(), ValidateCommand.Create(), KindsCommand.Create(), SiloCommand.Create(), GatewayCommands.Submit(),
                     GatewayCommands.Watch(), GatewayCommands.Status(), GatewayCommands.Table(), ReportCommand.Create(), GatewayCommands.List(),
                     GatewayCommands.Cancel(), GatewayCommands.Export(), LogsCommand.Create(), DbCommand.Create(), Help(root)])
            root.Subcommands.Add(command);
        root.SetAction(result =>
        {
            WriteHelp(root, [], Console.Error);
            return ExitCodes.BadInput;
        });
        return root;
    }

    /// <summary>Writes the help of the command at <paramref name="path"/> (names under the root) to <paramref name="output"/>.</summary>
    public static int WriteHelp(RootCommand root, IReadOnlyList<string> path, TextWriter output) =>
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output });

    private static Command Help(RootCommand root)
    {
        var names = new Argument<string[]>("COMMAND")
        {
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "COMMAND",
            Description = "the command (db init: two names)",
        };
        names.CompletionSources.Add(_ => root.Subcommands.Select(c => new CompletionItem(c.Name)));
        var command = new Command("help", "this help, or one command's (the same as COMMAND --help)") { names };
        command.SetAction(result =>
        {
            var path = result.GetValue(names) ?? [];
            var commands = new List<Command> { root };
            foreach (var name in path)
                commands.Add(commands[^1].Subcommands.FirstOrDefault(c => c.Name == name) ?? throw new UsageException(UsageErrors.UnknownCommand(commands, name)));
            return WriteHelp(root, path, result.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <summary>System.CommandLine's help, then the defaults and exit codes under the root's.</summary>
    private sealed class HelpWithEpilogue(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand) parseResult.InvocationConfiguration.Output.WriteLine(Epilogue);
            return code;
        }
    }
}
