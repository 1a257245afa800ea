#!/usr/bin/env bash
# Goldstone benchmarks, side by side in one run (DESIGN.md "Performance"):
#   1. training samples/s of soft_symmetry and rg_clt in TorchSharp (the kinds' own epoch code) against the same
#      model and step in Debian's PyTorch, at 1 and 2 threads; the machine's matmul rate and per-op overhead;
#   2. hessian_top cost in gradient-equivalents;
#   3. the comparative table of 1k, 10k (and, full size, 100k) synthetic outcomes in an in-process silo;
#   4. orchestration (its own part): persisted no-op trials/s of `./goldstone run` against Optuna's in-memory,
#      JournalFile and SQLite storages at the same N, memory and disk per trial, and the overhead of fixed-duration
#      trials against the ideal N·d/slots (beside Ray Tune's published 14%).
# usage: bench/run.sh [small|full]     small: a smoke run of parts 1-3 in a few minutes; full (default): the numbers.
#        bench/run.sh orchestration [--sizes 1000,10000,100000] [--timeout 1800] [--sqlite-cap 10000]
#                                      part 4 alone; each Goldstone run is stopped after --timeout s (recorded as such).
#        bench/run.sh tpe [--quick]    part 5: Goldstone's TPE beside Optuna 3.1's TPESampler on Branin and Hartmann-6,
#                                      best value after 50 and 100 trials over 20 seeds, cost per suggestion at 1k
#                                      finished trials (about 3 minutes); --quick: 30 trials, 3 seeds, cost at 200.
#        bench/run.sh motpe [--quick]  part 6: the same TPE with several objectives (MOTPE) beside Optuna 3.1's on ZDT1
#                                      and DTLZ2, hypervolume after 50 and 100 trials over 20 seeds, cost per suggestion
#                                      at 1k finished trials (about 15 minutes, most of it Optuna's DTLZ2 cost); --quick:
#                                      30 trials, 3 seeds, cost at 200.
#        bench/run.sh --quick          part 4 at N=200 (fixed duration: 160 trials), about 2 minutes; exits non-zero if
#                                      any of it fails.
# Raw JSON lines, logs and the summary go to bench/.out/<UTC time>-<size or part>/; the summary is also printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PYTHON=/usr/bin/python3 # Debian's interpreter: python3-torch and python3-optuna install there, not into pyenv or a venv.

