using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Data;

/// <summary>The exact symmetries of HIGGS-format events.</summary>
public enum HiggsSymmetry
{
    /// <summary>A global azimuthal rotation: every φ += α (radians), wrapped into (−π, π].</summary>
    Rotation,

    /// <summary>A z-flip: every η → −η.</summary>
    ZFlip,
}

/// <summary>
/// Symmetry transforms and the evaluation-time detector shift, acting on raw (unnormalised) features in the file's
/// units (<see cref="HiggsFeatures"/>): angles of rotation are physical radians, azimuths are stored as
/// φ / <see cref="HiggsFeatures.RadiansPerPhiUnit"/>.
/// </summary>
public static class HiggsSymmetries
{
    /// <summary>
    /// Rotates every azimuth of row i by <paramref name="angles"/>[i]: the stored value is turned into radians, the
    /// angle added, the sum wrapped into (−π, π] and turned back into file units (so a stored φ lies within
    /// ±<see cref="HiggsFeatures.PhiBound"/>); other columns are returned unchanged, bit for bit.
    /// </summary>
    /// <param name="features">[B, 28] raw features in file units.</param>
    /// <param name="angles">[B] rotation angles in radians, same dtype as the features.</param>
    public static Tensor Rotate(Tensor features, Tensor angles)
    {
        var rows = RequireFeatures(features);
        if (angles.ndim != 1 || angles.shape[0] != rows)
            throw new ArgumentException($"angles must have shape [{rows}], got [{string.Join(", ", angles.shape)}]", nameof(angles));
        using var scope = torch.NewDisposeScope();
        // The wrap is in physical units: a rotation by 2π must give the event back, and ±π is where φ wraps.
        var shifted = features * HiggsFeatures.RadiansPerPhiUnit + angles.unsqueeze(1);
        var wrapped = shifted + 2 * Math.PI * torch.floor((Math.PI - shifted) / (2 * Math.PI));
        var mask = ColumnMask(HiggsFeatures.PhiColumns, features.device);
        return torch.where(mask, wrapped / HiggsFeatures.RadiansPerPhiUnit, features).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The generator of the rotation, T·x = d(g_α x)/dα at α = 0 (α in radians), as a constant [28] direction in the
    /// file's feature space: 1 / <see cref="HiggsFeatures.RadiansPerPhiUnit"/> on every azimuth (a stored φ moves by
    /// α / 1.8; the wrap does not change the derivative) and 0 on every other feature (pT, η, missing energy, b-tags
    /// and the invariant masses do not move under a rotation). The z-flip is discrete and has no generator.
    /// </summary>
    public static double[] RotationGenerator()
    {
        var direction = new double[HiggsFeatures.Count];
        foreach (var column in HiggsFeatures.PhiColumns) direction[column] = 1 / HiggsFeatures.RadiansPerPhiUnit;
        return direction;
    }

    /// <summary>Negates every pseudorapidity column; other columns are returned unchanged.</summary>
    /// <param name="features">[B, 28] raw features.</param>
    public static Tensor FlipEta(Tensor features)
    {
        RequireFeatures(features);
        using var scope = torch.NewDisposeScope();
        var mask = ColumnMask(HiggsFeatures.EtaColumns, features.device);
        return torch.where(mask, features.neg(), features).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Applies a detector tune to already-measured events (for files, whose truth is unknown): jet pT are scaled
    /// and smeared, and the masses that contain jets follow the scale. A first-order stand-in for regenerating the
    /// events, which <see cref="HiggsGenerator"/> does for its own data.
    /// </summary>
    public static HiggsDataset ApplyTune(HiggsDataset data, DetectorTune tune, long seed, long stream) =>
        data.MapFeatures((row, features) =>
        {
            var random = SplitMix64.Derive(seed, stream, row);
            foreach (var column in HiggsFeatures.JetPtColumns)
                features[column] = (float)(features[column] * tune.JetEnergyScale * Math.Max(0.05, 1 + tune.ExtraJetSmearing * random.NextNormal()));
            foreach (var column in HiggsFeatures.JetMassColumns)
                features[column] = (float)(features[column] * tune.JetEnergyScale);
        });

    private static long RequireFeatures(Tensor features)
    {
        if (features.ndim != 2 || features.shape[1] != HiggsFeatures.Count)
            throw new ArgumentException($"features must have shape [B, {HiggsFeatures.Count}], got [{string.Join(", ", features.shape)}]", nameof(features));
        return features.shape[0];
    }

    private static Tensor ColumnMask(int[] columns, Device device)
    {
        var mask = new bool[HiggsFeatures.Count];
        foreach (var column in columns) mask[column] = true;
        return torch.tensor(mask, device: device);
    }
}
