using Goldstone.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// Registers every options class of a silo, bound from its section of the host's configuration and validated when
/// the host starts (<c>ValidateOnStart</c>), and reads them before a host exists through the same registrations.
/// </summary>
public static class GoldstoneOptionsRegistration
{
    /// <summary>The lease duration in cluster mode when none is configured: three 5 s heartbeats.</summary>
    public static readonly TimeSpan ClusterLeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>Every options class of a silo with its validator, in the order their failures are listed.</summary>
    public static IServiceCollection AddGoldstoneOptions(this IServiceCollection services)
    {
        services.AddValidated<GoldstoneOptions, GoldstoneOptionsValidator>(GoldstoneOptions.Section);
        services.AddValidated<StorageOptions, StorageOptionsValidator>(StorageOptions.Section);
        services.AddValidated<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.Section);
        services.AddValidated<HttpOptions, HttpOptionsValidator>(HttpOptions.Section);
        services.AddValidated<DashboardOptions, DashboardOptionsValidator>(DashboardOptions.Section);
        services.AddValidated<CheckpointOptions, CheckpointOptionsValidator>(CheckpointOptions.Section);
        services.AddValidated<TlsOptions, TlsOptionsValidator>(TlsOptions.Section);
        services.AddValidated<WorkerOptions, WorkerOptionsValidator>(WorkerOptions.Section);
        return services.AddSchedulerOptions();
    }

    /// <summary>
    /// The scheduler's options (its lease duration: 15 s in cluster mode unless configured), validated against the
    /// worker's heartbeat interval. Registered once however often it is called.
    /// </summary>
    public static IServiceCollection AddSchedulerOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<SchedulerOptions>))) return services;
        services.AddValidated<SchedulerOptions, SchedulerOptionsValidator>(SchedulerOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // A dead silo is declared within about 10 s in a cluster; three missed 5 s heartbeats release its leases.
                var provider = configuration[GoldstoneKeys.ClusterProvider.Path] ?? ClusterOptions.Embedded;
                if (provider != ClusterOptions.Embedded && configuration[GoldstoneKeys.LeaseDuration.Path] is null)
                    options.LeaseDuration = ClusterLeaseDuration;
            });
        return services;
    }

    /// <summary>
    /// The <c>Goldstone</c> options of <paramref name="configuration"/>, for code that needs them before the host is
    /// built (the provider to compose, the ports, the GPUs): the registrations above, validated as the host would.
    /// </summary>
    /// <exception cref="GoldstoneConfigurationException">
    /// Some values cannot be converted to their type (every such value is listed), or some options are invalid (every
    /// failure of every class is listed).
    /// </exception>
    public static GoldstoneOptions Read(IConfiguration configuration)
    {
        // A value the binder cannot convert would throw before any validator runs.
        if (ValueFormats.Failures(configuration) is { Count: > 0 } malformed) throw new GoldstoneConfigurationException(malformed);
        using var provider = new ServiceCollection().AddSingleton(configuration).AddGoldstoneOptions().BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (OptionsFailures.Of(e) is { } failures)
        {
            throw new GoldstoneConfigurationException(failures);
        }
        return provider.GetRequiredService<IOptions<GoldstoneOptions>>().Value;
    }

    private static OptionsBuilder<TOptions> AddValidated<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddSingleton(typeof(PeerOptions<>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
