using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Protocol;

/// <summary>The wire of the report lines: the schema's records written as the silo reads them, byte for byte.</summary>
public sealed class ReportWriterTests
{
    [Fact]
    public void Write_EveryLineType_IsOneSnakeCaseObjectPerLineWithTheTypeFirst()
    {
        var output = new StringWriter();
        var writer = new ReportWriter(output);

        writer.Epoch(1, new Dictionary<string, double> { ["loss"] = 0.5 });
        writer.Epoch(2, new Dictionary<string, double> { ["loss"] = double.NaN, ["val_auc"] = double.PositiveInfinity }, samples: 128);
        writer.Checkpoint(2);
        writer.Profile("loss_slice", [0, 1], [], [0.5, 0.25]);
        writer.Result(new Dictionary<string, double> { ["auc"] = 0.75 });
        writer.Error("params.x: 'a' is not allowed");

        Assert.Equal(
            """
            {"type":"epoch","epoch":1,"metrics":{"loss":0.5}}
            {"type":"epoch","epoch":2,"metrics":{"loss":"NaN","val_auc":"Infinity"},"samples":128}
            {"type":"checkpoint","epoch":2}
            {"type":"profile","name":"loss_slice","x":[0,1],"y":[],"values":[0.5,0.25]}
            {"type":"result","metrics":{"auc":0.75}}
            {"type":"error","message":"params.x: \u0027a\u0027 is not allowed"}

            """.ReplaceLineEndings("\n"), output.ToString());
    }
}
