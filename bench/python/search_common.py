"""What the TPE and MOTPE parts share on the Python side: Optuna's cost per suggestion, and the summaries' statistics."""
import argparse
import json
import os
import statistics
import time

import numpy as np
import optuna


def optuna_suggestion_cost(space, evaluate, directions, observed, repeats):
    """Seconds of each of `repeats` suggestions (study.ask() plus one suggest_float per parameter) in a TPESampler(seed=0)
    study of `observed` finished trials at uniformly random points; `evaluate(x)` gives create_trial's keyword
    arguments for them (value= or values=). The asked trials stay running, which TPE ignores, so every repetition sees
    the same finished trials; one more repetition before them warms up."""
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0), directions=directions)
    rng = np.random.RandomState(1)
    distributions = {n: optuna.distributions.FloatDistribution(low, high) for n, low, high in space}
    trials = []
    for _ in range(observed):
        params = {n: float(rng.uniform(low, high)) for n, low, high in space}
        trials.append(optuna.trial.create_trial(params=params, distributions=distributions, **evaluate([params[n] for n, _, _ in space])))
    study.add_trials(trials)
    seconds = []
    for r in range(repeats + 1):
        start = time.perf_counter()
        trial = study.ask()
        for n, low, high in space:
            trial.suggest_float(n, low, high)
        elapsed = time.perf_counter() - start
        if r > 0:
            seconds.append(elapsed)
    return seconds


def quartiles(values):
    """(lower quartile, median, upper quartile), inclusive method; the value itself three times for one value."""
    values = sorted(values)
    if len(values) < 2:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], statistics.median(values), q[2]


def print_cost_table(title, cost):
    """The markdown cost table: {(function, implementation): (finished trials, seconds)} as ms, median [min–max]."""
    print(f"\n## {title}\n")
    print("| function | implementation | finished trials | ms per suggestion |")
    print("|---|---|---|---|")
    for (function, impl), (observed, seconds) in sorted(cost.items()):
        ms = [s * 1000 for s in seconds]
        print(f"| {function} | {impl} | {observed} | {statistics.median(ms):.2f} [{min(ms):.2f}–{max(ms):.2f}] |")


def objective(space, function):
    """Optuna's objective for a function of the parameters of `space` (name, low, high), each suggested as a float."""
    return lambda trial: function([trial.suggest_float(name, low, high) for name, low, high in space])


def bench_arguments():
    """The options both sides take: --trials, --seeds, --cost-observed, --cost-repeats."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--cost-observed", type=int, default=1000)
    parser.add_argument("--cost-repeats", type=int, default=20)
    return parser.parse_args()


def read_run(part):
    """The summaries' arguments (OUT, --at) and the JSON lines of OUT/raw/PART.jsonl: (checkpoints, rows)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--at", default="50,100")
    args = parser.parse_args()
    rows = [json.loads(line) for line in open(os.path.join(args.out, "raw", f"{part}.jsonl")) if line.strip()]
    return [int(n) for n in args.at.split(",")], rows
