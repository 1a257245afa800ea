namespace Goldstone.Tests.Deploy;

/// <summary>
/// What can be checked of the Dockerfiles without a Docker engine: the files they copy exist, they copy every
/// project the CLI needs, and they publish it with the right backend onto the right bases. ImageBuildTests runs
/// their build stage.
/// </summary>
public sealed class DockerfileTests
{
    private const string Silo = "docker/silo.Dockerfile";
    private const string SiloGpu = "docker/silo-gpu.Dockerfile";
    private const string CliImage = "docker/cli.Dockerfile";

    [Theory]
    [InlineData(Silo)]
    [InlineData(SiloGpu)]
    [InlineData(CliImage)]
    public void Dockerfile_Copy_EverySourceExistsInTheRepository(string path)
    {
        var sources = Dockerfile.Load(path).Stages.SelectMany(s => s.CopiesFromContext).SelectMany(c => c.Sources).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(File.Exists(Repository.PathOf(source)) || Directory.Exists(Repository.PathOf(source)),
            $"{path} copies {source}, which is not in the repository"));
    }

    [Theory]
    [InlineData(Silo)]
    [InlineData(SiloGpu)]
    [InlineData(CliImage)]
    public void Dockerfile_BuildStage_CopiesEveryProjectTheCliReferencesAndTheSharedBuildFiles(string path)
    {
        var copies = Dockerfile.Load(path).Build.CopiesFromContext.SelectMany(c => c.Sources).ToList();
        var closure = Projects.Closure(Projects.Cli);

        Assert.Equal(closure, copies.Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(closure.Select(p => p[..(p.IndexOf('/') + 1)]).Order(StringComparer.Ordinal),
            copies.Where(s => s.EndsWith('/')).Order(StringComparer.Ordinal));
        Assert.Contains("Directory.Build.props", copies);
        Assert.Contains("Directory.Packages.props", copies);
        Assert.Contains(".editorconfig", copies);
    }

    [Theory]
    [InlineData(Silo, "")]
    [InlineData(SiloGpu, " -p:TorchBackend=TorchSharp-cuda-linux")]
    [InlineData(CliImage, "")]
    public void Dockerfile_BuildStage_RestoresAndPublishesTheCliForLinuxWithItsBackend(string path, string backend)
    {
        var runs = Dockerfile.Load(path).Build.Runs.ToList();

        Assert.Contains(runs, r => r.StartsWith($"dotnet restore {Projects.Cli} -r linux-x64{backend}", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.StartsWith($"dotnet publish {Projects.Cli} -c Release -r linux-x64 --self-contained false --no-restore", StringComparison.Ordinal)
            && r.Contains(" -o /app", StringComparison.Ordinal)
            && r.Contains(backend, StringComparison.Ordinal));
        if (backend.Length == 0) Assert.DoesNotContain(runs, r => r.Contains("TorchBackend", StringComparison.Ordinal));
    }

    [Fact]
    public void GpuDockerfile_Backend_IsACentrallyVersionedPackageOnAnUbuntu2404CudaRuntime()
    {
        var gpu = Dockerfile.Load(SiloGpu);

        Assert.Contains("<PackageVersion Include=\"TorchSharp-cuda-linux\"", Repository.Read("Directory.Packages.props"), StringComparison.Ordinal);
        Assert.Matches(@"^nvidia/cuda:12\.\d+(\.\d+)?-runtime-ubuntu24\.04$", gpu.Final.Image);
        // The .NET runtime comes from the aspnet image of the same Ubuntu release.
        Assert.Contains(gpu.Final.Instructions, i => i.Keyword == "COPY" && i.Arguments == "--from=dotnet /usr/share/dotnet /usr/share/dotnet");
        Assert.Equal(AspNet, gpu.Stages.Single(s => s.Name == "dotnet").Image);
    }

    [Theory]
    [InlineData(Silo)]
    [InlineData(SiloGpu)]
    [InlineData(CliImage)]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunOnAspNetCoreOfTheTargetFramework(string path)
    {
        var dockerfile = Dockerfile.Load(path);

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{Version}", dockerfile.Build.Image);
        // The silo serves HTTP with Kestrel (a FrameworkReference to Microsoft.AspNetCore.App).
        Assert.Contains("<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />", Repository.Read("silo/Goldstone.Silo.csproj"), StringComparison.Ordinal);
        if (path != SiloGpu) Assert.Equal(AspNet, dockerfile.Final.Image);
    }

    [Theory]
    [InlineData(Silo, "silo")]
    [InlineData(SiloGpu, "silo")]
    [InlineData(CliImage, "--help")]
    public void Dockerfile_Image_RunsTheGoldstoneWrapperAsTheAppUser(string path, string command)
    {
        var final = Dockerfile.Load(path).Final.Instructions;

        Assert.Contains(final, i => i.Keyword == "COPY" && i.Arguments == "--from=build /app ./");
        Assert.Contains(final, i => i.Keyword == "WORKDIR" && i.Arguments == "/app");
        Assert.Contains(final, i => i.Keyword == "RUN" && i.Arguments.Contains(
            """printf '#!/bin/sh\nexec dotnet /app/goldstone.dll "$@"\n' > /usr/local/bin/goldstone""", StringComparison.Ordinal));
        Assert.Equal("app", final.Last(i => i.Keyword == "USER").Arguments);
        Assert.Equal("[\"goldstone\"]", final.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Equal($"[\"{command}\"]", final.Single(i => i.Keyword == "CMD").Arguments);
    }

    private static string Version => Projects.TargetFramework["net".Length..];

    private static string AspNet => $"mcr.microsoft.com/dotnet/aspnet:{Version}";
}
