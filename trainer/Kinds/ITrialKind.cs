using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds;

/// <summary>One kind of trial: trains from a request and returns the final metrics.</summary>
public interface ITrialKind
{
    /// <summary>The name a spec uses in <c>kind:</c>.</summary>
    string Name { get; }

    /// <summary>Runs the whole trial; reports per-epoch metrics through <paramref name="reporter"/>.</summary>
    /// <exception cref="TrialRequestException">The request is invalid for this kind.</exception>
    IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken);
}
