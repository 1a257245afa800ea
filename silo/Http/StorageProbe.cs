using Azure.Data.Tables;
using Goldstone.Silo.Hosting;
using Npgsql;

namespace Goldstone.Silo.Http;

/// <summary>Whether this silo's cluster store answers; one cheap round trip, bounded by a timeout.</summary>
public interface IStorageProbe
{
    /// <summary>Null when the store answered, else why not (never the connection string).</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The probe of each provider.</summary>
public static class StorageProbes
{
    /// <summary>Time one probe may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The probe for <paramref name="options"/>' provider.</summary>
    public static IStorageProbe For(GoldstoneOptions options, string connectionString) => options.Cluster.Provider switch
    {
        ClusterOptions.Postgres => new PostgresProbe(connectionString),
        ClusterOptions.Azure => new AzureTableProbe(connectionString),
        _ => new SqliteProbe(Path.Combine(options.DataDir, GoldstoneSiloExtensions.DatabaseFileName)),
    };

    private sealed class PostgresProbe(string connectionString) : IStorageProbe
    {
        private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = (int)Timeout.TotalSeconds,
            CommandTimeout = (int)Timeout.TotalSeconds,
        }.ConnectionString;

        public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return null;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                return $"PostgreSQL at {builder.Host}:{builder.Port} does not answer ({e.GetType().Name})";
            }
        }
    }

    private sealed class AzureTableProbe(string connectionString) : IStorageProbe
    {
        private readonly TableServiceClient _client = new(connectionString, new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = Timeout } });

        public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _client.GetPropertiesAsync(cancellationToken);
                return null;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or TimeoutException or OperationCanceledException or HttpRequestException)
            {
                return $"Azure Table storage at {_client.Uri.Host}:{_client.Uri.Port} does not answer ({e.GetType().Name})";
            }
        }
    }

    private sealed class SqliteProbe(string path) : IStorageProbe
    {
        public Task<string?> ProbeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(File.Exists(path) ? null : $"the SQLite store {path} is missing");
    }
}
