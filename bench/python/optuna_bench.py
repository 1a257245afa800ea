#!/usr/bin/python3
"""Optuna's orchestration cost, the anchor of Goldstone's no-op trial throughput (DESIGN.md "Performance").

A trivial objective (x**2 of one suggested float, RandomSampler so that the sampler's own cost stays flat in N)
runs N trials sequentially against each storage: in-memory, SQLite (sqlite:/// in a temporary directory) and
JournalFile. Every (storage, N) runs in a fresh child process, so that its peak RSS is its own. One JSON line per
(storage, N) on stdout, timed over study.optimize (create_study_s, the study's creation, apart):

  {"part": "optuna", "storage": ..., "trials_requested": N, "trials": n, "capped": bool, "create_study_s": c, "seconds": s,
   "trials_per_s": n/s, "us_per_trial": 1e6*s/n, "peak_rss_mb": ..., "rss_before_mb": ..., "bytes_per_trial": ...}

SQLite is slow (about 100 trials/s here) and slows down as the study grows, so it runs at most --sqlite-cap trials
and stops after --sqlite-seconds; "capped" says that it ran fewer trials than asked, and the figures are over the
trials it ran. bytes_per_trial is the storage file(s) on disk after the run divided by the trials run (null for
in-memory).

usage: optuna_bench.py [--sizes 1000,10000] [--storages memory,sqlite,journal] [--sqlite-cap 10000]
                       [--sqlite-seconds 300] [--sampler random|tpe]
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings


def rss_mb():
    """Peak RSS of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(storage_name, trials, cap, limit_s, sampler_name):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    optuna.logging.disable_default_handler()
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    before = rss_mb()
    tmp = tempfile.mkdtemp(prefix="optuna-bench-")
    try:
        files = []
        if storage_name == "memory":
            storage = None
        elif storage_name == "sqlite":
            path = os.path.join(tmp, "optuna.db")
            storage = f"sqlite:///{path}"
            files = [path, path + "-journal", path + "-wal"]
        elif storage_name == "journal":
            path = os.path.join(tmp, "optuna.log")
            storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
            files = [path]
        else:
            raise SystemExit(f"unknown storage {storage_name}")
        run = trials
        if storage_name == "sqlite" and cap:
            run = min(trials, cap)
        sampler = optuna.samplers.RandomSampler(seed=0) if sampler_name == "random" else optuna.samplers.TPESampler(seed=0)

        def objective(trial):
            x = trial.suggest_float("x", -10, 10)
            return x ** 2

        callbacks = []
        timed_out = [False]
        created = time.perf_counter()
        # The study's creation (the schema, for SQLite) is timed apart, as Goldstone's startup and submit are.
        study = optuna.create_study(storage=storage, sampler=sampler, study_name="bench", direction="minimize")
        start = time.perf_counter()
        if storage_name == "sqlite" and limit_s:
            def stop_after(study, _trial):
                if time.perf_counter() - start > limit_s:
                    timed_out[0] = True
                    study.stop()
            callbacks.append(stop_after)
        study.optimize(objective, n_trials=run, callbacks=callbacks, gc_after_trial=False)
        seconds = time.perf_counter() - start
        done = len(study.trials)
        on_disk = sum(os.path.getsize(f) for f in files if os.path.exists(f)) if files else None
        return {
            "part": "optuna", "storage": storage_name, "optuna": optuna.__version__, "sampler": sampler_name,
            "trials_requested": trials, "trials": done, "capped": done < trials,
            "cap": {"trials": cap, "seconds": limit_s, "hit_time_limit": timed_out[0]} if storage_name == "sqlite" else None,
            "create_study_s": start - created, "seconds": seconds, "trials_per_s": done / seconds, "us_per_trial": 1e6 * seconds / done,
            "peak_rss_mb": rss_mb(), "rss_before_mb": before,
            "bytes_on_disk": on_disk, "bytes_per_trial": on_disk / done if on_disk is not None else None,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--storages", default="memory,journal,sqlite")
    parser.add_argument("--sqlite-cap", type=int, default=10000, help="most trials SQLite runs (0: no cap)")
    parser.add_argument("--sqlite-seconds", type=float, default=300, help="SQLite stops after this long (0: no limit)")
    parser.add_argument("--sampler", choices=["random", "tpe"], default="random")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # storage:N, in the child process
    args = parser.parse_args()
    if args.one:
        storage, trials = args.one.split(":")
        print(json.dumps(one(storage, int(trials), args.sqlite_cap, args.sqlite_seconds, args.sampler)), flush=True)
        return
    failed = 0
    for trials in [int(s) for s in args.sizes.split(",") if s]:
        for storage in [s for s in args.storages.split(",") if s]:
            child = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", f"{storage}:{trials}",
                                    "--sqlite-cap", str(args.sqlite_cap), "--sqlite-seconds", str(args.sqlite_seconds),
                                    "--sampler", args.sampler], stdout=subprocess.PIPE, text=True)
            line = child.stdout.strip()
            if child.returncode != 0 or not line.startswith("{"):
                failed += 1
                line = json.dumps({"part": "optuna", "storage": storage, "trials_requested": trials,
                                   "status": "failed", "rc": child.returncode})
                print(f"optuna_bench: {storage} at {trials} failed (exit {child.returncode})", file=sys.stderr)
            print(line, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
