using System.Globalization;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Data;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>Whether the generated labels share the data's symmetries (<c>label_symmetry</c>).</summary>
public enum LabelSymmetry
{
    /// <summary>Every label is the event's physics class: the rotation and the z-flip leave P(signal | x) unchanged.</summary>
    Exact,

    /// <summary>A share <c>symmetry_breaking</c> of the labels is redrawn from the lepton's absolute azimuth, so the
    /// rotation changes P(signal | x) a little and a model forced to be invariant gives something up.</summary>
    Approximate,
}

/// <summary>The parameters of a <c>soft_symmetry</c> trial; every one is optional.</summary>
public sealed record SoftSymmetryOptions
{
    /// <summary>Largest train or test size accepted, so that a file's train and test features together fit one managed array.</summary>
    public const int MaxEvents = 30_000_000;

    /// <summary>Hidden units per layer (<c>width</c>, default 32, 1 to 4096).</summary>
    public int Width { get; init; } = 32;

    /// <summary>Hidden layers (<c>depth</c>, default 2, 1 to 64).</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Hidden nonlinearity (<c>activation</c>: relu, tanh or silu; default relu).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>λ, the weight of the symmetry penalty (<c>penalty</c>, default 0, ≥ 0).</summary>
    public double Penalty { get; init; }

    /// <summary>The symmetry the penalty enforces (<c>symmetry</c>: rotation or zflip; default rotation).</summary>
    public HiggsSymmetry Symmetry { get; init; } = HiggsSymmetry.Rotation;

    /// <summary>The penalty's form (<c>penalty_variant</c>: finite or infinitesimal; default finite). Infinitesimal
    /// needs the rotation: the z-flip is discrete and has no generator, and the request is rejected.</summary>
    public PenaltyVariant PenaltyVariant { get; init; } = PenaltyVariant.Finite;

    /// <summary>Whether the generated labels are exactly or approximately invariant (<c>label_symmetry</c>: exact or
    /// approximate; default exact). Approximate needs the generator: a file's labels are its own.</summary>
    public LabelSymmetry LabelSymmetry { get; init; } = LabelSymmetry.Exact;

    /// <summary>b, the share of generated labels redrawn from the lepton's azimuth with P(signal) = (1 + cos φ_ℓ)/2
    /// (<c>symmetry_breaking</c>, default 0, 0 to 1; above 0 only with label_symmetry: approximate). The Bayes score is
    /// (1 − b)·q(x) + b·(1 + cos φ_ℓ)/2; a rotation by π moves it by −b·cos φ_ℓ.</summary>
    public double SymmetryBreaking { get; init; }

    /// <summary>Adam's learning rate (<c>lr</c>, default 0.001, &gt; 0).</summary>
    public double LearningRate => Optimizer.LearningRate;

