namespace Goldstone.Trainer.Data;

/// <summary>
/// The 28 features of the UCI HIGGS format, in its column order (after the label): 21 low-level quantities
/// (lepton, missing energy, four jets) and 7 high-level invariant masses. Momenta and masses are in units of
/// 100 GeV, angles in radians, azimuths in (−π, π].
/// </summary>
public static class HiggsFeatures
{
    /// <summary>Number of features per event (the label is not counted).</summary>
    public const int Count = 28;

    /// <summary>Number of jets in an event.</summary>
    public const int JetCount = 4;

    /// <summary>Lepton transverse momentum.</summary>
    public const int LeptonPt = 0;

    /// <summary>Lepton pseudorapidity.</summary>
    public const int LeptonEta = 1;

    /// <summary>Lepton azimuth.</summary>
    public const int LeptonPhi = 2;

    /// <summary>Missing transverse energy, magnitude.</summary>
    public const int MissingEnergy = 3;

    /// <summary>Missing transverse energy, azimuth.</summary>
    public const int MissingEnergyPhi = 4;

    /// <summary>First of the seven high-level masses (m_jj).</summary>
    public const int FirstMass = 21;

    /// <summary>b-tag values the format uses: untagged, loose, tight.</summary>
    public static readonly float[] BTagLevels = [0f, 1.0865f, 2.1731f];

    /// <summary>Column names, in file order.</summary>
    public static readonly string[] Names =
    [
        "lepton_pt", "lepton_eta", "lepton_phi", "missing_energy", "missing_energy_phi",
        "jet1_pt", "jet1_eta", "jet1_phi", "jet1_btag",
        "jet2_pt", "jet2_eta", "jet2_phi", "jet2_btag",
        "jet3_pt", "jet3_eta", "jet3_phi", "jet3_btag",
        "jet4_pt", "jet4_eta", "jet4_phi", "jet4_btag",
        "m_jj", "m_jjj", "m_lv", "m_jlv", "m_bb", "m_wbb", "m_wwbb",
    ];

    /// <summary>Every azimuth column: a global rotation adds the same angle to each.</summary>
    public static readonly int[] PhiColumns = [LeptonPhi, MissingEnergyPhi, JetPt(0) + 2, JetPt(1) + 2, JetPt(2) + 2, JetPt(3) + 2];

    /// <summary>Every pseudorapidity column: a z-flip negates each.</summary>
    public static readonly int[] EtaColumns = [LeptonEta, JetPt(0) + 1, JetPt(1) + 1, JetPt(2) + 1, JetPt(3) + 1];

    /// <summary>Jet transverse momentum columns, leading jet first.</summary>
    public static readonly int[] JetPtColumns = [JetPt(0), JetPt(1), JetPt(2), JetPt(3)];

    /// <summary>Mass columns that contain at least one jet (all but m_lv): they follow the jet energy scale.</summary>
    public static readonly int[] JetMassColumns = [21, 22, 24, 25, 26, 27];

    /// <summary>Column of jet <paramref name="jet"/>'s pT (0-based jet index); η, φ and b-tag follow it.</summary>
    public static int JetPt(int jet) => 5 + 4 * jet;
}
