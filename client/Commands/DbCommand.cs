using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Goldstone.Cli.Commands;

/// <summary><c>goldstone db init</c>: creates or upgrades the cluster store's schema; safe to run again.</summary>
public static class DbCommand
{
    /// <summary>The command's usage line.</summary>
    public const string Usage = "usage: goldstone db init --cluster postgres [--connection CS]   (or Goldstone__Cluster__ConnectionString / Goldstone__Cluster__ConnectionStringFile)";

    private static readonly string[] Clusters = [ClusterOptions.Postgres, ClusterOptions.Azure];

    /// <summary>Applies the missing schema versions; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string[] args)
    {
        var line = CommandLine.Parse(args, ["cluster", "connection"], 1, 1, Usage);
        if (line.Positional[0] != "init")
            throw new UsageException($"unknown db command '{line.Positional[0]}' (allowed: init)", Usage);
        // The same keys a silo reads, so one environment serves both: Goldstone__Cluster__Provider and so on.
        var configured = new ConfigurationBuilder().AddEnvironmentVariables().Build()
            .GetSection("Goldstone:Cluster").Get<ClusterOptions>() ?? new ClusterOptions();
        var cluster = line.Option("cluster") ?? (configured.IsCluster ? configured.Provider : null)
            ?? throw new UsageException($"give --cluster (allowed: {string.Join(", ", Clusters)})", Usage);
        if (!Clusters.Contains(cluster, StringComparer.Ordinal))
            throw new UsageException($"--cluster '{cluster}' has no schema to initialise (allowed: {string.Join(", ", Clusters)})", Usage);
        if (cluster == ClusterOptions.Azure)
        {
            Console.WriteLine("azure needs no init: Orleans creates its tables and containers on first use");
            return ExitCodes.Ok;
        }
        configured.Provider = cluster;
        var connectionString = line.Option("connection") ?? configured.ResolveConnectionString();
        var result = await PostgresSchema.InitAsync(connectionString, CancellationToken.None);
        Console.WriteLine(result.WasCurrent
            ? $"schema is current (version {result.CurrentVersion})"
            : $"schema version {result.CurrentVersion} applied (was {(result.PreviousVersion == 0 ? "none" : result.PreviousVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        return ExitCodes.Ok;
    }
}
