using System.Text.Json;

namespace Goldstone.Tests.Deploy;

/// <summary>What the images' build stages produce, run here as the Dockerfiles say (ImageBuild).</summary>
[Collection(ImageBuildsCollection.Name)]
public sealed class ImageBuildTests(ImageBuilds images)
{
    [Fact]
    public void SiloImage_App_HoldsGoldstoneWithTheTrainerAndLibtorchBesideIt()
    {
        var app = images.Silo.App;

        Assert.All(["goldstone.dll", "Goldstone.Trainer.dll", "Goldstone.Trainer.runtimeconfig.json", "libLibTorchSharp.so", "libtorch_cpu.so"],
            file => Assert.True(File.Exists(Path.Combine(app, file)), $"{file} is missing from the silo image's /app"));
        // No native launcher: the image runs `dotnet goldstone.dll` (UseAppHost=false).
        Assert.False(File.Exists(Path.Combine(app, "goldstone")));
        Assert.Equal(["Microsoft.AspNetCore.App", "Microsoft.NETCore.App"], Frameworks(Path.Combine(app, "goldstone.runtimeconfig.json")));
    }

    [Fact]
    public async Task CliImage_App_LeavesLibtorchOutAndStillAnswers()
    {
        var app = images.Cli.App;
        var help = await ExternalProcess.RunAsync("dotnet", [Path.Combine(app, "goldstone.dll"), "--help"], "dotnet is missing", TimeSpan.FromMinutes(1));

        Assert.Empty(Directory.EnumerateFiles(app, "libtorch*"));
        Assert.Empty(Directory.EnumerateFiles(app, "libLibTorchSharp*"));
        Assert.True(File.Exists(Path.Combine(app, "goldstone.dll")));
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Description:\n", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nUsage:\n  goldstone [command] [options]\n", help.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The shared frameworks a runtimeconfig.json asks for, sorted.</summary>
    private static List<string> Frameworks(string runtimeConfig)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var options = json.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var many) ? many.EnumerateArray().ToList() : [options.GetProperty("framework")];
        return frameworks.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
    }
}
