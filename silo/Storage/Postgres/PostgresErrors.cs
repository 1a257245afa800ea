using System.Net.Sockets;
using Goldstone.Silo.Hosting;
using Npgsql;

namespace Goldstone.Silo.Storage.Postgres;

/// <summary>
/// Turns Npgsql failures into one-line <see cref="ClusterStoreException"/>s that name host, port and database only:
/// a connection string (and its password) never reaches a message or a log.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>"host:port, database name", from the connection string.</summary>
    /// <exception cref="ClusterStoreException">The connection string cannot be parsed.</exception>
    public static string Describe(string connectionString)
    {
        try
        {
            var parts = new NpgsqlConnectionStringBuilder(connectionString);
            var host = string.IsNullOrEmpty(parts.Host) ? "localhost" : parts.Host;
            var database = string.IsNullOrEmpty(parts.Database) ? parts.Username ?? "(default)" : parts.Database;
            return $"{host}:{parts.Port}, database {database}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ClusterStoreException($"the PostgreSQL connection string is not valid: {Scrub(e.Message, connectionString)}");
        }
    }

    /// <summary>Opens a connection, disposing it when opening fails.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True for the failures <see cref="Wrap"/> describes.</summary>
    public static bool IsDatabaseError(Exception e) => e is NpgsqlException or SocketException or TimeoutException;

    /// <summary>One line: "cannot reach PostgreSQL at …" or "PostgreSQL at … failed: SQLSTATE: text".</summary>
    public static ClusterStoreException Wrap(Exception e, string where, string connectionString)
    {
        var message = e switch
        {
            PostgresException server => $"PostgreSQL at {where} failed: {server.SqlState}: {server.MessageText}",
            _ => $"cannot reach PostgreSQL at {where}: {Reason(e)}",
        };
        return new ClusterStoreException(Scrub(message, connectionString), inner: null);
    }

    private static string Reason(Exception e)
    {
        // Npgsql's own text ("Failed to connect to …") plus the socket's reason ("Connection refused").
        var root = e.GetBaseException();
        var first = FirstLine(e.Message);
        return ReferenceEquals(root, e) || first.Contains(root.Message, StringComparison.Ordinal) ? first : $"{first} ({FirstLine(root.Message)})";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>Removes the connection string and its password from <paramref name="text"/>.</summary>
    public static string Scrub(string text, string connectionString)
    {
        if (connectionString.Length > 0) text = text.Replace(connectionString, "(connection string)", StringComparison.Ordinal);
        string? password = null;
        try
        {
            password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Unparseable: the whole string was removed above, which is all that can be done.
        }
        return string.IsNullOrEmpty(password) ? text : text.Replace(password, "***", StringComparison.Ordinal);
    }
}
