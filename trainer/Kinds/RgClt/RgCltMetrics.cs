using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>
/// The final metrics of an <c>rg_clt</c> trial. All are cheap next to training, so every one is always reported;
/// a request may name any subset. A value that is not finite (a diverged model) is reported as NaN.
/// </summary>
public static class RgCltMetrics
{
    /// <summary>One-step MSE on fresh chains of the train distributions, mean over those distributions.</summary>
    public const string MseIn = "mse_in";

    /// <summary>One-step MSE on chains of the test (out-of-distribution) distributions, mean over them.</summary>
    public const string MseOod = "mse_ood";

    /// <summary>One-step MSE on the training chains.</summary>
    public const string MseTrain = "mse_train";

    /// <summary>1 when the training loss stopped being finite (training then stops), else 0.</summary>
    public const string Diverged = "diverged";

    /// <summary>Prefix of the cumulant errors: <c>kappa{n}_err</c>, <c>kappa{n}_err_paired</c>, each also with <c>_in</c>.</summary>
    public const string KappaPrefix = "kappa";

    /// <summary>The cumulant orders compared after k iterations.</summary>
    public static readonly int[] CumulantOrders = [2, 3, 4];

    /// <summary>Every metric name, in the order error messages list them.</summary>
    public static readonly string[] All =
    [
        MseIn, MseOod, MseTrain,
        .. CumulantOrders.Select(order => KappaError(order, paired: false, outOfDistribution: true)),
        .. CumulantOrders.Select(order => KappaError(order, paired: false, outOfDistribution: false)),
        .. CumulantOrders.Select(order => KappaError(order, paired: true, outOfDistribution: true)),
        .. CumulantOrders.Select(order => KappaError(order, paired: true, outOfDistribution: false)),
        Diverged,
    ];

    /// <summary>
    /// |κₙ(model^k) − κₙ(exact^k)| after k = iterations steps, mean over the test distributions (<c>kappa{n}_err</c>) or
    /// the train distributions (<c>kappa{n}_err_in</c>). Unpaired, exact^k is the analytic recursion on the input's known
    /// cumulants and the value includes the sampling error of the test chains; paired (<c>kappa{n}_err_paired</c>,
    /// <c>kappa{n}_err_paired_in</c>), it is the exact map applied to the same chains, which cancels that error. See
    /// <see cref="RgCltEvaluation.Cumulants"/>.
    /// </summary>
    public static string KappaError(int order, bool paired, bool outOfDistribution) =>
        $"{KappaPrefix}{order}_err{(paired ? "_paired" : "")}{(outOfDistribution ? "" : "_in")}";

    /// <summary>Checks the metric names a request asks for.</summary>
    /// <exception cref="TrialRequestException">A name is not one of <see cref="All"/>.</exception>
    public static void Validate(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!All.Contains(name, StringComparer.Ordinal))
                throw new TrialRequestException($"metrics: unknown metric '{name}' for kind rg_clt (allowed: {string.Join(", ", All)})");
        }
    }
}
