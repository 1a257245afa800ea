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
    /// <summary>True serves the dashboard. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where on the HTTP port it is served. Default: <c>/dashboard</c>.</summary>
    public string Path { get; set; } = "/dashboard";
}

/// <summary>Checkpoint store options, section <c>Goldstone:Checkpoints</c>.</summary>
public sealed class CheckpointOptions
{
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
    /// <summary>Default of <see cref="TrialsPerProcess"/>.</summary>
    public const int DefaultTrialsPerProcess = 5000;

    /// <summary>Default of <see cref="TrainerMemoryLimitMb"/>.</summary>
    public const int DefaultTrainerMemoryLimitMb = 4096;

    /// <summary>False on a silo that only hosts grains. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>CPU slots of this silo; 0 means cores ÷ <see cref="ThreadsPerTrial"/>. Default: 0.</summary>
    public int Slots { get; set; }

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
    public int EffectiveSlots => Slots > 0 ? Slots : Math.Max(1, Environment.ProcessorCount / Math.Max(1, ThreadsPerTrial));
}

/// <summary>Checks options at start-up and names every bad key with how to fix it.</summary>
public static class GoldstoneOptionsValidator
{
    /// <summary>Every problem, one line each; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Validate(GoldstoneOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
            errors.Add("Goldstone:DataDir (--data-dir, Goldstone__DataDir) is empty: give a directory path");
        if (options.SiloPort is < 0 or > 65535)
            errors.Add($"Goldstone:SiloPort (--port, Goldstone__SiloPort) is {options.SiloPort}: use 0-65535");
        if (options.GatewayPort is < 0 or > 65535)
            errors.Add($"Goldstone:GatewayPort (--gateway-port, Goldstone__GatewayPort) is {options.GatewayPort}: use 0-65535");
        if (options.SiloPort == options.GatewayPort && options.SiloPort != 0)
            errors.Add($"Goldstone:SiloPort and Goldstone:GatewayPort are both {options.SiloPort}: use two different ports");
        if (!StorageOptions.Providers.Contains(options.Storage.Provider, StringComparer.Ordinal))
            errors.Add($"Goldstone:Storage:Provider (Goldstone__Storage__Provider) is '{options.Storage.Provider}': allowed: {string.Join(", ", StorageOptions.Providers)}");
        if (!ClusterOptions.Providers.Contains(options.Cluster.Provider, StringComparer.Ordinal))
            errors.Add($"Goldstone:Cluster:Provider (--cluster, Goldstone__Cluster__Provider) is '{options.Cluster.Provider}': allowed: {string.Join(", ", ClusterOptions.Providers)}");
        if (options.Cluster.IsCluster && options.Cluster.ConnectionString.Length == 0 && options.Cluster.ConnectionStringFile.Length == 0)
            errors.Add($"Goldstone:Cluster:Provider is '{options.Cluster.Provider}' but no connection string is set: give --connection, Goldstone:Cluster:ConnectionString (Goldstone__Cluster__ConnectionString) or Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile, a mounted secret)");
        if (options.Cluster.ConnectionStringFile.Length > 0 && !File.Exists(options.Cluster.ConnectionStringFile))
            errors.Add($"Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile) '{options.Cluster.ConnectionStringFile}' does not exist");
        foreach (var (key, value) in new[] { ("ClusterId", options.Cluster.ClusterId), ("ServiceId", options.Cluster.ServiceId) })
            if (string.IsNullOrWhiteSpace(value) || value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                errors.Add($"Goldstone:Cluster:{key} (Goldstone__Cluster__{key}) is '{value}': use 1-64 of a-z A-Z 0-9 - _ .");
        if (options.Cluster.AdvertisedAddress.Length > 0 && !System.Net.IPAddress.TryParse(options.Cluster.AdvertisedAddress, out _))
            errors.Add($"Goldstone:Cluster:AdvertisedAddress (Goldstone__Cluster__AdvertisedAddress) is '{options.Cluster.AdvertisedAddress}': give an IP address (a pod's POD_IP)");
        if (options.Http.Port is < 0 or > 65535)
            errors.Add($"Goldstone:Http:Port (--http-port, Goldstone__Http__Port) is {options.Http.Port}: use 1-65535, or 0 for no HTTP");
        if (options.Dashboard.Enabled && options.Http.Port == 0)
            errors.Add("Goldstone:Dashboard:Enabled (Goldstone__Dashboard__Enabled) is true but HTTP is off: set Goldstone:Http:Port (--http-port) to serve the dashboard on it");
        if (options.Dashboard.Enabled && (!options.Dashboard.Path.StartsWith('/') || options.Dashboard.Path.Length < 2 || options.Dashboard.Path.EndsWith('/')
            || options.Dashboard.Path is "/metrics" or "/healthz" or "/readyz"))
            errors.Add($"Goldstone:Dashboard:Path (Goldstone__Dashboard__Path) is '{options.Dashboard.Path}': give a path such as /dashboard (a leading /, no trailing /, not /metrics, /healthz or /readyz)");
        if (!CheckpointOptions.Providers.Contains(options.Checkpoints.Provider, StringComparer.Ordinal))
            errors.Add($"Goldstone:Checkpoints:Provider (Goldstone__Checkpoints__Provider) is '{options.Checkpoints.Provider}': allowed: {string.Join(", ", CheckpointOptions.Providers)}");
        if (options.Checkpoints.Provider == CheckpointOptions.AzureBlob && options.Cluster.Provider != ClusterOptions.Azure
            && options.Checkpoints.ConnectionString.Length == 0 && options.Checkpoints.ConnectionStringFile.Length == 0)
            errors.Add("Goldstone:Checkpoints:Provider is 'azure-blob' but no storage account is set: give Goldstone:Checkpoints:ConnectionString(File), or use the azure cluster provider");
        if (options.Checkpoints.Provider == CheckpointOptions.AzureBlob && !IsContainerName(options.Checkpoints.Container))
            errors.Add($"Goldstone:Checkpoints:Container (Goldstone__Checkpoints__Container) is '{options.Checkpoints.Container}': use 3-63 of a-z 0-9 -, starting with a letter or digit");
        if (options.Checkpoints.ConnectionStringFile.Length > 0 && !File.Exists(options.Checkpoints.ConnectionStringFile))
            errors.Add($"Goldstone:Checkpoints:ConnectionStringFile (Goldstone__Checkpoints__ConnectionStringFile) '{options.Checkpoints.ConnectionStringFile}' does not exist");
        if (options.Tls.Enabled && !File.Exists(options.Tls.CertificateFile))
            errors.Add($"Goldstone:Tls:CertificateFile (Goldstone__Tls__CertificateFile) '{options.Tls.CertificateFile}' does not exist");
        if (options.Tls.CertificatePasswordFile.Length > 0 && !File.Exists(options.Tls.CertificatePasswordFile))
            errors.Add($"Goldstone:Tls:CertificatePasswordFile (Goldstone__Tls__CertificatePasswordFile) '{options.Tls.CertificatePasswordFile}' does not exist");
        if (options.Worker.Slots < 0)
            errors.Add($"Goldstone:Worker:Slots (--slots, Goldstone__Worker__Slots) is {options.Worker.Slots}: use 0 (automatic) or more");
        if (options.Worker.Gpus is < 0 or > 1024)
            errors.Add($"Goldstone:Worker:Gpus (--gpus, Goldstone__Worker__Gpus) is {options.Worker.Gpus}: use 0 (CPU only) to 1024, or leave it unset to detect them with nvidia-smi");
        if (options.Worker.ThreadsPerTrial < 1)
            errors.Add($"Goldstone:Worker:ThreadsPerTrial (Goldstone__Worker__ThreadsPerTrial) is {options.Worker.ThreadsPerTrial}: use 1 or more");
        if (options.Worker.PollInterval <= TimeSpan.Zero)
            errors.Add("Goldstone:Worker:PollInterval (Goldstone__Worker__PollInterval) must be positive, e.g. 00:00:00.5");
        if (options.Worker.HeartbeatInterval <= TimeSpan.Zero)
            errors.Add("Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval) must be positive, e.g. 00:00:05");
        if (options.Worker.DrainTimeout < TimeSpan.Zero || options.Worker.DrainTimeout > TimeSpan.FromHours(1))
            errors.Add($"Goldstone:Worker:DrainTimeout (Goldstone__Worker__DrainTimeout) is {options.Worker.DrainTimeout}: use 00:00:00 (stop at once) to 01:00:00");
        if (options.Worker.TrialsPerProcess < 1)
            errors.Add($"Goldstone:Worker:TrialsPerProcess (Goldstone__Worker__TrialsPerProcess) is {options.Worker.TrialsPerProcess}: use 1 (a fresh trainer per trial) or more");
        if (options.Worker.TrainerMemoryLimitMb < 0)
            errors.Add($"Goldstone:Worker:TrainerMemoryLimitMb (Goldstone__Worker__TrainerMemoryLimitMb) is {options.Worker.TrainerMemoryLimitMb}: use 0 (no limit) or a size in MiB");
        if (options.Worker.Enabled && !File.Exists(options.Worker.EffectiveTrainerPath))
            errors.Add(options.Worker.TrainerPath.Length > 0
                ? $"Goldstone:Worker:TrainerPath (Goldstone__Worker__TrainerPath) '{options.Worker.TrainerPath}' does not exist: give the path of Goldstone.Trainer.dll"
                : $"the trainer {options.Worker.EffectiveTrainerPath} is missing: build the solution, or set Goldstone:Worker:TrainerPath (Goldstone__Worker__TrainerPath)");
        return errors;
    }

    /// <summary>Azure's container name rule: 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.</summary>
    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && !name.Contains("--", StringComparison.Ordinal)
        && name[^1] != '-' && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-');
}

/// <summary>Options that failed validation; the message lists every problem.</summary>
public sealed class GoldstoneConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", errors))
{
    /// <summary>Each problem, one line.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
