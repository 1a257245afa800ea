using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Goldstone.Silo.Storage;

/// <summary>
/// Grain storage in one SQLite file (WAL). The ETag is a row version: a write must name the version it read,
/// so a stale write (another activation, another process) throws <see cref="InconsistentStateException"/>.
/// Reads use pooled connections; writes go through one <see cref="SqliteWriteQueue"/> (group commit).
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            version    INTEGER NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;
    private readonly SqliteWriteQueue _writes;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Storage in the SQLite file at <paramref name="databasePath"/>; the file and its directory are created on first use.</summary>
    public SqliteGrainStorage(string databasePath, IGrainStorageSerializer serializer, ILogger<SqliteGrainStorage> logger)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _serializer = serializer;
        _logger = logger;
        _writes = new SqliteWriteQueue(_connectionString);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureInitializedAsync();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var version = reader.GetInt64(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureInitializedAsync();
        var payload = _serializer.Serialize(grainState.State).ToArray();
        long? expected = grainState.ETag is null ? null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        if (!await _writes.UpsertAsync(stateName, grainId.ToString(), expected, payload))
            throw Stale(stateName, grainId, grainState.ETag, "write");
        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureInitializedAsync();
        if (grainState.ETag is null) return;
        if (!await _writes.DeleteAsync(stateName, grainId.ToString(), long.Parse(grainState.ETag, CultureInfo.InvariantCulture)))
            throw Stale(stateName, grainId, grainState.ETag, "clear");
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>Writes what is queued and leaves the database checkpointed (the DI container calls it when the silo stops).</summary>
    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    private InconsistentStateException Stale(string stateName, GrainId grainId, string? etag, string operation)
    {
        _logger.LogWarning("Rejected a stale {Operation} of {State} for {Grain} (version {ETag})", operation, stateName, grainId, etag ?? "none");
        return new InconsistentStateException(
            $"stale {operation} of '{stateName}' for {grainId}: the stored version is not {etag ?? "absent"}", "unknown", etag ?? "none");
    }

    // Not a Lazy<Task>: a failed first open (a busy or full disk) must be tried again, not cached forever.
    private async Task EnsureInitializedAsync()
    {
        if (_initialized) return;
        await _initializing.WaitAsync();
        try
        {
            if (!_initialized) await InitializeAsync();
            _initialized = true;
        }
        finally
        {
            _initializing.Release();
        }
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }
}
