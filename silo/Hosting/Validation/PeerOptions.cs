using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// Another options class's values as bound and post-configured, but not validated: what a rule across two classes
/// (the lease duration against the heartbeat interval) compares with. Reading <see cref="IOptions{TOptions}"/> there
/// would run the other class's validators too and report their failures a second time.
/// </summary>
public sealed class PeerOptions<TOptions>(IEnumerable<IConfigureOptions<TOptions>> setups, IEnumerable<IPostConfigureOptions<TOptions>> postConfigures)
    where TOptions : class
{
    private readonly Lazy<TOptions> _value = new(() => new OptionsFactory<TOptions>(setups, postConfigures).Create(Options.DefaultName));

    /// <summary>The bound values.</summary>
    public TOptions Value => _value.Value;
}
