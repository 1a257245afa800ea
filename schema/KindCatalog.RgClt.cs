namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>
    /// WORKLOADS.md B: a model learns one renormalisation step x′ = (x₁ + x₂)/√2 on chains of iid zero-mean,
    /// unit-variance sites, trained on some input distributions and tested on others.
    /// <para>Models (<c>model</c>): mlp_unconstrained; mlp_symmetric, tied input weights per hidden unit, exactly
    /// f(x₁, x₂) = f(x₂, x₁); mlp_overconstrained, symmetric and all hidden rows tied; gnn, message passing on the
    /// periodic chain, then pair pooling; deepsets, ρ(φ(x₁) + φ(x₂)), exactly symmetric and able to represent any
    /// symmetric function of the pair. Every parameter's range, default and help are its entry below.</para>
    /// <para>Metrics: <c>mse_in</c>, <c>mse_ood</c>, <c>mse_train</c> (one-step MSE on fresh chains of the train
    /// distributions, on the test distributions, on the training chains; means over distributions);
    /// <c>kappa{2,3,4}_err</c> and <c>kappa{2,3,4}_err_in</c> (|κₙ(model^k) − κₙ(exact^k)| after k iterations, κ from
    /// unbiased k-statistics of the iterated test chains, exact^k from the input's known cumulants by the recursion
    /// κₙ ← 2^(1−n/2)·κₙ; mean over the test or the train distributions; a perfect model still shows the sampling error,
    /// about √(n!/m) for m sites after k steps, more for heavy tails); <c>kappa{2,3,4}_err_paired</c> and
    /// <c>kappa{2,3,4}_err_paired_in</c> (the same with exact^k the exact map applied to the same chains, which cancels
    /// that sampling error);
    /// <c>diverged</c> (1 when training stopped on a non-finite loss; other metrics are then NaN where not finite).</para>
    /// </summary>
    public static readonly KindDefinition RgClt = new(
        "rg_clt",
        [
            new("model", ParamKind.Choice, Choices: ["mlp_unconstrained", "mlp_symmetric", "mlp_overconstrained", "gnn", "deepsets"],
                Default: "mlp_symmetric", Help: "the model family"),
            new("activation", ParamKind.Choice, Choices: ["linear", "quadratic", "tanh", "relu", "silu"], Default: "tanh", Help: "hidden nonlinearity"),
            new("width", ParamKind.Integer, Min: 1, Max: 1024, Default: 16, Help: "hidden units per layer, or features per site for the GNN"),
            new("depth", ParamKind.Integer, Min: 1, Max: 16, Default: 2, Help: "hidden, message-passing or φ layers"),
            new("train_dists", ParamKind.Text, Default: "uniform,gaussian",
                Help: "comma-separated training distributions: uniform, exponential, laplace, gaussian"),
            new("test_dists", ParamKind.Text, Default: "exponential,laplace",
                Help: "comma-separated out-of-distribution test distributions, none of them in train_dists"),
            new("chain_log2", ParamKind.Integer, Min: 1, Max: 16, Default: 4, Help: "L: chains of 2^L sites"),
            new("iterations", ParamKind.Integer, Min: 1, Max: 16, Default: 2, Help: "k ≤ chain_log2, the RG steps the cumulant metrics iterate"),
            new("lr", ParamKind.Real, Min: 0, MinExclusive: true, Default: 0.003, Help: "Adam's learning rate"),
            new("batch_size", ParamKind.Integer, Min: 1, Default: 32, Help: "chains per batch"),
            new("train_size", ParamKind.Integer, Min: 1, Default: 512, Help: "training chains, shared out among the train distributions"),
            new("test_size", ParamKind.Integer, Min: 4, Default: 2048, Help: "test chains per distribution"),
        ],
        Metrics:
        [
            "mse_in", "mse_ood", "mse_train",
            "kappa2_err", "kappa3_err", "kappa4_err", "kappa2_err_in", "kappa3_err_in", "kappa4_err_in",
            "kappa2_err_paired", "kappa3_err_paired", "kappa4_err_paired", "kappa2_err_paired_in", "kappa3_err_paired_in", "kappa4_err_paired_in",
            "diverged",
        ],
        ParametricMetrics: [],
        DefaultMetrics: ["mse_in", "mse_ood", "kappa2_err", "kappa3_err", "kappa4_err"])
    {
        EpochMetrics = ["loss", "val_mse"],
    };
}
