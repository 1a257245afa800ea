using System.Diagnostics;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;
using TorchSharp;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// Seed 002, white-box adversarial training (Rothen et al., Phys. Rev. D 112, 016004): an MLP with an internal
/// normaliser classifies boosted H→bb̄ against QCD jets from their constituents, trained plainly or against one of
/// four attacks (SAM, SSAM-D, FGSM, PGD), then measured on the nominal and a shifted generator tune, for sharpness
/// and for reduced Hessian eigenvalues. Reports per epoch loss, val_auc and epoch_seconds; at the end auc, test_loss,
/// time_per_epoch and the requested metrics of <see cref="AdversarialMetrics"/>. Checkpoints after every epoch and
/// resumes from the latest one with bit-identical results.
/// </summary>
[TrialKind("adversarial")]
public sealed class AdversarialKind : ITrialKind
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var options = AdversarialOptions.Parse(new TrialParameters(request.Params));
        var wanted = AdversarialMetrics.Parse(request.Metrics);
        if (request.Epochs < 1) throw new TrialRequestException($"epochs: {request.Epochs} is less than 1");
        if (request.Threads < 1) throw new TrialRequestException($"threads: {request.Threads} is less than 1");
        cancellationToken.ThrowIfCancellationRequested();
        // The device first: a trainer that cannot give the trial its GPU says so before generating the jets.
        var device = TorchRuntime.Initialize(request);
        var data = AdversarialData.Load(options, request.Seed, request.Threads, wanted.NeedsShiftedData);

        using var trialScope = torch.NewDisposeScope();
        var trainX = data.Train.FeatureTensor(device);
        var trainY = data.Train.LabelTensor(device);
        var validationX = data.Validation.FeatureTensor(device);
        var validationY = data.Validation.LabelTensor(device);
        var testX = data.Test.FeatureTensor(device);
        var testY = data.Test.LabelTensor(device);
        var shiftedTestX = data.ShiftedTest?.FeatureTensor(device);
        var shiftedTestY = data.ShiftedTest?.LabelTensor(device);
        var (mean, std) = Normaliser.Fit(data.Train);
        // Initialised on the CPU from torch's global generator, then moved; the optimiser comes after the move, so
        // that its state lives beside the parameters.
        using var model = new JetMlp(mean, std, options.Widths).to(device);
        TrialDevice.RequirePlaced(device, TrialDevice.Tensors(model,
            ("train_x", trainX), ("train_y", trainY), ("validation_x", validationX), ("validation_y", validationY),
            ("test_x", testX), ("test_y", testY), ("shifted_test_x", shiftedTestX), ("shifted_test_y", shiftedTestY)), reporter);
        using var step = CreateStep(options, model.OrderedParameters);
        var trainer = new AdversarialTrainer(model, step, options, AdversarialTrainer.InitialMask(model, options, request.Seed), request.Seed);

        var checkpoints = CheckpointStore.For(request, reporter);
        var firstEpoch = 1;
        var trainSeconds = 0.0;
        if (checkpoints?.Latest() is { } checkpoint)
        {
            var resumed = AdversarialCheckpoint.Load(checkpoint.Directory, model, step);
            trainer.RestoreMask(resumed.Mask);
            trainSeconds = resumed.TrainSeconds;
            firstEpoch = checkpoint.Epoch + 1;
        }

        for (var epoch = firstEpoch; epoch <= request.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var loss = trainer.TrainEpoch(trainX, trainY, epoch, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            trainSeconds += seconds;
            reporter.Epoch(epoch, new Dictionary<string, double>
            {
                ["loss"] = loss,
                ["val_auc"] = ClassifierEvaluation.Evaluate(model, validationX, validationY).Auc,
                ["epoch_seconds"] = seconds,
            }, trainX.shape[0]);
            checkpoints?.Save(epoch, directory => AdversarialCheckpoint.Save(directory, model, step, trainer.Mask, trainSeconds));
        }

        var tensors = new AdversarialTensors(trainX, trainY, testX, testY, shiftedTestX, shiftedTestY);
        return AdversarialReport.Compute(model, tensors, options, wanted, trainSeconds / request.Epochs, cancellationToken);
    }

    /// <summary>The optimiser step: sgd, adam and adamw with the reference's warm-up (<see cref="WarmupStep"/>), the
    /// others from the shared factory. Under sam and ssam_d the clip acts on the clean gradient inside the attack's
    /// closure, so the step itself does not clip.</summary>
    public static ITrainingStep CreateStep(AdversarialOptions options, IReadOnlyList<TorchSharp.Modules.Parameter> parameters)
    {
        var stepClip = options.Attack.InWeightSpace() ? 0 : options.Optimizer.GradClip;
        return WarmupStep.Supports(options.Optimizer.Optimizer)
            ? new WarmupStep(options.Optimizer, parameters, options.WarmupSteps, stepClip)
            : OptimizerFactory.Create(options.Optimizer with { GradClip = stepClip }, parameters);
    }
}
