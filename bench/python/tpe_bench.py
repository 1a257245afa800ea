#!/usr/bin/env python3
"""Optuna 3.1's TPESampler (and RandomSampler) on Branin and Hartmann-6, the same lines Goldstone.Bench.Tpe prints.

One JSON line per (sampler, function, seed): the best value after each trial, sequential (n_jobs 1); then the cost of
one suggestion (ask + suggest every parameter) in a study of N finished random trials, in-memory storage.
usage: tpe_bench.py [--trials 100] [--seeds 20] [--cost-observed 1000] [--cost-repeats 20]
"""
import json
import math

import numpy as np
import optuna

from search_common import bench_arguments, objective, optuna_suggestion_cost

optuna.logging.set_verbosity(optuna.logging.WARNING)

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


FUNCTIONS = {
    "branin": ([("x1", -5.0, 10.0), ("x2", 0.0, 15.0)], branin),
    "hartmann6": ([(f"x{i}", 0.0, 1.0) for i in range(1, 7)], hartmann6),
}


def main():
    args = bench_arguments()
    for name, (space, function) in FUNCTIONS.items():
        for seed in range(args.seeds):
            for sampler_name, sampler in (("tpe", optuna.samplers.TPESampler(seed=seed)), ("random", optuna.samplers.RandomSampler(seed=seed))):
                study = optuna.create_study(sampler=sampler)
                study.optimize(objective(space, function), n_trials=args.trials)
                best = list(np.minimum.accumulate([t.value for t in study.trials]))
                print(json.dumps({"part": "best", "impl": "optuna", "sampler": sampler_name, "function": name, "seed": seed, "best": best}), flush=True)

        seconds = optuna_suggestion_cost(space, lambda x: {"value": function(x)}, ["minimize"], args.cost_observed, args.cost_repeats)
        print(json.dumps({"part": "cost", "impl": "optuna", "sampler": "tpe", "function": name, "observed": args.cost_observed, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