# Installs Debian's PACKAGE unless Python can import MODULE.
need_python_module() {
  local module=$1 package=$2 what=$3
  "$PYTHON" -c "import $module" >/dev/null 2>&1 && return 0
  echo "run.sh: installing $package ($what)" >&2
  # A fresh machine has no package lists: the install fails with "Unable to locate package" until an update.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 && return 0
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

# Runs a build command up to three times, two minutes apart (others may be mid-edit); exits if the last fails.
build_with_retries() {
  local attempt
  for attempt in 1 2 3; do
    if "$@"; then return 0; fi
    [ "$attempt" = 3 ] && { echo "run.sh: the build failed" >&2; exit 1; }
    echo "run.sh: build failed (others may be mid-edit); retrying in 120 s" >&2
    sleep 120
  done
}

# The machine block of machine.txt; its last lines (the Python side's versions) are the caller's.
describe_machine() {
  echo "date (UTC):    $(date -u '+%Y-%m-%d %H:%M')"
  echo "git:           $(git rev-parse --short HEAD), tracked files $(git diff --quiet HEAD && echo unchanged || echo 'changed (others are editing)')"
  echo "nproc:         $(nproc)"
  echo "CPU:           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 'cache size' /proc/cpuinfo | cut -d: -f2 | xargs) cache, $(grep -m1 -o -w -E 'avx512f' /proc/cpuinfo || grep -m1 -o -w avx2 /proc/cpuinfo)"
  echo "memory:        $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo ".NET:          $(dotnet --version); TorchSharp-cpu $(grep -o 'TorchSharp-cpu" Version="[^"]*' Directory.Packages.props | cut -d'"' -f3)"
}

# Part 4: `./goldstone run` timed and sampled from outside (bench/python/goldstone_bench.py), Optuna in its own
# processes (bench/python/optuna_bench.py), summarised by bench/python/summarise_orchestration.py.
orchestration() {
  local quick=0 sizes=1000,10000,100000 timeout=1800 fixed=2000 sqlite_seconds=600 sqlite_cap=10000
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) quick=1; sizes=200; timeout=300; fixed=160; sqlite_seconds=60 ;;
      orchestration) ;;
      --sizes) sizes=${2:?--sizes needs a list}; shift ;;
      --timeout) timeout=${2:?--timeout needs seconds}; shift ;;
      --sqlite-cap) sqlite_cap=${2:?--sqlite-cap needs a trial count}; shift ;;
      *) echo "usage: bench/run.sh orchestration [--sizes 1000,10000,100000] [--timeout 1800] [--sqlite-cap 10000] | bench/run.sh --quick" >&2; exit 2 ;;
    esac
    shift
  done
  need_python_module optuna python3-optuna "Debian's Optuna 3.1"
  # ./goldstone builds the CLI (Release) when its sources changed; build it here, so that no run below pays for it.
  echo "run.sh: building the CLI (./goldstone)" >&2
  build_with_retries ./goldstone --help >/dev/null

  local name=orchestration
  [ "$quick" = 1 ] && name=quick
  out=bench/.out/$(date -u +%Y%m%dT%H%M%SZ)-$name
  mkdir -p "$out/raw" "$out/logs"
  {
    describe_machine
    echo "Optuna:        $("$PYTHON" -c 'import optuna, sqlalchemy; print(optuna.__version__, "(Debian python3-optuna), SQLAlchemy", sqlalchemy.__version__)')"
    echo "part:          orchestration$([ "$quick" = 1 ] && echo ' (--quick)'), sizes $sizes, fixed-duration $fixed trials, timeout ${timeout} s per Goldstone run"
  } >"$out/machine.txt"
  cat "$out/machine.txt" >&2

  local failures=0 work="$out/work" g=(bench/python/goldstone_bench.py --work "$out/work" --logs "$out/logs" --timeout "$timeout")
  # One step: its JSON lines go to raw/FILE.jsonl. Exit 3 is a Goldstone run past --timeout: recorded as such,
  # a failure only in --quick mode.
  step() {
    local file=$1 code=0
    shift
    echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) orchestration $file $*" >>"$out/load.txt"
    echo "run.sh: $*" >&2
    "$@" >>"$out/raw/$file.jsonl" 2>>"$out/log.txt" || code=$?
    if [ "$code" = 3 ] && [ "$quick" = 0 ]; then
      echo "run.sh: timed out (recorded): $*" | tee -a "$out/log.txt" >&2
    elif [ "$code" != 0 ]; then
      echo "run.sh: FAILED (exit $code): $* (see $out/log.txt)" | tee -a "$out/log.txt" >&2
      failures=$((failures + 1))
    fi
  }

  step goldstone "$PYTHON" "${g[@]}" startup
  local startup
  touch "$out/raw/goldstone.jsonl"
  startup=$("$PYTHON" -c 'import json, sys; print(next((r["wall_s"] for r in map(json.loads, sys.stdin) if r.get("variant") == "startup" and r.get("status") == "ok"), ""))' <"$out/raw/goldstone.jsonl" || true)
  local with_startup=()
  [ -n "$startup" ] && with_startup=(--startup "$startup")
  step goldstone "$PYTHON" "${g[@]}" noop --sizes "$sizes" "${with_startup[@]}"
  step goldstone "$PYTHON" "${g[@]}" noop --sizes "$sizes" --slots 16 "${with_startup[@]}"
  step optuna "$PYTHON" bench/python/optuna_bench.py --sizes "$sizes" --sqlite-cap "$sqlite_cap" --sqlite-seconds "$sqlite_seconds"
  step goldstone "$PYTHON" "${g[@]}" fixed --trials "$fixed" --duration 0.5 --slots 16 "${with_startup[@]}"
  rm -rf "$work"

  echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) end" >>"$out/load.txt"
  "$PYTHON" bench/python/summarise_orchestration.py "$out" | tee "$out/summary.md" || failures=$((failures + 1))
  echo "run.sh: raw data, logs and summary in $out" >&2
  if [ "$failures" != 0 ]; then
    echo "run.sh: $failures orchestration step(s) failed" >&2
    exit 1
  fi
}

