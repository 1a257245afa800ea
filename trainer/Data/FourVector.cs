namespace Goldstone.Trainer.Data;

/// <summary>A Lorentz four-momentum (E, px, py, pz) in units of 100 GeV.</summary>
internal readonly record struct FourVector(double E, double Px, double Py, double Pz)
{
    public static FourVector operator +(FourVector a, FourVector b) => new(a.E + b.E, a.Px + b.Px, a.Py + b.Py, a.Pz + b.Pz);

    public double Pt => Math.Sqrt(Px * Px + Py * Py);

    public double Eta => Math.Asinh(Pz / Math.Max(Pt, 1e-12));

    public double Phi => Math.Atan2(Py, Px);

    public double Mass => Math.Sqrt(Math.Max(0, E * E - Px * Px - Py * Py - Pz * Pz));

    /// <summary>A particle of mass <paramref name="mass"/> with transverse momentum, rapidity and azimuth.</summary>
    public static FourVector FromPtRapidity(double pt, double rapidity, double phi, double mass)
    {
        var transverseMass = Math.Sqrt(pt * pt + mass * mass);
        return new(transverseMass * Math.Cosh(rapidity), pt * Math.Cos(phi), pt * Math.Sin(phi), transverseMass * Math.Sinh(rapidity));
    }

    /// <summary>A massless object (a jet or lepton as the detector sees it) from pT, η and φ.</summary>
    public static FourVector Massless(double pt, double eta, double phi) =>
        new(pt * Math.Cosh(eta), pt * Math.Cos(phi), pt * Math.Sin(phi), pt * Math.Sinh(eta));

    /// <summary>This momentum, given in a frame moving with velocity β relative to the lab, seen from the lab.</summary>
    public FourVector Boost(double betaX, double betaY, double betaZ)
    {
        var beta2 = betaX * betaX + betaY * betaY + betaZ * betaZ;
        if (beta2 <= 0) return this;
        var gamma = 1 / Math.Sqrt(1 - beta2);
        var betaDotP = betaX * Px + betaY * Py + betaZ * Pz;
        var along = (gamma - 1) * betaDotP / beta2 + gamma * E;
        return new(gamma * (E + betaDotP), Px + along * betaX, Py + along * betaY, Pz + along * betaZ);
    }

    /// <summary>
    /// Splits this parent into two daughters of masses <paramref name="mass1"/> and <paramref name="mass2"/>,
    /// isotropically in the parent's rest frame; the daughters are returned in the lab frame.
    /// </summary>
    public (FourVector First, FourVector Second) Decay(double mass1, double mass2, double cosTheta, double phi)
    {
        var parentMass = Mass;
        var sum = mass1 + mass2;
        var difference = mass1 - mass2;
        var momentum = Math.Sqrt(Math.Max(0, (parentMass * parentMass - sum * sum) * (parentMass * parentMass - difference * difference))) / (2 * parentMass);
        var sinTheta = Math.Sqrt(Math.Max(0, 1 - cosTheta * cosTheta));
        var (nx, ny, nz) = (sinTheta * Math.Cos(phi), sinTheta * Math.Sin(phi), cosTheta);
        var first = new FourVector(Math.Sqrt(momentum * momentum + mass1 * mass1), momentum * nx, momentum * ny, momentum * nz);
        var second = new FourVector(Math.Sqrt(momentum * momentum + mass2 * mass2), -momentum * nx, -momentum * ny, -momentum * nz);
        var (bx, by, bz) = (Px / E, Py / E, Pz / E);
        return (first.Boost(bx, by, bz), second.Boost(bx, by, bz));
    }
}
