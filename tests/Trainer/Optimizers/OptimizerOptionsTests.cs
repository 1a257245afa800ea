using Goldstone.Grains.Specs;
using Goldstone.Schema;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;
using static Goldstone.Tests.Trainer.Optimizers.OptimizerTestRequests;

namespace Goldstone.Tests.Trainer.Optimizers;

public sealed class OptimizerOptionsTests
{
    [Fact]
    public void Parse_NothingGiven_TakesTheKindsDefaults()
    {
        var options = Options(new { }, KindCatalog.Landscape);

        Assert.Equal(new OptimizerOptions { Optimizer = OptimizerKind.RollingBall }, options);
    }

    [Fact]
    public void Parse_NothingGivenWithADependentLrDefault_TakesTheCallersLr()
    {
        var options = OptimizerOptions.Parse(Parameters(new { }), KindCatalog.Adversarial, learningRate: 5e-5);

        Assert.Equal(new OptimizerOptions { Optimizer = OptimizerKind.AdamW, LearningRate = 5e-5, WeightDecay = 1e-5, GradClip = 5 }, options);
    }

    [Fact]
    public void Parse_DependentLrDefaultWithoutTheCallersLr_ThrowsNamingTheNote()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(new { }, KindCatalog.Adversarial));

        Assert.Equal("parameter lr has no number default (0.0001 with attack none, 5e-5 with any other attack); the reader must supply one", error.Message);
    }

    [Fact]
    public void Parse_EveryParameter_ReadsEach()
    {
        var options = Options(new
        {
            optimizer = "sam", lr = 0.2, momentum = 0.9, weight_decay = 0.3, rho = 0.4, sam_base = "adamw",
            radius = 0.5, inner_steps = 6, inner_lr = 0.7, grad_clip = 8.0,
        });

        Assert.Equal(new OptimizerOptions
        {
            Optimizer = OptimizerKind.Sam, LearningRate = 0.2, Momentum = 0.9, WeightDecay = 0.3, Rho = 0.4, SamBase = OptimizerKind.AdamW,
            Radius = 0.5, InnerSteps = 6, InnerLearningRate = 0.7, GradClip = 8,
        }, options);
    }

    [Fact]
    public void Parse_UnknownOptimizer_ThrowsNamingTheKeyAndTheAllowedValues()
    {
        var error = Assert.Throws<TrialRequestException>(() => Options(new { optimizer = "lbfgs" }));

        Assert.Equal("params.optimizer: 'lbfgs' is not allowed (allowed: sgd, adam, adamw, sam, rolling_ball)", error.Message);
    }

    [Fact]
    public void Parse_UnknownSamBase_ThrowsNamingTheKeyAndTheAllowedValues()
    {
        var error = Assert.Throws<TrialRequestException>(() => Options(new { optimizer = "sam", sam_base = "sam" }));

        Assert.Equal("params.sam_base: 'sam' is not allowed (allowed: sgd, adam, adamw)", error.Message);
    }

    [Theory]
    [InlineData("lr", 0.0, "params.lr: 0 is outside (0, Infinity]")]
    [InlineData("inner_lr", 0.0, "params.inner_lr: 0 is outside (0, Infinity]")]
    [InlineData("radius", -1.0, "params.radius: -1 is outside [0, Infinity]")]
    [InlineData("momentum", 1.5, "params.momentum: 1.5 is outside [0, 1]")]
    [InlineData("grad_clip", -0.5, "params.grad_clip: -0.5 is outside [0, Infinity]")]
    [InlineData("inner_steps", 0.0, "params.inner_steps: 0 is outside [1, 10000]")]
    public void Parse_OutOfRange_ThrowsNamingTheKeyAndTheAllowedRange(string name, double value, string message)
    {
        var parameters = new Dictionary<string, object> { [name] = name == "inner_steps" ? (int)value : value };

        var error = Assert.Throws<TrialRequestException>(() => OptimizerOptions.Parse(Parameters(parameters), OptimizerOptions.General));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(20, 0.05)]
    [InlineData(200, 0.005)]
    public void Parse_InnerHorizon_SetsTheInnerStepToTheHorizonOverTheSteps(int innerSteps, double innerLr)
    {
        var options = Options(new { optimizer = "rolling_ball", inner_steps = innerSteps, inner_horizon = 1.0 });

        Assert.Equal(innerLr, options.InnerLearningRate, 1e-17);
        Assert.Equal(1.0, options.InnerHorizon);
    }

    [Fact]
    public void Parse_InnerHorizonWithInnerLr_ThrowsNamingBothKeys()
    {
        var error = Assert.Throws<TrialRequestException>(() => Options(new { inner_horizon = 1.0, inner_lr = 0.05 }));

        Assert.Equal("params.inner_horizon: given together with inner_lr (allowed: one of the two; inner_horizon sets inner_lr = inner_horizon / inner_steps)", error.Message);
    }

    [Fact]
    public void Parse_InnerHorizonZero_ThrowsNamingTheKeyAndTheAllowedValues()
    {
        var error = Assert.Throws<TrialRequestException>(() => Options(new { inner_horizon = 0.0 }));

        Assert.Equal("params.inner_horizon: 0 is outside (0, Infinity]", error.Message);
    }

    [Fact]
    public void Parse_RadiusWithSgd_IsAcceptedBecauseGridsCrossOptimizersWithTheirParameters()
    {
        var options = Options(new { optimizer = "sgd", radius = 0.3, inner_steps = 4 });

        Assert.Equal(OptimizerKind.Sgd, options.Optimizer);
        Assert.Equal(0.3, options.Radius);
    }

    [Fact]
    public void Parse_WrongType_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<TrialRequestException>(() => Options(new { lr = "fast" }));

        Assert.Equal("params.lr: expected a number, got \"fast\"", error.Message);
    }

    [Fact]
    public void ParameterNames_AreTheNamesParseReads()
    {
        var parameters = Parameters(new { zz = 1 });
        OptimizerOptions.Parse(parameters, OptimizerOptions.General);

        var error = Assert.Throws<TrialRequestException>(parameters.RejectUnknown);

        Assert.Equal($"params: unknown parameter(s) zz (allowed: {string.Join(", ", OptimizerOptions.ParameterNames.Order(StringComparer.Ordinal))})", error.Message);
    }

    [Fact]
    public void ParameterNames_AreTheCatalogsOptimizerParamsWithTheSameChoices()
    {
        Assert.Equal(OptimizerOptions.ParameterNames, KindCatalog.OptimizerParams.Select(p => p.Name));
        Assert.Equal(OptimizerOptions.OptimizerNames, KindCatalog.OptimizerParams.Single(p => p.Name == "optimizer").Choices);
        Assert.Equal(OptimizerOptions.SamBaseNames, KindCatalog.OptimizerParams.Single(p => p.Name == "sam_base").Choices);
    }
}