# Parts 5 and 6: bench/Goldstone.Bench.Tpe (grains/Search only) and bench/python/tpe_bench.py print the same JSON
# lines, the best value after each trial on Branin and Hartmann-6; with --multi-objective 1 the executable and
# bench/python/motpe_bench.py print every trial's losses on ZDT1 and DTLZ2 instead. summarise_tpe.py and
# summarise_motpe.py compare them (the latter computes both sides' hypervolumes with one implementation).
# usage: searchers PART [--quick]   PART: tpe | motpe
searchers() {
  local part=$1 trials=100 seeds=20 observed=1000 at=50,100 name=$1
  if [ "${2:-}" = --quick ]; then trials=30; seeds=3; observed=200; at=10,30; name=$part-quick; fi
  local goldstone_flags=() optuna_script=bench/python/tpe_bench.py
  if [ "$part" = motpe ]; then goldstone_flags=(--multi-objective 1); optuna_script=bench/python/motpe_bench.py; fi
  need_python_module optuna python3-optuna "Debian's Optuna 3.1"
  echo "run.sh: building bench/Goldstone.Bench.Tpe (Release)" >&2
  build_with_retries dotnet build bench/Goldstone.Bench.Tpe/Goldstone.Bench.Tpe.csproj -c Release --artifacts-path bench/.artifacts -nologo -v q >&2
  out=bench/.out/$(date -u +%Y%m%dT%H%M%SZ)-$name
  mkdir -p "$out/raw"
  {
    describe_machine
    echo "Optuna:        $("$PYTHON" -c 'import optuna; print(optuna.__version__, "(Debian python3-optuna)")')"
    echo "part:          $part, $trials trials, $seeds seeds, cost at $observed finished trials"
  } >"$out/machine.txt"
  cat "$out/machine.txt" >&2
  local arguments=(--trials "$trials" --seeds "$seeds" --cost-observed "$observed" --cost-repeats 20)
  echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) $part goldstone" >>"$out/load.txt"
  bench/.artifacts/bin/Goldstone.Bench.Tpe/release/Goldstone.Bench.Tpe "${goldstone_flags[@]}" "${arguments[@]}" >>"$out/raw/$part.jsonl" 2>>"$out/log.txt"
  echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) $part optuna" >>"$out/load.txt"
  "$PYTHON" "$optuna_script" "${arguments[@]}" >>"$out/raw/$part.jsonl" 2>>"$out/log.txt"
  echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) end" >>"$out/load.txt"
  "$PYTHON" "bench/python/summarise_$part.py" "$out" --at "$at" | tee "$out/summary.md"
  echo "run.sh: raw data, log and summary in $out" >&2
}

case "${1:-}" in
  --quick | orchestration) orchestration "$@"; exit 0 ;;
  tpe | motpe) searchers "$@"; exit 0 ;;
esac
size=${1:-full}
case "$size" in
  small | full) ;;
  *) echo "usage: bench/run.sh [small|full] | bench/run.sh orchestration [--sizes LIST] [--timeout S] | bench/run.sh --quick" >&2; exit 2 ;;
esac

need_python_module torch python3-torch "Debian's PyTorch 1.13, generic BLAS"

