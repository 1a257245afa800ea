using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Silo.Hosting.Validation;
using Goldstone.Silo.Http;
using Goldstone.Silo.Storage;
using Goldstone.Silo.Storage.Postgres;
using Goldstone.Silo.Worker;
using Goldstone.Silo.Worker.Checkpoints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Goldstone.Silo.Hosting;

/// <summary>Composes a Goldstone silo: the one place that branches on configuration.</summary>
public static class GoldstoneSiloExtensions
{
    /// <summary>Name of the SQLite file inside the data directory.</summary>
    public const string DatabaseFileName = "goldstone.db";

    /// <summary>Adds a silo (embedded default: localhost clustering, SQLite state) and its worker to the host.</summary>
    /// <exception cref="GoldstoneConfigurationException">The configuration is invalid; every problem is listed.</exception>
    public static IHostApplicationBuilder AddGoldstoneSilo(this IHostApplicationBuilder builder)
    {
        // Composing the host needs the options now (the provider, the ports); the same registrations validate them
        // again when the host starts.
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddGoldstoneOptions();
        var cluster = options.Cluster;
        // The one branch on the provider: everything else in a silo is the same on every store.
        var connectionString = cluster.IsCluster ? cluster.ResolveConnectionString() : "";
        if (!cluster.IsCluster) builder.Services.AddSingleton(DataDirectoryLock.Acquire(options.DataDir, options.GatewayPort));
        // Before UseOrleans: hosted services start in order, so a missing schema fails start with one clear error.
        if (cluster.Provider == ClusterOptions.Postgres) builder.Services.AddHostedService(_ => new PostgresSchemaCheck(connectionString));
        builder.UseOrleans(silo =>
        {
            switch (cluster.Provider)
            {
                case ClusterOptions.Postgres:
                    ClusterProviders.UsePostgres(silo, connectionString);
                    break;
                case ClusterOptions.Azure:
                    ClusterProviders.UseAzure(silo, connectionString);
                    break;
                default:
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                    silo.AddSqliteGrainStorage(Path.Combine(options.DataDir, DatabaseFileName));
                    // Campaigns resume from the startup task; the backstop reminder needs no store on one machine.
                    silo.UseInMemoryReminderService();
                    break;
            }
            if (cluster.IsCluster)
            {
                silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = options.SiloPort;
                    o.GatewayPort = options.GatewayPort;
                    if (cluster.AdvertisedAddress.Length > 0) o.AdvertisedIPAddress = System.Net.IPAddress.Parse(cluster.AdvertisedAddress);
                    // Listen on every interface: the advertised address is how others find this silo, not the only way in.
                    o.SiloListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, options.SiloPort);
                    o.GatewayListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, options.GatewayPort);
                });
                // Leases follow in AddSchedulerOptions: 15 s unless configured, so a dead silo's trials run again soon.
                silo.Configure<ClusterMembershipOptions>(ClusterProviders.TuneFailureDetection);
            }
            silo.UseGoldstoneTls(options.Tls);
            if (options.Dashboard.Enabled) Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
            silo.AddGoldstoneGrainsCore();
        });
        // The worker drains first (up to its DrainTimeout), then Orleans leaves the cluster.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Worker.DrainTimeout + TimeSpan.FromSeconds(60));
        if (options.Http.Port > 0)
        {
            builder.Services.AddSingleton(StorageProbes.For(options, connectionString));
            builder.Services.AddHostedService<HttpEndpoints>();
        }
        if (options.Worker.Enabled) builder.Services.AddGoldstoneWorker();
        return builder;
    }

    /// <summary>Grain storage on SQLite, scheduler options and the resume task; for hosts and test clusters on one machine.</summary>
    public static ISiloBuilder AddGoldstoneGrains(this ISiloBuilder silo, string databasePath)
    {
        silo.AddSqliteGrainStorage(databasePath);
        silo.UseInMemoryReminderService();
        return silo.AddGoldstoneGrainsCore();
    }

    /// <summary>The embedded grain storage: one SQLite file.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string databasePath)
    {
        silo.Services.AddGrainStorage(GoldstoneNames.Storage, (services, _) => new SqliteGrainStorage(databasePath,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return silo;
    }

    /// <summary>Scheduler options (from the host's configuration, validated at start) and the resume task, on any storage.</summary>
    public static ISiloBuilder AddGoldstoneGrainsCore(this ISiloBuilder silo)
    {
        silo.Services.AddSchedulerOptions();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddStartupTask<CampaignResumeTask>();
        return silo;
    }

    /// <summary>The worker that runs trainer processes in this silo's slots.</summary>
    public static IServiceCollection AddGoldstoneWorker(this IServiceCollection services)
    {
        services.AddSingleton<TrainerLocator>();
        services.AddSingleton<TrainerRunner>();
        services.TryAddSingleton(sp => GpuDevices.Detect(
            sp.GetRequiredService<IOptions<GoldstoneOptions>>().Value.Worker.Gpus, sp.GetRequiredService<ILoggerFactory>().CreateLogger<GpuDevices>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICheckpointStore>(sp => CheckpointStores.Create(
            sp.GetRequiredService<IOptions<GoldstoneOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<WorkerService>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerService>());
        return services;
    }

    /// <summary>Binds and validates every options class of a silo (<see cref="GoldstoneOptionsRegistration.Read"/>).</summary>
    /// <exception cref="GoldstoneConfigurationException">Some options are invalid; every failure is listed.</exception>
    public static GoldstoneOptions ReadOptions(IConfiguration configuration) => GoldstoneOptionsRegistration.Read(configuration);
}
