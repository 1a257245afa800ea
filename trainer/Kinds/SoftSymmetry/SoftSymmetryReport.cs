using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static Goldstone.Trainer.Metrics.ToolboxMetrics;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>The tensors a trained <c>soft_symmetry</c> model is measured on.</summary>
/// <param name="TrainX">Nominal training features [N, 28].</param>
/// <param name="TrainY">Training labels [N].</param>
/// <param name="TestX">Nominal test features.</param>
/// <param name="TestY">Test labels (shared by the shifted test set).</param>
/// <param name="ShiftedTestX">The test events under the shifted tune, or null when no metric needs them.</param>
/// <param name="FeatureStd">Per-feature training standard deviation: the unit of robust_noise@σ and robust_fgsm@ε.</param>
/// <param name="TransferX">The distillation students' transfer set, apart from the training events; null when not needed.</param>
/// <param name="TransferY">Its labels.</param>
public sealed record SoftSymmetryTensors(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, Tensor? ShiftedTestX, Tensor FeatureStd,
    Tensor? TransferX = null, Tensor? TransferY = null);

/// <summary>
/// The end-of-trial metrics of <c>soft_symmetry</c>, each computed only when requested. Curvature and sharpness use
/// the mean BCE without the penalty (so that trials with different λ measure the same function) on the first
/// hessian_batch training events; robustness and compression use the nominal test set. Every random draw comes from
/// a generator seeded from the trial seed and the metric, so a metric's value does not depend on which others ran.
/// </summary>
internal static class SoftSymmetryReport
{
    private const long HessianStream = 5;
    private const long NoiseStream = 6;
    private const long TraceStream = 8;
    private const long SpectrumStream = 9;
    private const long DistillStream = 10;
    private const long ViolationStream = 11;
    private const long SliceStream = 12;

