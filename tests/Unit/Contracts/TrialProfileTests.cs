using Goldstone.Contracts;

namespace Goldstone.Tests.Unit.Contracts;

public sealed class TrialProfileTests
{
    [Fact]
    public void Problem_LineAndPlaneWithAValuePerPoint_IsNone()
    {
        Assert.Null(new TrialProfile("loss_slice", [-1, 0, 1], [], [1, 0, 1]).Problem());
        Assert.Null(new TrialProfile("loss_plane", [-1, 1], [-1, 0, 1], [1, 2, 3, 4, 5, double.NaN]).Problem());
        Assert.Null(new TrialProfile("big", Axis(32), Axis(32), new double[1024]).Problem());
    }

    [Theory]
    [InlineData("Loss", "profile name 'Loss' is not lower-case letters, digits and _")]
    [InlineData("", "profile name '' is not lower-case letters, digits and _")]
    [InlineData("loss-slice", "profile name 'loss-slice' is not lower-case letters, digits and _")]
    public void Problem_BadName_IsNamed(string name, string problem) =>
        Assert.Equal(problem, new TrialProfile(name, [0, 1], [], [0, 0]).Problem());

    [Fact]
    public void Problem_BadAxesOrCounts_AreNamed()
    {
        Assert.Equal("profile 'p' has 1 x values (at least 2)", new TrialProfile("p", [0], [], [0]).Problem());
        Assert.Equal("profile 'p' has 1 y value (none for a line, at least 2 for a plane)", new TrialProfile("p", [0, 1], [0], [0, 0]).Problem());
        Assert.Equal("profile 'p': the axes must be finite and increasing", new TrialProfile("p", [1, 0], [], [0, 0]).Problem());
        Assert.Equal("profile 'p': the axes must be finite and increasing", new TrialProfile("p", [0, double.NaN], [], [0, 0]).Problem());
        Assert.Equal("profile 'p': the axes must be finite and increasing", new TrialProfile("p", [0, 1], [0, 0], [0, 0, 0, 0]).Problem());
        Assert.Equal("profile 'p' has 3 values for 4 grid points", new TrialProfile("p", [0, 1], [0, 1], [0, 0, 0]).Problem());
        Assert.Equal("profile 'p' has 1089 grid points (at most 1024)", new TrialProfile("p", Axis(33), Axis(33), new double[1089]).Problem());
    }

    [Fact]
    public void Problem_OfAList_CountsAndNamesAreChecked()
    {
        var line = new TrialProfile("a", [0, 1], [], [0, 0]);

        Assert.Null(TrialProfile.Problem([line, line with { Name = "b" }]));
        Assert.Equal("profile 'a' reported twice", TrialProfile.Problem([line, line]));
        Assert.Equal("5 profiles (at most 4)", TrialProfile.Problem([.. "abcde".Select(c => line with { Name = c.ToString() })]));
        Assert.Equal("profile 'b' has 1 values for 2 grid points", TrialProfile.Problem([line, new TrialProfile("b", [0, 1], [], [0])]));
    }

    private static double[] Axis(int count) => [.. Enumerable.Range(0, count).Select(i => (double)i)];
}
