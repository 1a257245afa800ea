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
    public void Execute_Synthetic_ListsItsParametersWithDefaultAndHelpAndItsMetrics()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, KindsCommand.Execute("synthetic", output, error));
        Assert.Equal("""
            kind: synthetic
            parameters:
              x               a number; default 0
                              first coordinate of the objective (best at 0.5)
              y               a number; default 0
                              second coordinate of the objective (best at -0.25)
              duration        a number >= 0; default 0
                              seconds the trial sleeps, spread over its epochs
              fail_prob       a number >= 0 and <= 1; default 0
                              probability that an attempt fails at a seeded epoch
              failure_mode    error, exit, crash, malformed, hang; default exit
                              how a failing attempt fails
              noise           a number >= 0; default 0.01
                              standard deviation of the seeded noise on the score
              profile_points  an integer >= 0 and <= 4096; default 0
                              points of the score profile along x (0: none)
            metrics:
              score  higher is better
              loss   lower is better

            """.ReplaceLineEndings("\n"), output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Execute_Adversarial_ShowsDependentDefaultsAsTheirNoteAndParametricMetricsWithTheirDomain()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, KindsCommand.Execute("adversarial", output, error));
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');

        Assert.Contains("  lr                      a number > 0; default 0.0001 with attack none, 5e-5 with any other attack", lines);
        Assert.Contains("  weight_decay            a number >= 0; default 1e-5", lines);
        Assert.Contains("  data_path               a string; default \"\"", lines);
        Assert.Contains("  bkg_rejection@<x>            higher is better  x a number > 0 and < 1", lines);
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