    /// <summary>The end-of-trial metrics; the loss slices and the connectivity path also go to <paramref name="reporter"/> as profiles.</summary>
    /// <param name="twin">The second network of <c>lmc_barrier</c> (same data, another initialisation), or null when not requested.</param>
    public static Dictionary<string, double> Compute(Mlp model, SoftSymmetryTensors data, SoftSymmetryOptions options,
        SoftSymmetryMetrics wanted, long seed, ITrialReporter reporter, Mlp? twin, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var train = ClassifierEvaluation.Evaluate(model, data.TrainX, data.TrainY);
        var test = ClassifierEvaluation.Evaluate(model, data.TestX, data.TestY);
        var result = new Dictionary<string, double>
        {
            [Auc] = test.Auc,
            ["train_auc"] = train.Auc,
            ["train_loss"] = train.Loss,
            ["test_loss"] = test.Loss,
        };
        if (wanted.NeedsShiftedData)
        {
            var shifted = ClassifierEvaluation.Evaluate(model, data.ShiftedTestX!, data.TestY).Auc;
            if (wanted.Wants(ShiftAuc)) result[ShiftAuc] = shifted;
            if (wanted.Wants(ShiftGap)) result[ShiftGap] = test.Auc - shifted;
        }
        if (wanted.Wants(GenGap)) result[GenGap] = train.Auc - test.Auc;
        if (wanted.Wants(GenGapLoss)) result[GenGapLoss] = test.Loss - train.Loss;
        foreach (var (name, efficiency) in wanted.Instances(BackgroundRejectionAt)) result[name] = test.BackgroundRejection(efficiency);
        if (wanted.Wants(SoftSymmetryMetrics.SymmetryViolation))
            result[SoftSymmetryMetrics.SymmetryViolation] = SymmetryViolation(model, data.TestX, options, seed);

        model.eval();
        var rows = Math.Min(options.HessianBatch, data.TrainX.shape[0]);
        using (var scope = torch.NewDisposeScope())
        {
            var x = data.TrainX.narrow(0, 0, rows);
            var y = data.TrainY.narrow(0, 0, rows);
            var parameters = model.parameters().ToArray();
            var loss = ClassifierLoss.Mean(model, x, y);
            if (wanted.NeedsHessianProducts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var hessian = new HessianVectorProduct(loss, parameters);
                AddTopAndTrace(hessian, options, wanted, seed, result);
                if (wanted.NeedsSpectrum)
                {
                    using var generator = new Generator(DerivedSeed(seed, SpectrumStream));
                    var spectrum = EigenvalueDensity.Estimate(hessian, generator, options.ExactSpectrumMaxParams, options.SlqProbes, options.LanczosSteps);
                    if (wanted.Wants(HessianSpectrum)) result[HessianSpectrum] = spectrum.FractionBelow(options.SoftModeThreshold);
                    if (wanted.Wants(SoftModesExact)) result[SoftModesExact] = spectrum.IsExact ? 1 : 0;
                    foreach (var (name, r) in wanted.Instances(SoftModesAt)) result[name] = spectrum.SoftFraction(r);
                    foreach (var (name, r) in wanted.Instances(SoftModeCountAt)) result[name] = spectrum.SoftCount(r);
                }
            }
            if (wanted.Wants(ReducedHessianW)) result[ReducedHessianW] = ReducedHessian.WeightTop(loss, model.OutputLayer.weight!);
            if (wanted.Wants(ReducedHessianX))
                result[ReducedHessianX] = ReducedHessian.InputTop(ClassifierLoss.PerSampleOfInputs(model, y), x, options.InputHessianFeatures);
            cancellationToken.ThrowIfCancellationRequested();
            if (wanted.Wants(SharpnessW))
                result[SharpnessW] = Sharpness.Weights(loss, parameters, options.SharpnessSteps, options.SharpnessStep);
            if (wanted.Wants(SharpnessX))
                result[SharpnessX] = Sharpness.Inputs(ClassifierLoss.MeanOfBatch(model), x, y, options.BatchSize, options.SharpnessSteps, options.SharpnessStep);
        }

        foreach (var (name, sigma) in wanted.Instances(RobustNoise))
        {
            using var generator = new Generator(DerivedSeed(seed, NoiseStream, BitConverter.DoubleToInt64Bits(sigma)));
            result[name] = Robustness.NoiseAuc(model, data.TestX, data.TestY, sigma, generator, data.FeatureStd);
        }
        foreach (var (name, epsilon) in wanted.Instances(RobustFgsm))
            result[name] = Robustness.FgsmAuc(model, data.TestX, data.TestY, epsilon, data.FeatureStd);
        foreach (var (name, sparsity) in wanted.Instances(Compress))
            result[name] = Compression.PrunedRetention(model, data.TestX, data.TestY, sparsity);
        foreach (var (name, bits) in wanted.Instances(Quantise))
            result[name] = Compression.QuantisedRetention(model, data.TestX, data.TestY, (int)bits);
        if (wanted.NeedsTransferData)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var distilled = wanted.NeedsDistilledStudent ? Distill(model, data, options, seed, control: false).Ratio : double.NaN;
            cancellationToken.ThrowIfCancellationRequested();
            var control = wanted.NeedsControlStudent ? Distill(model, data, options, seed, control: true).Ratio : double.NaN;
            if (wanted.Wants(DistillRatio)) result[DistillRatio] = distilled;
            if (wanted.Wants(SoftSymmetryMetrics.DistillControlRatio)) result[SoftSymmetryMetrics.DistillControlRatio] = control;
            if (wanted.Wants(SoftSymmetryMetrics.DistillGain)) result[SoftSymmetryMetrics.DistillGain] = distilled - control;
        }
        Landscape(model, twin, data, options, wanted, seed, reporter, result);
        return result;
    }

    /// <summary>
    /// The requested <c>hessian_top</c> and <c>hessian_trace</c> at the current weights, with the generators of the end
    /// metrics: measured after the last epoch they equal the end values bit for bit.
    /// </summary>
    public static Dictionary<string, double> TrackedCurvature(Mlp model, SoftSymmetryTensors data, SoftSymmetryOptions options,
        SoftSymmetryMetrics wanted, long seed)
    {
        var result = new Dictionary<string, double>();
        model.eval();
        using var scope = torch.NewDisposeScope();
        var rows = Math.Min(options.HessianBatch, data.TrainX.shape[0]);
        var loss = ClassifierLoss.Mean(model, data.TrainX.narrow(0, 0, rows), data.TrainY.narrow(0, 0, rows));
        using var hessian = new HessianVectorProduct(loss, model.parameters().ToArray());
        AddTopAndTrace(hessian, options, wanted, seed, result);
        return result;
    }

    private static void AddTopAndTrace(HessianVectorProduct hessian, SoftSymmetryOptions options, SoftSymmetryMetrics wanted, long seed,
        Dictionary<string, double> result)
    {
        if (wanted.Wants(HessianTop))
        {
            using var generator = new Generator(DerivedSeed(seed, HessianStream));
            result[HessianTop] = Curvature.TopEigenvalue(hessian, generator, options.HessianIterations).Eigenvalue;
        }
        if (wanted.Wants(HessianTrace))
        {
            using var generator = new Generator(DerivedSeed(seed, TraceStream));
            result[HessianTrace] = Curvature.Trace(hessian, generator, options.TraceSamples).Trace;
        }
    }

    /// <summary>
    /// loss_slice, loss_plane and lmc_barrier on the mean BCE (no penalty) over the whole training set: the landscape
    /// the optimiser saw, measured the same way for every λ.
    /// </summary>
    private static void Landscape(Mlp model, Mlp? twin, SoftSymmetryTensors data, SoftSymmetryOptions options, SoftSymmetryMetrics wanted,
        long seed, ITrialReporter reporter, Dictionary<string, double> result)
    {
        model.eval();
        var loss = ClassifierLoss.Mean(model, data.TrainX, data.TrainY);
        var parameters = model.parameters().ToArray();
        using (var generator = new Generator(DerivedSeed(seed, SliceStream)))
            LossSliceMetrics.Measure(loss, parameters, options.Slices, generator,
                wanted.Wants(LossSliceMetrics.LossSlice), wanted.Wants(LossSliceMetrics.LossPlane), reporter, result);
        if (twin is not null)
            LossSliceMetrics.Connect(loss, parameters, twin.parameters().ToArray(), options.LmcPoints, reporter, result);
    }

    /// <summary>The finite penalty on the test set (no graph), whatever variant trained the model.</summary>
    private static double SymmetryViolation(Mlp model, Tensor testX, SoftSymmetryOptions options, long seed)
    {
        const int chunk = 65_536;
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var generator = new Generator(DerivedSeed(seed, ViolationStream));
        var rows = testX.shape[0];
        double sum = 0;
        for (long start = 0; start < rows; start += chunk)
        {
            var length = Math.Min(chunk, rows - start);
            sum += SymmetryPenalty.Finite(model, testX.narrow(0, start, length), options.Symmetry, generator).item<float>() * (double)length;
        }
        return sum / rows;
    }

    /// <summary>
    /// Distils into a fresh student on the transfer set, or (<paramref name="control"/>) trains the same student on the
    /// transfer set's labels alone. Both students start from the same weights (seeded from the trial seed alone) and
    /// see the same shuffles, so that they differ only in the teacher's term; both standardise by the transfer set,
    /// the only events they see.
    /// </summary>
    private static DistillationResult Distill(Mlp teacher, SoftSymmetryTensors data, SoftSymmetryOptions options, long seed, bool control)
    {
        using var scope = torch.NewDisposeScope();
        var transferX = data.TransferX ?? throw new InvalidOperationException("the transfer set was not loaded");
        var transferY = data.TransferY ?? throw new InvalidOperationException("the transfer set was not loaded");
        torch.manual_seed((long)(DerivedSeed(seed, DistillStream) >> 1));
        var (mean, std) = Mlp.Standardisation(transferX);
        // Initialised on the CPU like the teacher, then moved to the data's device.
        using var student = new Mlp(mean, std, options.DistillWidth, options.DistillDepth, options.Activation).to(data.TrainX.device);
        var distillation = new DistillationOptions
        {
            Epochs = options.DistillEpochs, BatchSize = options.BatchSize, LearningRate = options.LearningRate,
            Beta = options.DistillBeta, Temperature = options.DistillTemperature,
        };
        var shuffleSeed = (long)(DerivedSeed(seed, DistillStream, 1) >> 1);
        return control
            ? Distillation.Control(teacher, student, transferX, transferY, data.TestX, data.TestY, distillation, shuffleSeed)
            : Distillation.Run(teacher, student, transferX, transferY, data.TestX, data.TestY, distillation, shuffleSeed);
    }

    internal static ulong DerivedSeed(long seed, params long[] labels) => SplitMix64.Derive(seed, labels).NextUInt64();
}