# Outputs apart from the solution's bin/obj, so that this build never races a concurrent build of the solution.
echo "run.sh: building bench/Goldstone.Bench (Release)" >&2
build_with_retries dotnet build bench/Goldstone.Bench/Goldstone.Bench.csproj -c Release --artifacts-path bench/.artifacts -nologo -v q >&2
bench=bench/.artifacts/bin/Goldstone.Bench/release/Goldstone.Bench

out=bench/.out/$(date -u +%Y%m%dT%H%M%SZ)-$size
mkdir -p "$out/raw"
{
  describe_machine
  echo "PyTorch:       $("$PYTHON" -c 'import re, torch; print(torch.__version__, re.search(r"BLAS_INFO=\w+", torch.__config__.show()).group(0))')"
  echo "size:          $size"
} >"$out/machine.txt"
cat "$out/machine.txt" >&2

# One command, its stdout (JSON lines) appended to raw/PART.jsonl; the load before it goes to load.txt.
# Threads and OpenMP settings are those the silo's worker gives a trial (silo/Worker/TrainerLocator.cs);
# the "passive" variant adds OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of spinning).
measure() {
  local part=$1 variant=$2 threads=$3
  shift 3
  echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) $part $variant ${threads}t $*" >>"$out/load.txt"
  local env=(GOLDSTONE_BENCH_VARIANT="$variant")
  [ "$threads" != 0 ] && env+=(OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" OMP_DYNAMIC=FALSE MKL_DYNAMIC=FALSE)
  [ "$variant" = passive ] && env+=(OMP_WAIT_POLICY=PASSIVE)
  if ! env "${env[@]}" "$@" >>"$out/raw/$part.jsonl" 2>>"$out/log.txt"; then
    echo "run.sh: FAILED: $part $variant ${threads}t $* (see $out/log.txt)" | tee -a "$out/log.txt" >&2
  fi
}

"$bench" export --size "$size" --data "$out/data" 2>>"$out/log.txt"
data=(--data "$out/data")
configurations=("1 default" "2 default" "2 passive")
if [ "$size" = small ]; then rounds=1; else rounds=3; fi

echo "run.sh: training throughput and yardsticks, $rounds round(s)" >&2
for round in $(seq "$rounds"); do
  for configuration in "${configurations[@]}"; do
    read -r threads variant <<<"$configuration"
    # Alternate which side goes first, so that a drift in the machine's load does not favour one of them.
    if [ $((round % 2)) = 1 ]; then order=(torchsharp pytorch); else order=(pytorch torchsharp); fi
    for impl in "${order[@]}"; do
      for part in machine train; do
        if [ "$impl" = torchsharp ]; then
          measure "$part" "$variant" "$threads" "$bench" "$part" --threads "$threads" "${data[@]}"
        else
          measure "$part" "$variant" "$threads" "$PYTHON" bench/python/torch_bench.py "$part" --threads "$threads" "${data[@]}"
        fi
      done
    done
  done
done

# Not at 2 threads with spinning OpenMP threads: on a loaded machine that measures the scheduler (see the training part).
echo "run.sh: hessian_top cost" >&2
for configuration in "1 default" "2 passive"; do
  read -r threads variant <<<"$configuration"
  measure hessian "$variant" "$threads" "$bench" hessian --threads "$threads" "${data[@]}"
  measure hessian "$variant" "$threads" "$PYTHON" bench/python/torch_bench.py hessian --threads "$threads" "${data[@]}"
done

echo "run.sh: comparative table" >&2
if [ "$size" = small ]; then sizes=(1000 10000); else sizes=(1000 10000 100000); fi
for trials in "${sizes[@]}"; do
  # 100k is measured only if it finishes in a few minutes.
  measure table default 0 timeout 600 "$bench" table --trials "$trials" --size "$size"
done

echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) end" >>"$out/load.txt"
"$PYTHON" bench/python/summarise.py "$out" | tee "$out/summary.md"
echo "run.sh: raw data, log and summary in $out" >&2
