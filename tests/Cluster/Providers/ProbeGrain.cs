using Goldstone.Contracts;
using Orleans.Runtime;

namespace Goldstone.Tests.Cluster.Providers;

/// <summary>A counter persisted through the cluster's grain storage, with a reminder: probes every provider.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds to the persisted count and writes it.</summary>
    Task<ProbeReading> AddAsync(int amount);

    /// <summary>The state as this activation holds it, and which activation that is.</summary>
    Task<ProbeReading> ReadAsync();

    /// <summary>Asks to be deactivated after this call.</summary>
    Task DeactivateAsync();

    /// <summary>Registers the reminder <paramref name="name"/> (due and period one minute).</summary>
    Task RegisterReminderAsync(string name);

    /// <summary>True when the reminder table has <paramref name="name"/> for this grain.</summary>
    Task<bool> HasReminderAsync(string name);

    /// <summary>Unregisters the reminder <paramref name="name"/>.</summary>
    Task UnregisterReminderAsync(string name);
}

[GenerateSerializer, Immutable, Alias("goldstone.tests.ProbeReading")]
public sealed record ProbeReading([property: Id(0)] int Count, [property: Id(1)] string? ETag, [property: Id(2)] Guid Activation);

[GenerateSerializer, Alias("goldstone.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public int Count { get; set; }
}

public sealed class ProbeGrain([PersistentState("probe", GoldstoneNames.Storage)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<ProbeReading> AddAsync(int amount)
    {
        state.State.Count += amount;
        await state.WriteStateAsync();
        return await ReadAsync();
    }

    public Task<ProbeReading> ReadAsync() => Task.FromResult(new ProbeReading(state.State.Count, state.Etag, _activation));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task RegisterReminderAsync(string name) => this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public async Task UnregisterReminderAsync(string name) =>
        await this.UnregisterReminder(await this.GetReminder(name) ?? throw new InvalidOperationException($"no reminder {name}"));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
