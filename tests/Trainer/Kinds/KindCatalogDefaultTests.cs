using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Landscape;
using Goldstone.Trainer.Kinds.RgClt;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Trainer.Models.RgClt;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>
/// A request that omits every parameter runs with the catalog's defaults: each option, parsed from an empty request
/// and as the record's initialiser sets it, equals <c>KindCatalog.X[name].Default</c>, and every parameter with a
/// default is checked (a new parameter without a check here fails the last assertion).
/// </summary>
public sealed class KindCatalogDefaultTests
{
    [Fact]
    public void Parse_NothingGiven_SoftSymmetryOptionsAreTheCatalogDefaults()
    {
        foreach (var options in new[] { SoftSymmetryOptions.Parse(Empty()), new SoftSymmetryOptions() })
        {
            var check = new DefaultCheck(KindCatalog.SoftSymmetry);
            check.Is("width", options.Width);
            check.Is("depth", options.Depth);
            check.Is("activation", options.Activation.ToString().ToLowerInvariant());
            check.Is("penalty", options.Penalty);
            check.Is("symmetry", options.Symmetry.ToString().ToLowerInvariant());
            check.Is("penalty_variant", options.PenaltyVariant.ToString().ToLowerInvariant());
            check.Is("label_symmetry", options.LabelSymmetry.ToString().ToLowerInvariant());
            check.Is("symmetry_breaking", options.SymmetryBreaking);
            check.Is("batch_size", options.BatchSize);
            check.Is("train_size", options.TrainSize);
            check.Is("test_size", options.TestSize);
            check.Is("shift_scale", options.ShiftScale);
            check.Is("data_path", options.DataPath);
            check.Is("hessian_iterations", options.HessianIterations);
            check.Is("hessian_batch", options.HessianBatch);
            check.Is("trace_samples", options.TraceSamples);
            check.Is("lanczos_steps", options.LanczosSteps);
            check.Is("soft_mode_threshold", options.SoftModeThreshold);
            check.Is("exact_spectrum_max_params", options.ExactSpectrumMaxParams);
            check.Is("slq_probes", options.SlqProbes);
            check.Is("input_hessian_features", options.InputHessianFeatures);
            check.Is("sharpness_steps", options.SharpnessSteps);
            check.Is("sharpness_step", options.SharpnessStep);
            check.Is("distill_width", options.DistillWidth);
            check.Is("distill_depth", options.DistillDepth);
            check.Is("distill_transfer_size", options.DistillTransferSize);
            check.Is("distill_epochs", options.DistillEpochs);
            check.Is("distill_beta", options.DistillBeta);
            check.Is("distill_temperature", options.DistillTemperature);
            check.Is("slice_span", options.Slices.Span);
            check.Is("slice_points", options.Slices.LinePoints);
            check.Is("plane_points", options.Slices.PlanePoints);
            check.Is("lmc_points", options.LmcPoints);
            check.Is("every_epochs", options.EveryEpochs);
            check.Optimizer(options.Optimizer);
            check.CoversEveryDefault();
        }
    }

    [Fact]
    public void Parse_NothingGiven_AdversarialOptionsAreTheCatalogDefaults()
    {
        foreach (var options in new[] { AdversarialOptions.Parse(Empty()), new AdversarialOptions() })
        {
            var check = new DefaultCheck(KindCatalog.Adversarial);
            check.Is("attack", AttackNames.NameOf(options.Attack));
            check.Is("sparsity", options.Sparsity);
            check.Is("mask_interval", options.MaskInterval);
            check.Is("mask_t_end", options.MaskEndEpoch);
            check.Is("warmup_steps", options.WarmupSteps);
            check.Is("epsilon", options.Epsilon);
            check.Is("pgd_epsilon", options.PgdEpsilon);
            check.Is("pgd_steps", options.PgdSteps);
            check.Is("pgd_alpha", options.PgdAlpha);
            check.Is("widths", string.Join(',', options.Widths));
            check.Is("batch_size", options.BatchSize);
            check.Is("train_size", options.TrainSize);
            check.Is("val_size", options.ValSize);
            check.Is("test_size", options.TestSize);
            check.Is("metric_batches", options.MetricBatches);
            check.Is("metric_batch_size", options.MetricBatchSize);
            check.Is("input_hessian_features", options.InputHessianFeatures);
            check.Is("sharpness_steps", options.SharpnessSteps);
            check.Is("sharpness_step", options.SharpnessStep);
            check.Is("data_path", options.DataPath);
            check.Is("shift_data_path", options.ShiftDataPath);
            check.Optimizer(options.Optimizer);
            check.CoversEveryDefault();
            // lr's default depends on the attack (the catalog has a note, no value); attack none takes the clean rate.
            Assert.Null(KindCatalog.Adversarial["lr"].Default);
            Assert.Equal(KindCatalog.AdversarialCleanLearningRate, options.Optimizer.LearningRate);
        }
    }

