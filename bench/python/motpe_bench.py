#!/usr/bin/env python3
"""Optuna 3.1's MOTPE (TPESampler in a study with several directions) and RandomSampler on ZDT1 and DTLZ2, the same
lines as Goldstone.Bench.Tpe --multi-objective 1 prints.

One JSON line per (sampler, function, seed): every trial's loss vector in trial order, sequential (n_jobs 1); the
hypervolume is left to summarise_motpe.py, so that both sides are measured by the same code. Then the cost of one
suggestion (ask + suggest every parameter) in a study of N finished random trials, in-memory storage.
usage: motpe_bench.py [--trials 100] [--seeds 20] [--cost-observed 1000] [--cost-repeats 20]
"""
import json
import math

import optuna

from search_common import bench_arguments, objective, optuna_suggestion_cost

optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt1(x):
    g = 1 + 9 * (x[1] + x[2] + x[3]) / 3
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def dtlz2(x):
    g = sum((xi - 0.5) ** 2 for xi in x[2:5])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


# name: (space, function, number of objectives)
FUNCTIONS = {
    "zdt1": ([(f"x{i}", 0.0, 1.0) for i in range(1, 5)], zdt1, 2),
    "dtlz2": ([(f"x{i}", 0.0, 1.0) for i in range(1, 6)], dtlz2, 3),
}


def main():
    args = bench_arguments()
    for name, (space, function, objectives) in FUNCTIONS.items():
        directions = ["minimize"] * objectives
        for seed in range(args.seeds):
            for sampler_name, sampler in (("tpe", optuna.samplers.TPESampler(seed=seed)), ("random", optuna.samplers.RandomSampler(seed=seed))):
                study = optuna.create_study(sampler=sampler, directions=directions)
                study.optimize(objective(space, function), n_trials=args.trials)
                values = [list(t.values) for t in study.trials]
                print(json.dumps({"part": "mo", "impl": "optuna", "sampler": sampler_name, "function": name, "seed": seed, "values": values}), flush=True)

        seconds = optuna_suggestion_cost(space, lambda x: {"values": function(x)}, directions, args.cost_observed, args.cost_repeats)
        print(json.dumps({"part": "mo-cost", "impl": "optuna", "sampler": "tpe", "function": name, "observed": args.cost_observed, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