    /// <summary>The optimiser and its settings (<c>optimizer</c>, <c>lr</c>, … as every kind reads them); default Adam, lr 0.001.</summary>
    public OptimizerOptions Optimizer { get; init; } = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.001 };

    /// <summary>Events per batch (<c>batch_size</c>, default 256, ≥ 1); also the batch of <c>sharpness_ga_x</c> and of distillation.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Training events (<c>train_size</c>, default 4000, 1 to <see cref="MaxEvents"/>).</summary>
    public int TrainSize { get; init; } = 4000;

    /// <summary>Test events, nominal and shifted each (<c>test_size</c>, default 4000, 1 to <see cref="MaxEvents"/>).</summary>
    public int TestSize { get; init; } = 4000;

    /// <summary>Shift of the evaluation-only tune (<c>shift_scale</c>, default 0.05, −0.9 to 10): jet scale 1 + s, extra smearing |s|.</summary>
    public double ShiftScale { get; init; } = 0.05;

    /// <summary>A HIGGS CSV file to read instead of generating (<c>data_path</c>, default empty: generate); a relative
    /// path resolves against the trainer's working directory.</summary>
    public string DataPath { get; init; } = "";

    /// <summary>Most power-iteration steps for <c>hessian_top</c> (<c>hessian_iterations</c>, default 20, 1 to 1000).</summary>
    public int HessianIterations { get; init; } = Curvature.DefaultPowerIterations;

    /// <summary>Training events in the fixed batch of every curvature and sharpness metric (<c>hessian_batch</c>,
    /// default 1024, ≥ 1).</summary>
    public int HessianBatch { get; init; } = 1024;

    /// <summary>Rademacher probes of <c>hessian_trace</c> (<c>trace_samples</c>, default 50, 1 to 10000).</summary>
    public int TraceSamples { get; init; } = Curvature.DefaultTraceProbes;

    /// <summary>Lanczos steps per probe of the spectrum quadrature (<c>lanczos_steps</c>, default 80, 2 to 1000; capped
    /// by the parameter count).</summary>
    public int LanczosSteps { get; init; } = Curvature.DefaultLanczosSteps;

    /// <summary>Largest parameter count whose Hessian spectrum is computed exactly; above it, stochastic Lanczos
    /// quadrature (<c>exact_spectrum_max_params</c>, default 4096, 0 to 20000; 0: always the quadrature).</summary>
    public int ExactSpectrumMaxParams { get; init; } = EigenvalueDensity.DefaultExactLimit;

    /// <summary>Rademacher probe vectors of the spectrum quadrature (<c>slq_probes</c>, default 8, 1 to 100).</summary>
    public int SlqProbes { get; init; } = EigenvalueDensity.DefaultProbes;

    /// <summary>τ of <c>hessian_spectrum</c>: the share of eigenvalues with |λ| &lt; τ (<c>soft_mode_threshold</c>,
    /// default 0.01, &gt; 0), absolute, in units of the mean BCE's curvature; <c>soft_modes@r</c> is relative instead.</summary>
    public double SoftModeThreshold { get; init; } = Curvature.DefaultSoftModeThreshold;

    /// <summary>k of <c>reduced_hessian_x</c>: the input Hessian covers the first k features
    /// (<c>input_hessian_features</c>, default 28 = all, 1 to 28).</summary>
    public int InputHessianFeatures { get; init; } = HiggsFeatures.Count;

    /// <summary>Ascent steps of <c>sharpness_ga_w</c> and <c>sharpness_ga_x</c> (<c>sharpness_steps</c>, default 15, 1 to 1000).</summary>
    public int SharpnessSteps { get; init; } = Sharpness.DefaultSteps;

    /// <summary>Ascent step length (<c>sharpness_step</c>, default 0.01, &gt; 0): parameter units for the weights,
    /// raw feature units for the inputs.</summary>
    public double SharpnessStep { get; init; } = Sharpness.DefaultStepSize;

    /// <summary>Hidden units per layer of the <c>distill_ratio</c> student (<c>distill_width</c>, default 8, 1 to 4096).</summary>
    public int DistillWidth { get; init; } = 8;

    /// <summary>Hidden layers of the student (<c>distill_depth</c>, default 1, 1 to 64).</summary>
    public int DistillDepth { get; init; } = 1;

    /// <summary>Events of the transfer set the students learn from (<c>distill_transfer_size</c>, default 4000, 1 to
    /// <see cref="MaxEvents"/>): generated from a seed stream of their own, or from a file the rows after the test rows,
    /// never the teacher's training events.</summary>
    public int DistillTransferSize { get; init; } = 4000;

    /// <summary>Epochs of student training (<c>distill_epochs</c>, default 5, 1 to 1000).</summary>
    public int DistillEpochs { get; init; } = 5;

    /// <summary>β of the distillation loss (<c>distill_beta</c>, default 0.5, 0 to 1).</summary>
    public double DistillBeta { get; init; } = 0.5;

    /// <summary>Temperature T of the distillation loss (<c>distill_temperature</c>, default 2, &gt; 0).</summary>
    public double DistillTemperature { get; init; } = 2;

    /// <summary>The grids of <c>loss_slice</c> and <c>loss_plane</c> (<c>slice_span</c>, <c>slice_points</c>, <c>plane_points</c>).</summary>
    public SliceOptions Slices { get; init; } = new();

    /// <summary>Points on the straight path of <c>lmc_barrier</c>, ends included (<c>lmc_points</c>, default 11, 2 to 101).</summary>
    public int LmcPoints { get; init; } = ModeConnectivity.DefaultPoints;

    /// <summary>The requested <c>hessian_top</c> and <c>hessian_trace</c> are also measured after every N-th epoch and
    /// reported with that epoch's metrics (<c>every_epochs</c>, default 0: at the end only; 1 to 1000).</summary>
    public int EveryEpochs { get; init; }

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range, or the infinitesimal
    /// penalty is asked for with the z-flip.</exception>
    public static SoftSymmetryOptions Parse(TrialParameters p)
    {
        var d = new SoftSymmetryOptions();
        var options = new SoftSymmetryOptions
        {
            Width = p.Int("width", d.Width, min: 1, max: 4096),
            Depth = p.Int("depth", d.Depth, min: 1, max: 64),
            Activation = Enum.Parse<Activation>(p.String("activation", "relu", "relu", "tanh", "silu"), ignoreCase: true),
            Penalty = p.Double("penalty", d.Penalty, min: 0),
            Symmetry = p.String("symmetry", "rotation", "rotation", "zflip") == "zflip" ? HiggsSymmetry.ZFlip : HiggsSymmetry.Rotation,
            PenaltyVariant = Enum.Parse<PenaltyVariant>(p.String("penalty_variant", "finite", "finite", "infinitesimal"), ignoreCase: true),
            LabelSymmetry = Enum.Parse<LabelSymmetry>(p.String("label_symmetry", "exact", "exact", "approximate"), ignoreCase: true),
            SymmetryBreaking = p.Double("symmetry_breaking", d.SymmetryBreaking, min: 0, max: 1),
            Optimizer = OptimizerOptions.Parse(p, d.Optimizer),
            BatchSize = p.Int("batch_size", d.BatchSize, min: 1),
            TrainSize = p.Int("train_size", d.TrainSize, min: 1, max: MaxEvents),
            TestSize = p.Int("test_size", d.TestSize, min: 1, max: MaxEvents),
            ShiftScale = p.Double("shift_scale", d.ShiftScale, min: -0.9, max: 10),
            DataPath = p.String("data_path", d.DataPath),
            HessianIterations = p.Int("hessian_iterations", d.HessianIterations, min: 1, max: 1000),
            HessianBatch = p.Int("hessian_batch", d.HessianBatch, min: 1),
            TraceSamples = p.Int("trace_samples", d.TraceSamples, min: 1, max: 10_000),
            LanczosSteps = p.Int("lanczos_steps", d.LanczosSteps, min: 2, max: 1000),
            SoftModeThreshold = p.Double("soft_mode_threshold", d.SoftModeThreshold, min: 0),
            ExactSpectrumMaxParams = p.Int("exact_spectrum_max_params", d.ExactSpectrumMaxParams, min: 0, max: 20_000),
            SlqProbes = p.Int("slq_probes", d.SlqProbes, min: 1, max: 100),
            InputHessianFeatures = p.Int("input_hessian_features", d.InputHessianFeatures, min: 1, max: HiggsFeatures.Count),
            SharpnessSteps = p.Int("sharpness_steps", d.SharpnessSteps, min: 1, max: 1000),
            SharpnessStep = p.Double("sharpness_step", d.SharpnessStep, min: 0),
            DistillWidth = p.Int("distill_width", d.DistillWidth, min: 1, max: 4096),
            DistillDepth = p.Int("distill_depth", d.DistillDepth, min: 1, max: 64),
            DistillTransferSize = p.Int("distill_transfer_size", d.DistillTransferSize, min: 1, max: MaxEvents),
            DistillEpochs = p.Int("distill_epochs", d.DistillEpochs, min: 1, max: 1000),
            DistillBeta = p.Double("distill_beta", d.DistillBeta, min: 0, max: 1),
            DistillTemperature = p.Double("distill_temperature", d.DistillTemperature, min: 0),
            Slices = SliceOptions.Parse(p),
            LmcPoints = p.Int("lmc_points", d.LmcPoints, min: 2, max: 101),
            EveryEpochs = p.Int("every_epochs", d.EveryEpochs, min: 0, max: 1000),
        };
        p.RejectUnknown();
        RequirePositive("soft_mode_threshold", options.SoftModeThreshold);
        RequirePositive("sharpness_step", options.SharpnessStep);
        RequirePositive("distill_temperature", options.DistillTemperature);
        if (double.IsInfinity(options.Penalty)) throw new TrialRequestException("params.penalty: must be finite");
        if (options.PenaltyVariant == PenaltyVariant.Infinitesimal && options.Symmetry != HiggsSymmetry.Rotation)
            throw new TrialRequestException(
                "params.penalty_variant: infinitesimal needs a continuous symmetry, and zflip (η → −η) is discrete: it has no generator "
                + "(allowed: penalty_variant: finite with symmetry: zflip, or symmetry: rotation)");
        if (options.LabelSymmetry == LabelSymmetry.Exact && options.SymmetryBreaking > 0)
            throw new TrialRequestException(
                $"params.symmetry_breaking: {options.SymmetryBreaking.ToString(CultureInfo.InvariantCulture)} needs label_symmetry: approximate "
                + "(allowed with label_symmetry: exact: 0)");
        if (options.LabelSymmetry == LabelSymmetry.Approximate && options.DataPath.Length > 0)
            throw new TrialRequestException(
                "params.label_symmetry: approximate relabels generated events, and data_path's events keep the file's labels "
                + "(allowed with data_path: exact)");
        return options;
    }

    /// <summary>The generator's symmetry breaking: <see cref="SymmetryBreaking"/> for approximate labels, else 0.</summary>
    public double GeneratorBreaking => LabelSymmetry == LabelSymmetry.Approximate ? SymmetryBreaking : 0;

    private static void RequirePositive(string name, double value)
    {
        if (value == 0) throw new TrialRequestException($"params.{name}: must be greater than 0");
        if (double.IsInfinity(value)) throw new TrialRequestException($"params.{name}: must be finite");
    }
}
