using System.Text.Json;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Protocol;

public sealed class TrialRequestTests
{
    [Fact]
    public void Deserialize_WithoutGpus_AsksForNone()
    {
        var request = JsonSerializer.Deserialize<TrialRequest>("""{"kind":"soft_symmetry"}""", ProtocolJson.Options)!;

        Assert.Equal(0, request.Gpus);
    }

    [Fact]
    public void Deserialize_Gpus_ReadsTheSnakeCaseField()
    {
        var request = JsonSerializer.Deserialize<TrialRequest>("""{"kind":"soft_symmetry","gpus":2}""", ProtocolJson.Options)!;

        Assert.Equal(2, request.Gpus);
    }
}
