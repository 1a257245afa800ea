using System.CommandLine;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Goldstone.Cli.Commands;

/// <summary><c>goldstone db init</c>: creates or upgrades the cluster store's schema; safe to run again.</summary>
public static class DbCommand
{
    private static readonly string[] Clusters = [ClusterOptions.Postgres, ClusterOptions.Azure];

    /// <summary>The <c>db</c> command and its one subcommand, <c>init</c>.</summary>
    public static Command Create()
    {
        // Not a Choice: the provider may come from the environment instead, and is checked once, from either.
        var cluster = new Option<string?>("--cluster")
        {
            HelpName = string.Join('|', Clusters),
            Description = "the cluster store (default Goldstone__Cluster__Provider)",
        };
        cluster.CompletionSources.Add(Clusters);
        var connection = new Option<string?>("--connection")
        {
            HelpName = "CS",
            Description = "its connection string (default Goldstone__Cluster__ConnectionString or Goldstone__Cluster__ConnectionStringFile)",
        };
        var init = new Command("init", "create or upgrade the PostgreSQL schema (idempotent)") { cluster, connection };
        init.SetAction(result => InitAsync(result.GetValue(cluster), result.GetValue(connection)));
        return new Command("db", "the cluster store's schema") { init };
    }

    /// <summary>Applies the missing schema versions; returns the exit code.</summary>
    public static async Task<int> InitAsync(string? clusterOption, string? connectionOption)
    {
        // The same keys a silo reads, so one environment serves both: Goldstone__Cluster__Provider and so on.
        var configured = new ConfigurationBuilder().AddEnvironmentVariables().Build()
            .GetSection("Goldstone:Cluster").Get<ClusterOptions>() ?? new ClusterOptions();
        var cluster = clusterOption ?? (configured.IsCluster ? configured.Provider : null)
            ?? throw new UsageException($"give --cluster (allowed: {string.Join(", ", Clusters)})");
        if (!Clusters.Contains(cluster, StringComparer.Ordinal))
            throw new UsageException($"--cluster '{cluster}' has no schema to initialise (allowed: {string.Join(", ", Clusters)})");
        if (cluster == ClusterOptions.Azure)
        {
            Console.WriteLine("azure needs no init: Orleans creates its tables and containers on first use");
            return ExitCodes.Ok;
        }
        configured.Provider = cluster;
        var connectionString = connectionOption ?? configured.ResolveConnectionString();
        var result = await PostgresSchema.InitAsync(connectionString, CancellationToken.None);
        Console.WriteLine(result.WasCurrent
            ? $"schema is current (version {result.CurrentVersion})"
            : $"schema version {result.CurrentVersion} applied (was {(result.PreviousVersion == 0 ? "none" : result.PreviousVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        return ExitCodes.Ok;
    }
}
