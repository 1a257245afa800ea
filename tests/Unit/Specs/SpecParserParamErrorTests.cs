namespace Goldstone.Tests.Unit.Specs;

/// <summary>Fixed parameters: unknown names, wrong types, values outside the kind's domain.</summary>
public sealed class SpecParserParamErrorTests
{
    private const string SyntheticParams = "x, y, duration, fail_prob, failure_mode, noise, profile_points";

    [Fact]
    public void Parse_UnknownParamForKind_ListsTheKindsParams()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params:", "  x: 1", "  width: 8");

        Assert.Equal([$"error: spec.yaml:5: params.width: unknown parameter 'width' for kind synthetic (allowed: {SyntheticParams})"], errors);
    }

    [Fact]
    public void Parse_UnknownParamInSearchSpace_ListsTheKindsParams()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    depth:", "      values: [1, 2]");

        Assert.Equal([$"error: spec.yaml:5: search.space.depth: unknown parameter 'depth' for kind synthetic (allowed: {SyntheticParams})"], errors);
    }

    [Fact]
    public void Parse_StringForANumericParam_SaysANumberIsExpected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params:", "  x: abc", "  y: \"1\"");

        Assert.Equal(
        [
            "error: spec.yaml:4: params.x: expected a number, got 'abc' (allowed: a number)",
            "error: spec.yaml:5: params.y: expected a number, got '1' (allowed: a number)",
        ], errors);
    }

    [Fact]
    public void Parse_FloatForAnIntegerParam_SaysAnIntegerIsExpected()
    {
        var errors = SpecText.Errors("name: a", "kind: soft_symmetry", "params:", "  width: 64.5");

        Assert.Equal(["error: spec.yaml:4: params.width: expected an integer, got '64.5' (allowed: an integer >= 1 and <= 4096)"], errors);
    }

    [Fact]
    public void Parse_ListForAParam_SaysASingleValueIsExpected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params:", "  x: [1, 2]");

        Assert.Equal(["error: spec.yaml:4: params.x: expected a single value, got a list (allowed: a number)"], errors);
    }

    [Fact]
    public void Parse_ParamsAsList_IsNotAMapping()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params: [x]");

        Assert.Equal(["error: spec.yaml:3: params: expected a mapping of keys, got a list"], errors);
    }

    [Theory]
    [InlineData("synthetic", "fail_prob: 1.5", "params.fail_prob: 1.5 is out of range (allowed: a number >= 0 and <= 1)")]
    [InlineData("synthetic", "duration: -1", "params.duration: -1 is out of range (allowed: a number >= 0)")]
    [InlineData("soft_symmetry", "lr: 0", "params.lr: 0 is out of range (allowed: a number > 0)")]
    [InlineData("soft_symmetry", "depth: 65", "params.depth: 65 is out of range (allowed: an integer >= 1 and <= 64)")]
    [InlineData("soft_symmetry", "shift_scale: -1", "params.shift_scale: -1 is out of range (allowed: a number >= -0.9 and <= 10)")]
    public void Parse_ParamOutsideItsDomain_SaysTheDomain(string kind, string entry, string expected)
    {
        var errors = SpecText.Errors("name: a", $"kind: {kind}", "params:", $"  {entry}");

        Assert.Equal([$"error: spec.yaml:4: {expected}"], errors);
    }

    [Fact]
    public void Parse_ChoiceNotAmongTheChoices_ListsTheChoices()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params:", "  failure_mode: explode");

        Assert.Equal(["error: spec.yaml:4: params.failure_mode: 'explode' is not allowed (allowed: error, exit, crash, malformed, hang)"], errors);
    }

    [Fact]
    public void Parse_NumberForATextParam_SaysAStringIsExpected()
    {
        var errors = SpecText.Errors("name: a", "kind: soft_symmetry", "params:", "  data_path: 5");

        Assert.Equal(["error: spec.yaml:4: params.data_path: expected a string, got 5 (allowed: a string)"], errors);
    }

    [Fact]
    public void Parse_ParamBothFixedAndSwept_IsReportedAtTheFixedKey()
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "params:",
            "  y: 1",
            "  x: 2",
            "search:",
            "  space:",
            "    x:",
            "      values: [1, 2]");

        Assert.Equal(["error: spec.yaml:5: params.x: 'x' is both fixed in params and swept in search.space (allowed: one of the two)"], errors);
    }
}
