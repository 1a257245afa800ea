using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Silo.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Goldstone.Silo.Storage;

/// <summary>
/// Reads the grain states of an embedded store (a data directory's SQLite file) without a silo, for the commands
/// that read a campaign offline (<c>--data-dir</c>). It holds the directory's lock while open, so no silo starts on
/// the store in the middle of a read, and it never writes a row.
/// </summary>
public sealed class EmbeddedStoreReader : IAsyncDisposable
{
    private readonly DataDirectoryLock _lock;
    private readonly SqliteConnection _connection;
    private readonly OrleansGrainStorageSerializer _serializer;
    private readonly ServiceProvider _services;

    private EmbeddedStoreReader(string directory, DataDirectoryLock held, SqliteConnection connection, ServiceProvider services)
    {
        Directory = directory;
        _lock = held;
        _connection = connection;
        _services = services;
        _serializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }

    /// <summary>The data directory (full path).</summary>
    public string Directory { get; }

    /// <summary>Opens the store of <paramref name="dataDir"/>.</summary>
    /// <exception cref="DataDirectoryUnusableException">There is no such directory, or it holds no store: the message says which.</exception>
    /// <exception cref="DataDirectoryInUseException">A silo (or <c>run</c>) holds the directory.</exception>
    public static async Task<EmbeddedStoreReader> OpenAsync(string dataDir)
    {
        var full = Path.GetFullPath(dataDir);
        if (File.Exists(full))
            throw new DataDirectoryUnusableException($"the data directory {full} cannot be read: it is a file, not a directory");
        if (!System.IO.Directory.Exists(full))
            throw new DataDirectoryUnusableException($"the data directory {full} does not exist: no campaign has run there");
        // The lock first: a silo that just started holds it before its store file exists.
        var held = DataDirectoryLock.Acquire(full);
        var database = Path.Combine(full, GoldstoneSiloExtensions.DatabaseFileName);
        if (!File.Exists(database))
        {
            held.Dispose();
            throw new DataDirectoryUnusableException($"the data directory {full} holds no embedded store ({GoldstoneSiloExtensions.DatabaseFileName} is missing): no campaign has run there");
        }
        SqliteConnection? connection = null;
        try
        {
            // Read-write without create: a store a killed silo left has its last writes in the WAL, which opening
            // applies; nothing here issues a write.
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = database,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString());
            await connection.OpenAsync();
            var services = new ServiceCollection()
                .AddSerializer(serializer => serializer.AddAssembly(typeof(CampaignState).Assembly).AddAssembly(typeof(TrialOutcome).Assembly))
                .BuildServiceProvider();
            return new EmbeddedStoreReader(full, held, connection, services);
        }
        catch (SqliteException e)
        {
            if (connection is not null) await connection.DisposeAsync();
            held.Dispose();
            throw new DataDirectoryUnusableException($"the data directory {full} cannot be read: {GoldstoneSiloExtensions.DatabaseFileName}: {e.Message}");
        }
    }

    /// <summary>The state of grain <paramref name="grainType"/>/<paramref name="key"/> stored under <paramref name="stateName"/>; null when none was written.</summary>
    public async Task<T?> ReadAsync<T>(string grainType, string stateName, string key) where T : class
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", GrainId.Create(grainType, key).ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return _serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(0)));
    }

    /// <summary>The registry's listings, by name.</summary>
    public async Task<IReadOnlyList<CampaignListing>> ListAsync() =>
        (await ReadAsync<CampaignRegistryState>(PersistedGrains.RegistryType, PersistedGrains.RegistryState,
            GoldstoneNames.SingletonKey.ToString(System.Globalization.CultureInfo.InvariantCulture)))?.Listings() ?? [];

    /// <summary>A campaign's state; null when it was never submitted.</summary>
    public Task<CampaignState?> CampaignAsync(string campaign) =>
        ReadAsync<CampaignState>(PersistedGrains.CampaignType, PersistedGrains.CampaignState, campaign);

    /// <summary>A trial shard's state; null when none was written.</summary>
    public Task<TrialShardState?> ShardAsync(string campaign, int shard) =>
        ReadAsync<TrialShardState>(PersistedGrains.ShardType, PersistedGrains.ShardState, TrialShards.Key(campaign, shard));

    /// <summary>A trial's state; null when it never started.</summary>
    public Task<TrialState?> TrialAsync(string campaign, int index) =>
        ReadAsync<TrialState>(PersistedGrains.TrialType, PersistedGrains.TrialState, TrialKeys.Of(campaign, index));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _services.DisposeAsync();
        _lock.Dispose();
    }
}
