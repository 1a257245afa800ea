using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds;

/// <summary>One kind of trial: trains from a request and returns the final metrics. Name it with <see cref="TrialKindAttribute"/>.</summary>
public interface ITrialKind
{
    /// <summary>Runs the whole trial; reports per-epoch metrics through <paramref name="reporter"/>.</summary>
    /// <exception cref="TrialRequestException">The request is invalid for this kind.</exception>
    IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken);
}
