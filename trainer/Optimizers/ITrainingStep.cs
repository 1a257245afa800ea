using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers;

/// <summary>
/// One optimiser as a kind's training loop sees it: a step on the current minibatch. The step, not the loop, decides
/// how many forward and backward passes it needs (one for sgd/adam/adamw, two for sam, K + 1 for rolling_ball), so
/// every kind gets every optimiser by calling <see cref="Step"/> once per batch. Create with
/// <see cref="OptimizerFactory.Create"/>.
/// </summary>
/// <remarks>
/// Every pass runs the model's forward as the closure does: a model in training mode with BatchNorm updates its
/// running statistics on each pass (twice a batch under sam, K + 1 times under rolling_ball), and dropout draws a new
/// mask each pass. A kind that needs one update per batch should compute those outside the closure.
/// </remarks>
public interface ITrainingStep : IDisposable
{
    /// <summary>Updates the parameters once on the current batch.</summary>
    /// <param name="lossOfCurrentBatch">Runs a forward pass on the same batch at the parameters' current values and
    /// returns the scalar loss with its graph. Called inside the step's own dispose scopes; it must not zero
    /// gradients or step anything itself.</param>
    /// <returns>The loss at the parameters before the update (the first pass).</returns>
    double Step(Func<Tensor> lossOfCurrentBatch);

    /// <summary>Writes the optimiser's state (momentum buffers, moment estimates, step counts) for a checkpoint;
    /// the parameters themselves are the model's to save.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveState"/> wrote, into a step created with the same options and
    /// parameters of the same shapes.</summary>
    /// <exception cref="InvalidDataException">The state was written by a different optimiser.</exception>
    void LoadState(BinaryReader reader);
}
