namespace Goldstone.Trainer.Models.RgClt;

/// <summary>The model families of the renormalisation study, as a request names them.</summary>
public enum ChainModel
{
    /// <summary><c>mlp_unconstrained</c>: <see cref="PairMlp"/> with <see cref="MlpConstraint.Unconstrained"/>.</summary>
    MlpUnconstrained,

    /// <summary><c>mlp_symmetric</c>: <see cref="PairMlp"/> with <see cref="MlpConstraint.Symmetric"/>.</summary>
    MlpSymmetric,

    /// <summary><c>mlp_overconstrained</c>: <see cref="PairMlp"/> with <see cref="MlpConstraint.OverConstrained"/>.</summary>
    MlpOverconstrained,

    /// <summary><c>gnn</c>: <see cref="ChainGnn"/>.</summary>
    Gnn,

    /// <summary><c>deepsets</c>: <see cref="DeepSetsMap"/>, ρ(φ(x₁) + φ(x₂)).</summary>
    DeepSets,
}

/// <summary>Names and construction of <see cref="ChainModel"/>.</summary>
public static class ChainModels
{
    private static readonly (ChainModel Model, string Name)[] Table =
    [
        (ChainModel.MlpUnconstrained, "mlp_unconstrained"),
        (ChainModel.MlpSymmetric, "mlp_symmetric"),
        (ChainModel.MlpOverconstrained, "mlp_overconstrained"),
        (ChainModel.Gnn, "gnn"),
        (ChainModel.DeepSets, "deepsets"),
    ];

    /// <summary>Every name a request may use.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(entry => entry.Name).ToArray();

    /// <summary>The name a request uses.</summary>
    public static string Name(ChainModel model) => Table.Single(entry => entry.Model == model).Name;

    /// <summary>The model named <paramref name="name"/>; <paramref name="name"/> must be one of <see cref="Names"/>.</summary>
    public static ChainModel Parse(string name) => Table.Single(entry => entry.Name == name).Model;

    /// <summary>A freshly initialised model (from torch's global generator).</summary>
    /// <param name="width">Hidden units per layer (MLP, DeepSets) or features per site (GNN).</param>
    /// <param name="depth">Hidden layers (MLP), message-passing layers (GNN) or layers of φ (DeepSets).</param>
    public static ChainMap Create(ChainModel model, int width, int depth, BlockActivation activation) => model switch
    {
        ChainModel.MlpUnconstrained => new PairMlp(MlpConstraint.Unconstrained, width, depth, activation),
        ChainModel.MlpSymmetric => new PairMlp(MlpConstraint.Symmetric, width, depth, activation),
        ChainModel.MlpOverconstrained => new PairMlp(MlpConstraint.OverConstrained, width, depth, activation),
        ChainModel.Gnn => new ChainGnn(width, depth, activation),
        ChainModel.DeepSets => new DeepSetsMap(width, depth, activation),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };
}
