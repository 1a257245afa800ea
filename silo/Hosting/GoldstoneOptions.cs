namespace Goldstone.Silo.Hosting;

/// <summary>Options of a Goldstone silo, section <c>Goldstone</c> (environment: <c>Goldstone__…</c>).</summary>
public sealed class GoldstoneOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone";

    /// <summary>Default data directory, relative to the working directory.</summary>
    public const string DefaultDataDir = ".goldstone";

    /// <summary>Default silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default client gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Where grain state (SQLite), campaign outputs and trial logs live. Default: <c>./.goldstone</c>.</summary>
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>Silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (the CLI) connect to. Default: 30000.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Grain storage of the embedded provider.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Which cluster this silo joins and where its state lives.</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>The silo's HTTP endpoints (health, readiness).</summary>
    public HttpOptions Http { get; set; } = new();

    /// <summary>The Orleans Dashboard (off unless asked for).</summary>
    public DashboardOptions Dashboard { get; set; } = new();

    /// <summary>Where trial checkpoints and attempt logs are kept.</summary>
    public CheckpointOptions Checkpoints { get; set; } = new();

    /// <summary>TLS for silo-to-silo and client-to-gateway connections.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The worker that runs trainer processes.</summary>
    public WorkerOptions Worker { get; set; } = new();
}

/// <summary>Grain storage options, section <c>Goldstone:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Storage";

    /// <summary>The embedded provider: a SQLite file in the data directory.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Providers this build supports.</summary>
    public static readonly string[] Providers = [Sqlite];

    /// <summary>Which provider stores grain state. Default: <c>sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;
}

/// <summary>Cluster options, section <c>Goldstone:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Cluster";

    /// <summary>One process on this machine: localhost clustering and SQLite in the data directory.</summary>
    public const string Embedded = "embedded";

    /// <summary>Membership, grain state and reminders in PostgreSQL (Orleans' ADO.NET providers, Npgsql).</summary>
    public const string Postgres = "postgres";

    /// <summary>Membership and reminders in Azure Table storage, grain state in Table or Blob storage.</summary>
    public const string Azure = "azure";

    /// <summary>Providers this build supports.</summary>
    public static readonly string[] Providers = [Embedded, Postgres, Azure];

    /// <summary>Default cluster and service id.</summary>
    public const string DefaultId = "goldstone";

    /// <summary>Which provider holds membership, grain state and reminders. Default: <c>embedded</c>.</summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>The provider's connection string (never logged). Prefer <see cref="ConnectionStringFile"/>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A file holding the connection string, such as a mounted Kubernetes secret.</summary>
    public string ConnectionStringFile { get; set; } = "";

    /// <summary>Silos with the same cluster id form one cluster. Default: <c>goldstone</c>.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>The service whose grain state this cluster reads; keep it across deployments. Default: <c>goldstone</c>.</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>The address other silos and clients reach this silo at; empty lets Orleans pick one (a pod's IP).</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>True for a provider other than <c>embedded</c>.</summary>
    public bool IsCluster => Provider != Embedded;

    /// <summary>The connection string from <see cref="ConnectionString"/> or <see cref="ConnectionStringFile"/>.</summary>
    /// <exception cref="GoldstoneConfigurationException">Neither is set, or the file cannot be read.</exception>
    public string ResolveConnectionString()
    {
        if (ConnectionString.Length > 0) return ConnectionString;
        if (ConnectionStringFile.Length == 0)
            throw new GoldstoneConfigurationException([$"Goldstone:Cluster:Provider is '{Provider}' but no connection string is set: give --connection, Goldstone:Cluster:ConnectionString (Goldstone__Cluster__ConnectionString) or Goldstone:Cluster:ConnectionStringFile (a mounted secret)"]);
        return ConnectionStrings.ReadFile(ConnectionStringFile, "Goldstone:Cluster:ConnectionStringFile");
    }
}

/// <summary>Connection strings kept in files (mounted secrets).</summary>
internal static class ConnectionStrings
{
    /// <summary>The file's text without surrounding whitespace; <paramref name="key"/> names it in the error.</summary>
    /// <exception cref="GoldstoneConfigurationException">The file cannot be read.</exception>
    public static string ReadFile(string path, string key)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GoldstoneConfigurationException([$"{key} '{path}' cannot be read: {e.Message}"]);
        }
    }
}

/// <summary>HTTP options, section <c>Goldstone:Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Http";

    /// <summary>Default HTTP port of a silo.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>; 0 turns HTTP off. Default: 8080.</summary>
    public int Port { get; set; } = DefaultPort;
}

/// <summary>
/// The Orleans Dashboard (<c>Microsoft.Orleans.Dashboard</c>), section <c>Goldstone:Dashboard</c>: grain calls,
/// activations and silos in a browser, on the silo's HTTP port. Off by default and in the production manifests: it
/// profiles every grain call and has no authentication of its own.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Dashboard";

    /// <summary>True serves the dashboard. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where on the HTTP port it is served. Default: <c>/dashboard</c>.</summary>
    public string Path { get; set; } = "/dashboard";
}

