using Goldstone.Schema;

namespace Goldstone.Tests.Unit.Schema;

public sealed class ParamSchemaTests
{
    public static TheoryData<string, string> EveryParameter()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in KindCatalog.Kinds.Values)
        foreach (var param in kind.Params) data.Add(kind.Name, param.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryParameter))]
    public void Default_EveryParameter_HasTheParametersTypeAndIsAllowed(string kind, string name)
    {
        var param = KindCatalog.Kinds[kind][name];

        switch (param.Default)
        {
            case null:
                Assert.False(string.IsNullOrEmpty(param.DefaultNote), $"{kind}.{name} has neither a default nor a note on how it is chosen");
                break;
            case double number:
                Assert.Equal(ParamKind.Real, param.Kind);
                Assert.True(param.InRange(number), $"{kind}.{name}: default {number} outside {param.Interval()}");
                break;
            case int integer:
                Assert.Equal(ParamKind.Integer, param.Kind);
                Assert.True(param.InRange(integer), $"{kind}.{name}: default {integer} outside {param.Interval()}");
                break;
            case string text when param.Kind == ParamKind.Choice:
                Assert.Contains(text, param.Choices!);
                break;
            case string:
                Assert.Equal(ParamKind.Text, param.Kind);
                break;
            default:
                Assert.Fail($"{kind}.{name}: default of type {param.Default.GetType().Name}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(EveryParameter))]
    public void Help_EveryParameter_IsOneLine(string kind, string name)
    {
        var help = KindCatalog.Kinds[kind][name].Help;

        Assert.False(string.IsNullOrWhiteSpace(help), $"{kind}.{name} has no help");
        Assert.DoesNotContain('\n', help);
    }

    [Fact]
    public void DescribeDefault_ValueNoteOrNothing_IsWrittenAsKindsShowsIt()
    {
        Assert.Equal("0.01", KindCatalog.Synthetic["noise"].DescribeDefault());
        Assert.Equal("4096", KindCatalog.SoftSymmetry["exact_spectrum_max_params"].DescribeDefault());
        Assert.Equal("relu", KindCatalog.SoftSymmetry["activation"].DescribeDefault());
        Assert.Equal("\"\"", KindCatalog.SoftSymmetry["data_path"].DescribeDefault());
        Assert.Equal("1e-5", KindCatalog.Adversarial["weight_decay"].DescribeDefault());
        Assert.Equal("0.0001 with attack none, 5e-5 with any other attack", KindCatalog.Adversarial["lr"].DescribeDefault());
        Assert.Equal("none", new ParamSchema("p", ParamKind.Real).DescribeDefault());
    }

    [Fact]
    public void DefaultNumber_ParameterWithADependentDefault_ThrowsNamingTheNote()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KindCatalog.Landscape["start_x"].DefaultNumber);

        Assert.Equal("parameter start_x has no number default (2 on weierstrass_1d; drawn from [−2, 2] with the trial seed on many_minima_2d); "
            + "the reader must supply one", error.Message);
    }

    [Theory]
    [InlineData(5e-5, "5e-5")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e20, "1e20")]
    [InlineData(2.5, "2.5")]
    public void FormatNumber_Value_IsShortestRoundTripWithALowerCaseExponent(double value, string expected)
    {
        Assert.Equal(expected, ParamSchema.FormatNumber(value));
    }

    private static string Bounds(ParamSchema p) => $"{p.Name} {p.Kind} {p.Interval()} {string.Join('|', p.Choices ?? [])} {p.Help}";

    [Fact]
    public void OptimizerParamsWith_KindDefaults_ReplaceOnlyTheGivenDefaults()
    {
        Assert.Equal("adamw", KindCatalog.Adversarial["optimizer"].Default);
        Assert.Equal(5.0, KindCatalog.Adversarial["grad_clip"].Default);
        Assert.Equal("rolling_ball", KindCatalog.Landscape["optimizer"].Default);
        Assert.Equal(0.001, KindCatalog.Landscape["lr"].Default);
        Assert.Equal(0.01, KindCatalog.Landscape["weight_decay"].Default);
        Assert.Equal(KindCatalog.OptimizerParams.Select(Bounds), KindCatalog.Adversarial.Params.Where(p => KindCatalog.OptimizerParams.Any(o => o.Name == p.Name)).Select(Bounds));
    }
}