    [Fact]
    public void Parse_NothingGiven_LandscapeOptionsAreTheCatalogDefaults()
    {
        foreach (var options in new[] { LandscapeOptions.Parse(Empty()), new LandscapeOptions() })
        {
            var check = new DefaultCheck(KindCatalog.Landscape);
            check.Is("surface", options.Surface == SurfaceKind.ManyMinima2D ? "many_minima_2d" : "weierstrass_1d");
            check.Is("steps", options.Steps);
            check.Is("start_spread", options.StartSpread);
            check.Is("terms", options.Terms);
            check.Is("minima", options.Minima);
            check.Is("divergence_bound", options.DivergenceBound);
            check.Is("curvature_tail_steps", options.CurvatureTailSteps);
            check.Optimizer(options.Optimizer);
            check.CoversEveryDefault();
            // The start depends on the surface: absent stays absent, and LandscapeKind.Start chooses.
            Assert.Null(options.StartX);
            Assert.Null(options.StartY);
        }
    }

    [Fact]
    public void Parse_NothingGiven_RgCltOptionsAreTheCatalogDefaults()
    {
        foreach (var options in new[] { RgCltOptions.Parse(Empty()), new RgCltOptions() })
        {
            var check = new DefaultCheck(KindCatalog.RgClt);
            check.Is("model", ChainModels.Name(options.Model));
            check.Is("activation", BlockActivations.Name(options.Activation));
            check.Is("width", options.Width);
            check.Is("depth", options.Depth);
            check.Is("train_dists", string.Join(',', options.TrainDistributions.Select(InputDistributions.Name)));
            check.Is("test_dists", string.Join(',', options.TestDistributions.Select(InputDistributions.Name)));
            check.Is("chain_log2", options.ChainLog2);
            check.Is("iterations", options.Iterations);
            check.Is("lr", options.LearningRate);
            check.Is("batch_size", options.BatchSize);
            check.Is("train_size", options.TrainSize);
            check.Is("test_size", options.TestSize);
            check.CoversEveryDefault();
        }
    }

    [Fact]
    public void Parse_NothingGiven_OptimizerOptionsAreTheGeneralCatalogDefaults()
    {
        var check = new DefaultCheck(OptimizerOptions.General);

        check.Optimizer(new OptimizerOptions());
        check.CoversEveryDefault();
    }

    private static TrialParameters Empty() => new(new Dictionary<string, JsonElement>());

    /// <summary>Compares options with a kind's catalog defaults and remembers which parameters it compared.</summary>
    private sealed class DefaultCheck(KindDefinition kind)
    {
        private readonly HashSet<string> _checked = new(StringComparer.Ordinal);

        public void Is(string name, object actual)
        {
            _checked.Add(name);
            Assert.True(Equals(kind[name].Default, actual), $"{kind.Name}.{name}: the option is {actual}, the catalog default {kind[name].DescribeDefault()}");
        }

        public void Optimizer(OptimizerOptions options)
        {
            Is("optimizer", OptimizerOptions.NameOf(options.Optimizer));
            if (kind["lr"].Default is not null) Is("lr", options.LearningRate);
            else _checked.Add("lr");
            Is("momentum", options.Momentum);
            Is("weight_decay", options.WeightDecay);
            Is("rho", options.Rho);
            Is("sam_base", OptimizerOptions.NameOf(options.SamBase));
            Is("radius", options.Radius);
            Is("inner_steps", options.InnerSteps);
            Is("inner_lr", options.InnerLearningRate);
            Is("grad_clip", options.GradClip);
            Assert.Null(options.InnerHorizon);
        }

        public void CoversEveryDefault() =>
            Assert.Equal(kind.Params.Where(p => p.Default is not null).Select(p => p.Name).Order(StringComparer.Ordinal),
                _checked.Where(name => kind[name].Default is not null).Order(StringComparer.Ordinal));
    }
}
