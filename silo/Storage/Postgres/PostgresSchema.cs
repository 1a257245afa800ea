using Goldstone.Silo.Hosting;
using Npgsql;

namespace Goldstone.Silo.Storage.Postgres;

/// <summary>What <see cref="PostgresSchema.InitAsync"/> did.</summary>
/// <param name="PreviousVersion">The schema version found, 0 for none.</param>
/// <param name="CurrentVersion">The schema version now.</param>
/// <param name="Applied">The versions this call applied, in order; empty when the schema was already current.</param>
public sealed record SchemaInitResult(int PreviousVersion, int CurrentVersion, IReadOnlyList<int> Applied)
{
    /// <summary>True when nothing had to be applied.</summary>
    public bool WasCurrent => Applied.Count == 0;
}

/// <summary>
/// The PostgreSQL schema of the <c>postgres</c> cluster provider: Orleans' tables and stored queries, written for
/// PostgreSQL 15 and versioned by the embedded scripts <c>Scripts/NNNN-*.sql</c>, recorded in
/// <see cref="VersionTable"/>.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Our table of applied schema versions, one row per version.</summary>
    public const string VersionTable = "goldstone_schema_version";

    /// <summary>The fix every problem line ends with.</summary>
    public const string Fix = "run: goldstone db init --cluster postgres --connection …";

    // "goldston" in ASCII: the advisory lock that serialises concurrent initialisations of one database.
    private const long InitLockKey = 0x676F6C6473746F6E;

    /// <summary>The schema version this build writes and expects.</summary>
    public static int CurrentVersion => SchemaScript.All[^1].Version;

    /// <summary>Tables the Orleans providers read.</summary>
    public static IReadOnlyList<string> RequiredTables { get; } =
        ["OrleansQuery", "OrleansMembershipVersionTable", "OrleansMembershipTable", "OrleansStorage", "OrleansRemindersTable"];

    /// <summary>OrleansQuery keys the clustering, persistence and reminder providers load.</summary>
    public static IReadOnlyList<string> RequiredQueryKeys { get; } =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>
    /// Applies the missing schema versions, each in its own transaction under an advisory lock, so that two
    /// initialisations at once apply each version once. Idempotent.
    /// </summary>
    /// <exception cref="ClusterStoreException">The database cannot be reached or refused a script.</exception>
    public static async Task<SchemaInitResult> InitAsync(string connectionString, CancellationToken ct)
    {
        var where = PostgresErrors.Describe(connectionString);
        try
        {
            await using var connection = await PostgresErrors.OpenAsync(connectionString, ct);
            int? previous = null;
            var applied = new List<int>();
            foreach (var script in SchemaScript.All)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({InitLockKey})", ct);
                await ExecuteAsync(connection, transaction,
                    $"CREATE TABLE IF NOT EXISTS {VersionTable} (version integer PRIMARY KEY, script varchar(200) NOT NULL, applied_on timestamptz NOT NULL DEFAULT now())", ct);
                var found = await ReadVersionAsync(connection, transaction, ct);
                previous ??= found;
                if (found < script.Version)
                {
                    await ExecuteAsync(connection, transaction, script.Sql, ct);
                    await using var record = new NpgsqlCommand($"INSERT INTO {VersionTable} (version, script) VALUES (@version, @script)", connection, transaction);
                    record.Parameters.AddWithValue("version", script.Version);
                    record.Parameters.AddWithValue("script", script.Name);
                    await record.ExecuteNonQueryAsync(ct);
                    applied.Add(script.Version);
                }
                await transaction.CommitAsync(ct);
            }
            return new SchemaInitResult(previous ?? 0, Math.Max(previous ?? 0, CurrentVersion), applied);
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseError(e))
        {
            throw PostgresErrors.Wrap(e, where, connectionString);
        }
    }

    /// <summary>
    /// Every problem of the schema, one line each ending with how to fix it: a missing table, a missing
    /// OrleansQuery key, an old (or unknown, newer) schema version. Empty when the schema is ready.
    /// </summary>
    /// <exception cref="ClusterStoreException">The database cannot be reached.</exception>
    public static async Task<IReadOnlyList<string>> CheckAsync(string connectionString, CancellationToken ct)
    {
        var where = PostgresErrors.Describe(connectionString);
        try
        {
            await using var connection = await PostgresErrors.OpenAsync(connectionString, ct);
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", connection))
            await using (var reader = await list.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
            var problems = new List<string>();
            if (!tables.Contains(VersionTable))
                problems.Add($"table {VersionTable} is missing (no Goldstone schema version is recorded); {Fix}");
            else
            {
                var version = await ReadVersionAsync(connection, null, ct);
                if (version < CurrentVersion)
                    problems.Add($"schema version {version} is older than {CurrentVersion}, the version this build needs; {Fix}");
                else if (version > CurrentVersion)
                    problems.Add($"schema version {version} is newer than {CurrentVersion}, the version this build knows; run a newer goldstone on this database");
            }
            foreach (var table in RequiredTables.Where(t => !tables.Contains(t)))
                problems.Add($"table {table} is missing; {Fix}");
            if (tables.Contains("OrleansQuery"))
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                await using var read = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
                foreach (var key in RequiredQueryKeys.Where(k => !keys.Contains(k)))
                    problems.Add($"OrleansQuery has no row for key {key}; {Fix}");
            }
            return problems;
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseError(e))
        {
            throw PostgresErrors.Wrap(e, where, connectionString);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {VersionTable}", connection, transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
