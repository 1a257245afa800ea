using System.Globalization;
using Goldstone.Schema;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Data;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>Whether the generated labels share the data's symmetries (<c>label_symmetry</c>).</summary>
public enum LabelSymmetry
{
    /// <summary>Every label is the event's physics class: the rotation and the z-flip leave P(signal | x)
    /// unchanged.</summary>
    Exact,

    /// <summary>A share <c>symmetry_breaking</c> of the labels is redrawn from the lepton's absolute azimuth, so the
    /// rotation changes P(signal | x) a little and a model forced to be invariant gives something up.</summary>
    Approximate,
}

/// <summary>
/// The parameters of a <c>soft_symmetry</c> trial; every one is optional. Ranges, choices and defaults are the
/// catalog's
/// (<see cref="KindCatalog.SoftSymmetry"/>); the initialisers read the defaults from it and <see cref="Parse"/> the
/// bounds.
/// </summary>
public sealed record SoftSymmetryOptions
{
    private static readonly KindDefinition Kind = KindCatalog.SoftSymmetry;

    /// <summary>Largest train or test size accepted, so that a file's train and test features together fit one managed
    /// array.</summary>
    public const int MaxEvents = KindCatalog.MaxHiggsEvents;

    /// <summary>Hidden units per layer (<c>width</c>).</summary>
    public int Width { get; init; } = Kind["width"].DefaultInteger;

    /// <summary>Hidden layers (<c>depth</c>).</summary>
    public int Depth { get; init; } = Kind["depth"].DefaultInteger;

    /// <summary>Hidden nonlinearity (<c>activation</c>).</summary>
    public Activation Activation { get; init; } = ParseActivation(Kind["activation"].DefaultText);

    /// <summary>λ, the weight of the symmetry penalty (<c>penalty</c>).</summary>
    public double Penalty { get; init; } = Kind["penalty"].DefaultNumber;

    /// <summary>The symmetry the penalty enforces (<c>symmetry</c>).</summary>
    public HiggsSymmetry Symmetry { get; init; } = ParseSymmetry(Kind["symmetry"].DefaultText);

    /// <summary>The penalty's form (<c>penalty_variant</c>). Infinitesimal
    /// needs the rotation: the z-flip is discrete and has no generator, and the request is rejected.</summary>
    public PenaltyVariant PenaltyVariant { get; init; } = Enum.Parse<PenaltyVariant>(Kind["penalty_variant"].DefaultText, ignoreCase: true);

    /// <summary>Whether the generated labels are exactly or approximately invariant (<c>label_symmetry</c>).
    /// Approximate needs the generator: a file's labels are its own.</summary>
    public LabelSymmetry LabelSymmetry { get; init; } = Enum.Parse<LabelSymmetry>(Kind["label_symmetry"].DefaultText, ignoreCase: true);

    /// <summary>b, the share of generated labels redrawn from the lepton's azimuth with P(signal) = (1 + cos φ_ℓ)/2
    /// (<c>symmetry_breaking</c>). The Bayes score is
    /// (1 − b)·q(x) + b·(1 + cos φ_ℓ)/2; a rotation by π moves it by −b·cos φ_ℓ.</summary>
    public double SymmetryBreaking { get; init; } = Kind["symmetry_breaking"].DefaultNumber;

    /// <summary>Adam's learning rate (<c>lr</c>).</summary>
    public double LearningRate => Optimizer.LearningRate;

    /// <summary>The optimiser and its settings (<c>optimizer</c>, <c>lr</c>, … as every kind reads them); default Adam,
    /// lr 0.001.</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerOptions.DefaultsOf(Kind);

    /// <summary>Events per batch (<c>batch_size</c>); also the batch of <c>sharpness_ga_x</c> and of
    /// distillation.</summary>
    public int BatchSize { get; init; } = Kind["batch_size"].DefaultInteger;

    /// <summary>Training events (<c>train_size</c>).</summary>
    public int TrainSize { get; init; } = Kind["train_size"].DefaultInteger;

    /// <summary>Test events, nominal and shifted each (<c>test_size</c>).</summary>
    public int TestSize { get; init; } = Kind["test_size"].DefaultInteger;

