using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>
/// The input layout of the jet classifier: <see cref="MaxConstituents"/> constituent slots of
/// <see cref="ConstituentFeatures"/> features each, slot-major and sorted by pT (hardest first), zero beyond the
/// jet's multiplicity, then the <see cref="JetFeatures"/> jet features. A real constituent always has rel. pT &gt; 0,
/// so a slot is padding exactly when all of its features are zero.
/// </summary>
public static class JetLayout
{
    /// <summary>Constituent slots per jet.</summary>
    public const int MaxConstituents = 40;

    /// <summary>Features per constituent.</summary>
    public const int ConstituentFeatures = 15;

    /// <summary>Jet-level features after the constituents: log pT and log mass.</summary>
    public const int JetFeatures = 2;

    /// <summary>Constituent inputs: 40 × 15 = 600.</summary>
    public const int ConstituentInputs = MaxConstituents * ConstituentFeatures;

    /// <summary>All inputs of one jet: 602.</summary>
    public const int Inputs = ConstituentInputs + JetFeatures;

    /// <summary>Feature names of one constituent, in order.</summary>
    public static readonly string[] ConstituentFeatureNames =
    [
        "log_pt", "rel_pt", "deta", "dphi", "dr", "log_e", "rel_e", "charge",
        "is_electron", "is_muon", "is_charged_hadron", "is_neutral_hadron", "is_photon", "tanh_d0", "tanh_dz",
    ];

    /// <summary>Index of log pT inside a constituent.</summary>
    public const int LogPt = 0;

    /// <summary>Index of pT / jet pT inside a constituent.</summary>
    public const int RelPt = 1;

    /// <summary>Index of the first particle-type flag (electron, muon, charged hadron, neutral hadron, photon).</summary>
    public const int FirstTypeFlag = 8;

    /// <summary>Input column of the jet's log pT.</summary>
    public const int JetLogPt = ConstituentInputs;

    /// <summary>Input column of the jet's log mass.</summary>
    public const int JetLogMass = ConstituentInputs + 1;

    /// <summary>Throws unless <paramref name="inputs"/> is [B, 602]: libtorch aborts on a shape mismatch in matmul.</summary>
    public static void RequireInputs(Tensor inputs, string name)
    {
        if (inputs.ndim != 2 || inputs.shape[1] != Inputs)
            throw new ArgumentException($"expected jet inputs [B, {Inputs}], got [{string.Join(", ", inputs.shape)}]", name);
    }
}
