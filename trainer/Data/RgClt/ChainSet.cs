using Goldstone.Trainer.Common;

namespace Goldstone.Trainer.Data.RgClt;

/// <summary>
/// Chains of iid sites and their exact renormalised images: the training and test data of the study.
/// Row-major: chain c occupies <c>Inputs[c·Sites .. (c + 1)·Sites)</c> and <c>Targets[c·Sites/2 .. (c + 1)·Sites/2)</c>.
/// </summary>
/// <param name="Inputs">[Count, Sites] site values.</param>
/// <param name="Targets">[Count, Sites/2] one exact <see cref="BlockSumMap"/> step of each chain.</param>
/// <param name="Count">Number of chains.</param>
/// <param name="Sites">Sites per chain, even.</param>
public sealed record ChainSet(float[] Inputs, float[] Targets, int Count, int Sites)
{
    /// <summary>
    /// Generates <paramref name="count"/> chains; chain i draws from <c>distributions[i mod m]</c>. The j-th chain of a
    /// distribution depends only on (seed, stream, distribution, j), so a distribution's data are the same whichever
    /// others share the set. Sites are drawn and mapped in double precision and stored as float32.
    /// </summary>
    public static ChainSet Generate(IReadOnlyList<InputDistribution> distributions, int count, int sites, long seed, long stream)
    {
        ArgumentOutOfRangeException.ThrowIfZero(distributions.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (sites < BlockSumMap.BlockSize || sites % BlockSumMap.BlockSize != 0)
            throw new ArgumentOutOfRangeException(nameof(sites), sites, "a chain needs a positive even number of sites");
        var inputs = new float[(long)count * sites];
        var targets = new float[(long)count * sites / BlockSumMap.BlockSize];
        var chain = new double[sites];
        for (var c = 0; c < count; c++)
        {
            var distribution = distributions[c % distributions.Count];
            var random = SplitMix64.Derive(seed, stream, (long)distribution, c / distributions.Count);
            for (var s = 0; s < sites; s++) chain[s] = InputDistributions.Sample(distribution, random);
            var mapped = BlockSumMap.Step(chain);
            for (var s = 0; s < sites; s++) inputs[(long)c * sites + s] = (float)chain[s];
            for (var s = 0; s < mapped.Length; s++) targets[(long)c * mapped.Length + s] = (float)mapped[s];
        }
        return new ChainSet(inputs, targets, count, sites);
    }
}
