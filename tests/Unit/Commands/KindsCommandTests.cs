using Goldstone.Cli.Commands;

namespace Goldstone.Tests.Unit.Commands;

public sealed class KindsCommandTests
{
    [Fact]
    public void Execute_NoKind_ListsEveryKindSorted()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, KindsCommand.Execute(null, output, error));
        Assert.Equal("adversarial\nlandscape\nrg_clt\nsoft_symmetry\nsynthetic\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Execute_Synthetic_ListsItsParametersAndMetrics()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, KindsCommand.Execute("synthetic", output, error));
        Assert.Equal("""
            kind: synthetic
            parameters:
              x               a number
              y               a number
              duration        a number >= 0
              fail_prob       a number >= 0 and <= 1
              failure_mode    error, exit, crash, malformed, hang
              noise           a number >= 0
              profile_points  an integer >= 0 and <= 4096
            metrics:
              score  higher is better
              loss   lower is better

            """.ReplaceLineEndings("\n"), output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Execute_UnknownKind_ExitsTwoWithTheKinds()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, KindsCommand.Execute("nope", output, error));
        Assert.Equal("", output.ToString());
        Assert.Equal("error: unknown kind 'nope' (allowed: adversarial, landscape, rg_clt, soft_symmetry, synthetic)\n", error.ToString().ReplaceLineEndings("\n"));
    }
}
