namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>The white-box attack a trial trains against (<c>attack</c>).</summary>
public enum AttackKind
{
    /// <summary><c>none</c>: plain training, the baseline.</summary>
    None,

    /// <summary><c>sam</c>: weight space, e = ρ·g/(‖g‖₂ + 1e-7) over all parameters.</summary>
    Sam,

    /// <summary><c>ssam_d</c>: weight space, the SAM perturbation on a sparse, dynamically updated mask.</summary>
    SsamD,

    /// <summary><c>fgsm</c>: feature space, one signed-gradient step of size ε on constituent features.</summary>
    Fgsm,

    /// <summary><c>pgd</c>: feature space, K signed-gradient steps of size α inside the L∞ ball of radius ε.</summary>
    Pgd,

    /// <summary><c>none_attack_lr</c>: plain training at the attacks' default learning rate (5e-5 instead of 1e-4), the
    /// learning-rate-matched baseline: it separates what an attack does from what its lower learning rate does.</summary>
    NoneAttackLearningRate,
}

/// <summary>Spec names of <see cref="AttackKind"/> and what each attack perturbs.</summary>
public static class AttackNames
{
    /// <summary>Spec names, in enum order.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "sam", "ssam_d", "fgsm", "pgd", "none_attack_lr"];

    /// <summary>The attack named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Not a spec name.</exception>
    public static AttackKind Parse(string name)
    {
        var index = Names.ToList().IndexOf(name);
        return index >= 0 ? (AttackKind)index : throw new ArgumentException($"unknown attack '{name}'", nameof(name));
    }

    /// <summary>The spec name of <paramref name="attack"/>.</summary>
    public static string NameOf(AttackKind attack) => Names[(int)attack];

    /// <summary>True for SAM and SSAM-D, which perturb the weights.</summary>
    public static bool InWeightSpace(this AttackKind attack) => attack is AttackKind.Sam or AttackKind.SsamD;

    /// <summary>True for FGSM and PGD, which perturb the constituent features.</summary>
    public static bool InFeatureSpace(this AttackKind attack) => attack is AttackKind.Fgsm or AttackKind.Pgd;
}