    /// <summary>Shift of the evaluation-only tune (<c>shift_scale</c>): jet scale 1 + s, extra smearing |s|.</summary>
    public double ShiftScale { get; init; } = Kind["shift_scale"].DefaultNumber;

    /// <summary>A HIGGS CSV file to read instead of generating (<c>data_path</c>); a relative
    /// path resolves against the trainer's working directory.</summary>
    public string DataPath { get; init; } = Kind["data_path"].DefaultText;

    /// <summary>Most power-iteration steps for <c>hessian_top</c> (<c>hessian_iterations</c>).</summary>
    public int HessianIterations { get; init; } = Kind["hessian_iterations"].DefaultInteger;

    /// <summary>Training events in the fixed batch of every curvature and sharpness metric
    /// (<c>hessian_batch</c>).</summary>
    public int HessianBatch { get; init; } = Kind["hessian_batch"].DefaultInteger;

    /// <summary>Rademacher probes of <c>hessian_trace</c> (<c>trace_samples</c>).</summary>
    public int TraceSamples { get; init; } = Kind["trace_samples"].DefaultInteger;

    /// <summary>Lanczos steps per probe of the spectrum quadrature (<c>lanczos_steps</c>).</summary>
    public int LanczosSteps { get; init; } = Kind["lanczos_steps"].DefaultInteger;

    /// <summary>Largest parameter count whose Hessian spectrum is computed exactly; above it, stochastic Lanczos
    /// quadrature (<c>exact_spectrum_max_params</c>).</summary>
    public int ExactSpectrumMaxParams { get; init; } = Kind["exact_spectrum_max_params"].DefaultInteger;

    /// <summary>Rademacher probe vectors of the spectrum quadrature (<c>slq_probes</c>).</summary>
    public int SlqProbes { get; init; } = Kind["slq_probes"].DefaultInteger;

    /// <summary>τ of <c>hessian_spectrum</c>: the share of eigenvalues with |λ| &lt; τ (<c>soft_mode_threshold</c>),
    /// absolute, in units of the mean BCE's curvature; <c>soft_modes@r</c> is relative instead.</summary>
    public double SoftModeThreshold { get; init; } = Kind["soft_mode_threshold"].DefaultNumber;

    /// <summary>k of <c>reduced_hessian_x</c>: the input Hessian covers the first k features
    /// (<c>input_hessian_features</c>).</summary>
    public int InputHessianFeatures { get; init; } = Kind["input_hessian_features"].DefaultInteger;

    /// <summary>Ascent steps of <c>sharpness_ga_w</c> and <c>sharpness_ga_x</c> (<c>sharpness_steps</c>).</summary>
    public int SharpnessSteps { get; init; } = Kind["sharpness_steps"].DefaultInteger;

    /// <summary>Ascent step length (<c>sharpness_step</c>): parameter units for the weights,
    /// raw feature units for the inputs.</summary>
    public double SharpnessStep { get; init; } = Kind["sharpness_step"].DefaultNumber;

    /// <summary>Hidden units per layer of the <c>distill_ratio</c> student (<c>distill_width</c>).</summary>
    public int DistillWidth { get; init; } = Kind["distill_width"].DefaultInteger;

    /// <summary>Hidden layers of the student (<c>distill_depth</c>).</summary>
    public int DistillDepth { get; init; } = Kind["distill_depth"].DefaultInteger;

    /// <summary>Events of the transfer set the students learn from (<c>distill_transfer_size</c>): generated from a
    /// seed stream of their own, or from a file the rows after the test rows,
    /// never the teacher's training events.</summary>
    public int DistillTransferSize { get; init; } = Kind["distill_transfer_size"].DefaultInteger;

    /// <summary>Epochs of student training (<c>distill_epochs</c>).</summary>
    public int DistillEpochs { get; init; } = Kind["distill_epochs"].DefaultInteger;

    /// <summary>β of the distillation loss (<c>distill_beta</c>).</summary>
    public double DistillBeta { get; init; } = Kind["distill_beta"].DefaultNumber;