/// <summary>Checkpoint store options, section <c>Goldstone:Checkpoints</c>.</summary>
public sealed class CheckpointOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Checkpoints";

    /// <summary>A directory: the data directory, or a volume every silo mounts.</summary>
    public const string Files = "files";

    /// <summary>Azure Blob Storage.</summary>
    public const string AzureBlob = "azure-blob";

    /// <summary>Stores this build supports.</summary>
    public static readonly string[] Providers = [Files, AzureBlob];

    /// <summary>Where checkpoints and attempt logs go. Default: <c>files</c>.</summary>
    public string Provider { get; set; } = Files;

    /// <summary>The directory of the <c>files</c> store; empty means the data directory.</summary>
    public string Path { get; set; } = "";

    /// <summary>Blob container of the <c>azure-blob</c> store. Default: <c>goldstone-checkpoints</c>.</summary>
    public string Container { get; set; } = "goldstone-checkpoints";

    /// <summary>Connection string of the <c>azure-blob</c> store; empty means the cluster's (provider <c>azure</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A file holding <see cref="ConnectionString"/>.</summary>
    public string ConnectionStringFile { get; set; } = "";

    /// <summary>
    /// The <c>azure-blob</c> store's connection string: <see cref="ConnectionString"/>, <see cref="ConnectionStringFile"/>,
    /// or the cluster's when the cluster provider is <c>azure</c>.
    /// </summary>
    /// <exception cref="GoldstoneConfigurationException">None is set, or the file cannot be read.</exception>
    public string ResolveConnectionString(ClusterOptions cluster)
    {
        if (ConnectionString.Length > 0) return ConnectionString;
        if (ConnectionStringFile.Length > 0) return ConnectionStrings.ReadFile(ConnectionStringFile, "Goldstone:Checkpoints:ConnectionStringFile");
        if (cluster.Provider == ClusterOptions.Azure) return cluster.ResolveConnectionString();
        throw new GoldstoneConfigurationException(["Goldstone:Checkpoints:Provider is 'azure-blob' but no storage account is set: give Goldstone:Checkpoints:ConnectionString(File), or use the azure cluster provider"]);
    }
}

/// <summary>TLS options, section <c>Goldstone:Tls</c>.</summary>
public sealed class TlsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Tls";

    /// <summary>A PKCS#12 (.pfx) certificate with its private key; empty means no TLS.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>A file holding the certificate's password; empty for none (or see <see cref="CertificatePassword"/>).</summary>
    public string CertificatePasswordFile { get; set; } = "";

    /// <summary>The certificate's password, from the environment (<c>Goldstone__Tls__CertificatePassword</c>).</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>True when a certificate is configured.</summary>
    public bool Enabled => CertificateFile.Length > 0;
}

/// <summary>Worker options, section <c>Goldstone:Worker</c>.</summary>
public sealed class WorkerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Worker";

    /// <summary>Default of <see cref="TrialsPerProcess"/>.</summary>
    public const int DefaultTrialsPerProcess = 5000;

    /// <summary>Default of <see cref="TrainerMemoryLimitMb"/>.</summary>
    public const int DefaultTrainerMemoryLimitMb = 4096;

    /// <summary>False on a silo that only hosts grains. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>CPU slots of this silo; unset means cores ÷ <see cref="ThreadsPerTrial"/>. Default: unset.</summary>
    public int? Slots { get; set; }

    /// <summary>
    /// GPUs this silo gives to trials (devices 0 to N-1); unset means those <c>nvidia-smi</c> lists, none without it.
    /// 0 makes a CPU-only silo. Default: unset.
    /// </summary>
    public int? Gpus { get; set; }

    /// <summary>Threads one trial is expected to use, for the automatic slot count. Default: 1.</summary>
    public int ThreadsPerTrial { get; set; } = 1;

    /// <summary>
    /// On shutdown (SIGTERM), how long running trials may take to reach their next checkpoint before they are stopped
    /// and handed back; no new trial is leased meanwhile. 0 stops them at once (the <c>run</c> command). Default: 60 s;
    /// the host's shutdown timeout is this plus 60 s, so give a pod a termination grace period above both.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle worker asks the scheduler for work. Default: 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often leases are renewed; keep well below the scheduler's lease duration. Default: 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trials a warm trainer process runs before it is replaced by a fresh one; 1 starts a fresh process per trial.
    /// Default: 5000.
    /// </summary>
    public int TrialsPerProcess { get; set; } = DefaultTrialsPerProcess;

    /// <summary>
    /// Resident memory (MiB) above which a trainer process is replaced after its trial; 0 means no limit.
    /// Default: 4096.
    /// </summary>
    public int TrainerMemoryLimitMb { get; set; } = DefaultTrainerMemoryLimitMb;

    /// <summary>The trainer assembly (<c>Goldstone.Trainer.dll</c>); empty means next to the silo's own assemblies.</summary>
    public string TrainerPath { get; set; } = "";

    /// <summary>The trainer assembly this worker starts: <see cref="TrainerPath"/>, or Goldstone.Trainer.dll beside this program.</summary>
    public string EffectiveTrainerPath => TrainerPath.Length > 0 ? TrainerPath : Path.Combine(AppContext.BaseDirectory, "Goldstone.Trainer.dll");

    /// <summary>The slot count this worker uses.</summary>
    public int EffectiveSlots => Slots ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, ThreadsPerTrial));
}

/// <summary>Options that failed validation; the message lists every problem, one a line.</summary>
public sealed class GoldstoneConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join("\n", errors))
{
    /// <summary>Each problem, one line.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
