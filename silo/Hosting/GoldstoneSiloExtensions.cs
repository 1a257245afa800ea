using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Silo.Storage;
using Goldstone.Silo.Worker;
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
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(DataDirectoryLock.Acquire(options.DataDir));
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: GoldstoneNames.ServiceId,
                clusterId: GoldstoneNames.EmbeddedClusterId);
            silo.AddGoldstoneGrains(builder.Configuration, Path.Combine(options.DataDir, DatabaseFileName));
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        if (options.Worker.Enabled) builder.Services.AddGoldstoneWorker();
        return builder;
    }

    /// <summary>Grain storage, scheduler options and the resume task; shared by hosts and test clusters.</summary>
    public static ISiloBuilder AddGoldstoneGrains(this ISiloBuilder silo, IConfiguration configuration, string databasePath)
    {
        silo.Services.AddGrainStorage(GoldstoneNames.Storage, (services, _) => new SqliteGrainStorage(databasePath,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        silo.Services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddStartupTask<CampaignResumeTask>();
        return silo;
    }

    /// <summary>The worker that runs trainer processes in this silo's slots.</summary>
    public static IServiceCollection AddGoldstoneWorker(this IServiceCollection services)
    {
        services.AddSingleton<TrainerLocator>();
        services.AddSingleton<TrainerRunner>();
        services.AddHostedService<WorkerService>();
        return services;
    }

    /// <summary>Binds and validates the <c>Goldstone</c> section.</summary>
    public static GoldstoneOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(GoldstoneOptions.Section).Get<GoldstoneOptions>() ?? new GoldstoneOptions();
        var errors = GoldstoneOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new GoldstoneConfigurationException(errors);
        return options;
    }
}
