using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>examples/adversarial.yaml (study C) as the parser reads it: six rows of six seeds, the per-class metrics.</summary>
public sealed class AdversarialExampleTests
{
    [Fact]
    public void Parse_Example_HasSixAttackRowsOfSixSeedsWithThePlainBaseline()
    {
        var result = SpecParser.Parse(Repository.Read("examples/adversarial.yaml"));

        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        var points = Grid.Points(spec.Search.Space);
        Assert.Equal(6, points.Count);
        Assert.Equal(6, spec.Seeds.Count);
        Assert.Equal(36, points.Count * spec.Seeds.Count);
        Assert.Equal(["none", "none_attack_lr", "sam", "ssam_d", "fgsm", "pgd"],
            Grid.ValuesOf(spec.Search.Space.Single(p => p.Name == "attack")).Select(v => v.Text));
        Assert.Equal([new ParamValue("attack", ParamType.Text, 0, "none", false)], spec.Table.Baseline!);
        Assert.Contains(new ParamValue("train_size", ParamType.Number, 40000, null, false), spec.Params);
    }

    [Fact]
    public void Parse_Example_TableListsEveryPerClassAndTuneCurvatureMetric()
    {
        var spec = SpecParser.Parse(Repository.Read("examples/adversarial.yaml")).Spec!;

        string[] metrics = ["sharpness_ga_w", "sharpness_ga_x", "reduced_hessian_w", "reduced_hessian_x"];
        foreach (var metric in metrics)
        {
            foreach (var suffix in new[] { "_qcd", "_hbb", "_shift_qcd", "_shift_hbb" })
                Assert.Contains(metric + suffix, spec.Table.Metrics);
        }
    }
}
