#!/usr/bin/python3
"""Goldstone's orchestration cost: `./goldstone run` on `synthetic` specs, timed and sampled from outside.

  goldstone_bench.py startup --work DIR                       a 1-trial campaign (after one discarded warm-up)
  goldstone_bench.py noop --sizes 1000,10000 [--slots 16] --work DIR [--timeout 1800] [--startup S]
  goldstone_bench.py fixed --trials 2000 --duration 0.5 --slots 16 --work DIR [--timeout 1800]

Each run writes a spec of N trials (a grid of x values × seeds: 100 seeds when N is a multiple of 100, else 10 or 1;
epochs 1; retries default), runs `./goldstone run SPEC --data-dir FRESH [--slots S]` in its own session, and prints
one JSON line:
- wall_s: the whole command, including the launcher's source check, silo start, submit, the campaign, the table
  and report, and the silo's stop.
- campaign_s: from the arrival of the first progress line on stdout to the arrival of the first one that says
  N/N done (the CLI polls every 0.5 s and prints a line per change, so each end is good to about 0.5 s);
  trials_per_s and us_per_trial are over campaign_s. wall_minus_startup_s is the alternative, wall_s minus the
  wall time of a 1-trial run (`--startup`), given where it was measured.
- silo_peak_rss_mb: VmHWM of the `goldstone run` process (the launcher execs dotnet, so its pid is the silo's),
  read every --interval seconds, the last read just before it exits; wait4_maxrss_mb is the kernel's ru_maxrss
  from wait4 (the largest of the silo and the trainers it reaped), as a check.
- trainer_*: children of the silo whose cmdline contains Goldstone.Trainer.dll, sampled every --interval
  seconds (VmHWM at the last sample of each). Short-lived trainers are missed by sampling, so trainers_seen is a
  lower bound; trainer_attempts (the attempts in results.jsonl, one trainer process each) is the exact count.
- bytes_per_trial: `du -sb` of the data directory after the run ÷ N; sqlite_bytes_per_trial: goldstone.db
  (with -wal and -shm) alone ÷ N.
- cpu: silo_cpu_s (the silo's own user+sys from /proc at its last sample) and total_cpu_s (wait4's, the silo and
  every trainer it reaped).
A run that passes --timeout is stopped (SIGTERM to its process group, then SIGKILL) and recorded as
{"status": "timeout"} without figures. Exit status: 0 all ok, 3 some run timed out, 1 some run failed.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROGRESS = re.compile(r"^(\d+)/(\d+) done \(succeeded (\d+), failed (\d+)")
SLOTS = re.compile(r"^campaign \S+: (?:resuming \()?(\d+) trials, (\d+) slot\(s\)")
TICKS = os.sysconf("SC_CLK_TCK")


def spec_text(name, trials, duration):
    seeds = next(s for s in (100, 10, 1) if trials % s == 0 and trials >= s)
    points = trials // seeds
    xs = ", ".join(repr(round(i / points, 6)) for i in range(points))
    return (f"name: {name}\nkind: synthetic\nparams: {{duration: {duration!r}}}\n"
            f"search:\n  space:\n    x: {{values: [{xs}]}}\nseeds: {seeds}\nepochs: 1\n"), points, seeds


def status_kb(pid, keys=("VmRSS", "VmHWM")):
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in keys:
                    values[key] = int(line.split()[1])
    except OSError:
        pass
    return values


def cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def children(pid):
    found = set()
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path) as f:
                found.update(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def is_trainer(pid, cache):
    if pid not in cache:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cache[pid] = b"Goldstone.Trainer.dll" in f.read()
        except OSError:
            return False
    return cache[pid]


class Sampler(threading.Thread):
    def __init__(self, pid, interval):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.stop = threading.Event()
        self.silo_hwm = self.silo_rss_max = 0
        self.silo_cpu = None
        self.trainers = {}  # pid -> max VmHWM (kB) seen
        self.cmdline = {}

    def sample(self):
        silo = status_kb(self.pid)
        if "VmHWM" in silo:
            self.silo_hwm = max(self.silo_hwm, silo["VmHWM"])
            self.silo_rss_max = max(self.silo_rss_max, silo.get("VmRSS", 0))
            self.silo_cpu = cpu_s(self.pid) or self.silo_cpu
        for child in children(self.pid):
            if is_trainer(child, self.cmdline):
                kb = status_kb(child)
                peak = max(kb.get("VmHWM", 0), kb.get("VmRSS", 0))
                self.trainers[child] = max(self.trainers.get(child, 0), peak)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)


def reader(stream, sink, lines):
    for line in iter(stream.readline, ""):
        lines.append((time.monotonic(), line.rstrip("\n")))
        sink.write(line)
    sink.flush()


def du_bytes(path):
    out = subprocess.run(["du", "-sb", path], stdout=subprocess.PIPE, text=True, check=True).stdout
    return int(out.split()[0])


def measure(args, variant, trials, duration, slots):
    name = f"bench-{variant}-{trials}" + (f"-s{slots}" if slots else "")
    text, points, seeds = spec_text(name, trials, duration)
    data = tempfile.mkdtemp(prefix=f"{name}-", dir=args.work)
    spec = os.path.join(data + ".yaml")
    with open(spec, "w") as f:
        f.write(text)
    command = [os.path.join(ROOT, "goldstone"), "run", spec, "--data-dir", data] + (["--slots", str(slots)] if slots else [])
    logs = os.path.join(args.logs, name) if args.logs else None
    record = {"part": "goldstone", "variant": variant, "trials": trials, "points": points, "seeds": seeds, "epochs": 1,
              "duration_s": duration, "slots_requested": slots or "default"}
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    out_lines, err_lines = [], []
    sinks = [open(logs + ".stdout", "w") if logs else open(os.devnull, "w"),
             open(logs + ".stderr", "w") if logs else open(os.devnull, "w")]
    readers = [threading.Thread(target=reader, args=(process.stdout, sinks[0], out_lines), daemon=True),
               threading.Thread(target=reader, args=(process.stderr, sinks[1], err_lines), daemon=True)]
    for r in readers:
        r.start()
    sampler = Sampler(process.pid, args.interval)
    sampler.start()
    timed_out, exited = threading.Event(), threading.Event()

    def on_timeout():
        timed_out.set()
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the CLI stops its trainers and exits 143
            if not exited.wait(60):
                os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(args.timeout, on_timeout)
    timer.daemon = True
    timer.start()
    # An exited process's /proc status has no memory lines, so the silo's peak is its VmHWM at the last sample.
    _, status, usage = os.wait4(process.pid, 0)
    ended = time.monotonic()
    exited.set()
    timer.cancel()
    sampler.stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    for s in sinks:
        s.close()
    record["rc"] = process.returncode
    record["wall_s"] = ended - started
    if timed_out.is_set():
        record.update(status="timeout", timeout_s=args.timeout)
        del record["wall_s"]
    elif process.returncode != 0:
        record.update(status="failed", stderr_tail=[l for _, l in err_lines[-5:]])
    else:
        progress = [(t, PROGRESS.match(l)) for t, l in out_lines]
        progress = [(t, m) for t, m in progress if m]
        done = [(t, m) for t, m in progress if m.group(1) == m.group(2)]
        slot_line = next((SLOTS.match(l) for _, l in err_lines if SLOTS.match(l)), None)
        if not progress or not done:
            record.update(status="failed", reason="no progress line saying N/N done")
        else:
            first, (last, final) = progress[0][0], done[0]
            campaign = last - first
            # The CLI's closing stats line carries the campaign grain's own creation and completion times: exact,
            # where the progress lines' arrival is only good to the 0.5 s poll.
            stats = next((json.loads(l[len("stats: "):]) for _, l in err_lines if l.startswith("stats: ")), None)
            progress_campaign = campaign
            if stats and stats.get("campaign_s"):
                campaign = stats["campaign_s"]
            record.update(status="ok", slots=int(slot_line.group(2)) if slot_line else None,
                          succeeded=int(final.group(3)), failed=int(final.group(4)),
                          startup_to_first_progress_s=first - started, campaign_s=campaign,
                          campaign_progress_lines_s=progress_campaign,
                          campaign_source="stats line (campaign grain's created and completed times)" if stats and stats.get("campaign_s")
                          else "arrival times of stdout progress lines (0.5 s poll)",
                          after_completion_s=ended - last,
                          trials_per_s=trials / campaign if campaign > 0 else None,
                          us_per_trial=1e6 * campaign / trials)
            if args.startup is not None:
                rest = record["wall_s"] - args.startup
                record.update(startup_s=args.startup, wall_minus_startup_s=rest,
                              trials_per_s_wall_minus_startup=trials / rest if rest > 0 else None)
    record.update(silo_peak_rss_mb=sampler.silo_hwm / 1024 or None, silo_rss_max_sampled_mb=sampler.silo_rss_max / 1024 or None,
                  wait4_maxrss_mb=usage.ru_maxrss / 1024, silo_cpu_s=sampler.silo_cpu,
                  total_cpu_s=usage.ru_utime + usage.ru_stime, sample_interval_s=args.interval)
    peaks = sorted(sampler.trainers.values())
    record.update(trainers_seen=len(peaks), trainer_peak_rss_mb=peaks[-1] / 1024 if peaks else None,
                  trainer_median_rss_mb=peaks[len(peaks) // 2] / 1024 if peaks else None)
    results = os.path.join(data, "campaigns", name, "results.jsonl")
    if os.path.exists(results):
        with open(results) as f:
            record["trainer_attempts"] = sum(json.loads(l).get("attempts", 0) for l in f if l.startswith("{"))
    if os.path.isdir(data):
        total = du_bytes(data)
        db = sum(os.path.getsize(p) for p in glob.glob(os.path.join(data, "goldstone.db*")))
        record.update(data_dir_bytes=total, bytes_per_trial=total / trials, sqlite_bytes=db, sqlite_bytes_per_trial=db / trials)
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)
        os.remove(spec)
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["startup", "noop", "fixed"])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=0.5)
    parser.add_argument("--slots", type=int, default=0, help="--slots for goldstone run (0: its default)")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--startup", type=float, help="wall s of a 1-trial run, for wall_minus_startup_s")
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--work", required=True, help="where the data directories go (removed after each run)")
    parser.add_argument("--logs", help="directory for each run's stdout and stderr")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if args.logs:
        os.makedirs(args.logs, exist_ok=True)
    records = []
    if args.mode == "startup":
        keep, args.keep = args.keep, False
        logs, args.logs = args.logs, None
        measure(args, "warmup", 1, 0, args.slots)  # discarded: disk caches, the launcher's build check
        args.keep, args.logs = keep, logs
        records.append(measure(args, "startup", 1, 0, args.slots))
        print(json.dumps(records[-1]), flush=True)
    elif args.mode == "noop":
        for n in [int(n) for n in args.sizes.split(",") if n]:
            records.append(measure(args, "noop", n, 0, args.slots))
            print(json.dumps(records[-1]), flush=True)
    else:
        record = measure(args, "fixed", args.trials, args.duration, args.slots)
        record["part"] = "goldstone-fixed"
        if record["status"] == "ok":
            ideal = args.trials * args.duration / record["slots"]
            record.update(ideal_s=ideal, overhead_campaign=record["campaign_s"] / ideal - 1, overhead_wall=record["wall_s"] / ideal - 1)
        records.append(record)
        print(json.dumps(record), flush=True)
    statuses = {r["status"] for r in records}
    sys.exit(1 if "failed" in statuses else 3 if "timeout" in statuses else 0)


if __name__ == "__main__":
    main()
