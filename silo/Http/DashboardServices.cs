using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Http;

/// <summary>
/// The Orleans Dashboard on the silo's HTTP application: <c>AddDashboard</c> registers its services in the silo's
/// container, while its endpoints resolve them from the HTTP application's; this hands each of them over.
/// </summary>
internal static class DashboardServices
{
    /// <summary>
    /// Registers in <paramref name="web"/> every service of the dashboard's assembly that <paramref name="silo"/>
    /// has, and its options, resolved from the silo (so both see the same instances).
    /// </summary>
    public static void Forward(IServiceCollection web, IServiceProvider silo)
    {
        var known = silo.GetRequiredService<IServiceProviderIsService>();
        var types = typeof(Orleans.Dashboard.DashboardOptions).Assembly.GetTypes()
            .Where(t => !t.IsGenericTypeDefinition && known.IsService(t))
            .Append(typeof(IOptions<Orleans.Dashboard.DashboardOptions>));
        foreach (var type in types) web.AddSingleton(type, _ => silo.GetRequiredService(type));
    }
}