    /// <summary>Temperature T of the distillation loss (<c>distill_temperature</c>).</summary>
    public double DistillTemperature { get; init; } = Kind["distill_temperature"].DefaultNumber;

    /// <summary>The grids of <c>loss_slice</c> and <c>loss_plane</c> (<c>slice_span</c>, <c>slice_points</c>,
    /// <c>plane_points</c>).</summary>
    public SliceOptions Slices { get; init; } = SliceOptions.Defaults(Kind);

    /// <summary>Points on the straight path of <c>lmc_barrier</c>, ends included (<c>lmc_points</c>).</summary>
    public int LmcPoints { get; init; } = Kind["lmc_points"].DefaultInteger;

    /// <summary>The requested <c>hessian_top</c> and <c>hessian_trace</c> are also measured after every N-th epoch and
    /// reported with that epoch's metrics (<c>every_epochs</c>).</summary>
    public int EveryEpochs { get; init; } = Kind["every_epochs"].DefaultInteger;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range, or the infinitesimal
    /// penalty is asked for with the z-flip.</exception>
    public static SoftSymmetryOptions Parse(TrialParameters p)
    {
        var options = new SoftSymmetryOptions
        {
            Width = p.Int(Kind["width"]),
            Depth = p.Int(Kind["depth"]),
            Activation = ParseActivation(p.Choice(Kind["activation"])),
            Penalty = p.Double(Kind["penalty"]),
            Symmetry = ParseSymmetry(p.Choice(Kind["symmetry"])),
            PenaltyVariant = Enum.Parse<PenaltyVariant>(p.Choice(Kind["penalty_variant"]), ignoreCase: true),
            LabelSymmetry = Enum.Parse<LabelSymmetry>(p.Choice(Kind["label_symmetry"]), ignoreCase: true),
            SymmetryBreaking = p.Double(Kind["symmetry_breaking"]),
            Optimizer = OptimizerOptions.Parse(p, Kind),
            BatchSize = p.Int(Kind["batch_size"]),
            TrainSize = p.Int(Kind["train_size"]),
            TestSize = p.Int(Kind["test_size"]),
            ShiftScale = p.Double(Kind["shift_scale"]),
            DataPath = p.Text(Kind["data_path"]),
            HessianIterations = p.Int(Kind["hessian_iterations"]),
            HessianBatch = p.Int(Kind["hessian_batch"]),
            TraceSamples = p.Int(Kind["trace_samples"]),
            LanczosSteps = p.Int(Kind["lanczos_steps"]),
            SoftModeThreshold = p.Double(Kind["soft_mode_threshold"]),
            ExactSpectrumMaxParams = p.Int(Kind["exact_spectrum_max_params"]),
            SlqProbes = p.Int(Kind["slq_probes"]),
            InputHessianFeatures = p.Int(Kind["input_hessian_features"]),
            SharpnessSteps = p.Int(Kind["sharpness_steps"]),
            SharpnessStep = p.Double(Kind["sharpness_step"]),
            DistillWidth = p.Int(Kind["distill_width"]),
            DistillDepth = p.Int(Kind["distill_depth"]),
            DistillTransferSize = p.Int(Kind["distill_transfer_size"]),
            DistillEpochs = p.Int(Kind["distill_epochs"]),
            DistillBeta = p.Double(Kind["distill_beta"]),
            DistillTemperature = p.Double(Kind["distill_temperature"]),
            Slices = SliceOptions.Parse(p, Kind),
            LmcPoints = p.Int(Kind["lmc_points"]),
            EveryEpochs = p.Int(Kind["every_epochs"]),
        };
        p.RejectUnknown();
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

    /// <summary>The generator's symmetry breaking: <see cref="SymmetryBreaking"/> for approximate labels, else
    /// 0.</summary>
    public double GeneratorBreaking => LabelSymmetry == LabelSymmetry.Approximate ? SymmetryBreaking : 0;

    private static Activation ParseActivation(string name) => Enum.Parse<Activation>(name, ignoreCase: true);

    private static HiggsSymmetry ParseSymmetry(string name) => name == "zflip" ? HiggsSymmetry.ZFlip : HiggsSymmetry.Rotation;
}
