using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>examples/rg-clt.yaml (study B) as the parser reads it: 4 models × 4 activations × 3 widths × 10 seeds; and
/// the spec side of the deepsets model.</summary>
public sealed class RgCltExampleTests
{
    [Fact]
    public void Parse_Example_Has480TrialsOverModelsActivationsAndWidthsWithTheSymmetricMlpBaseline()
    {
        var result = SpecParser.Parse(Repository.Read("examples/rg-clt.yaml"));

        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        var points = Grid.Points(spec.Search.Space);
        Assert.Equal(10, spec.Seeds.Count);
        Assert.Equal(4 * 4 * 3, points.Count);
        Assert.Equal(480, points.Count * spec.Seeds.Count);
        Assert.Equal(["mlp_unconstrained", "mlp_symmetric", "mlp_overconstrained", "deepsets"],
            Grid.ValuesOf(spec.Search.Space.Single(p => p.Name == "model")).Select(v => v.Text));
        Assert.Equal([4.0, 16.0, 64.0], Grid.ValuesOf(spec.Search.Space.Single(p => p.Name == "width")).Select(v => v.Number));
        Assert.Equal(
            [new ParamValue("model", ParamType.Text, 0, "mlp_symmetric", false), new ParamValue("activation", ParamType.Text, 0, "relu", false),
                new ParamValue("width", ParamType.Number, 16, null, false)],
            spec.Table.Baseline!);
        Assert.Equal(["mse_in", "mse_ood"], spec.Table.LogScale);
        Assert.Equal("width", spec.Table.Trend);
    }

    [Fact]
    public void Parse_RgCltModelDeepSets_IsAccepted()
    {
        var spec = SpecText.Valid("name: c", "kind: rg_clt", "params:", "  model: deepsets", "epochs: 1");

        Assert.Contains(new ParamValue("model", ParamType.Text, 0, "deepsets", false), spec.Params);
    }

    [Fact]
    public void Parse_RgCltUnknownModel_ListsEveryModelDeepSetsIncluded()
    {
        var errors = SpecText.Errors("name: c", "kind: rg_clt", "params:", "  model: transformer", "epochs: 1");

        Assert.Equal(
            ["error: spec.yaml:4: params.model: 'transformer' is not allowed (allowed: mlp_unconstrained, mlp_symmetric, mlp_overconstrained, gnn, deepsets)"],
            errors);
    }
}
