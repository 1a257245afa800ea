using Goldstone.Cli;
using Goldstone.Cli.Commands;

return await Cli.RunAsync(args);
