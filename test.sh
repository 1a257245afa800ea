#!/usr/bin/env bash
# The test command: installs what is missing, builds the solution, runs every test project, and ends with
# one line "N passed, N failed, N skipped" summed over all projects and the benchmark smoke step (one test).
# Exit status is non-zero on any failure.
#   ./test.sh                 all tests (the cluster fault tests at their small size: 5 kill rounds)
#   ./test.sh --chaos         the same, with 20 kill rounds of the repeated-kill test (GOLDSTONE_CHAOS_ROUNDS=20)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for arg in "$@"; do
  case "$arg" in
    --chaos) export GOLDSTONE_CHAOS_ROUNDS="${GOLDSTONE_CHAOS_ROUNDS:-20}" ;;
    *) echo "test.sh: unknown option '$arg' (allowed: --chaos)" >&2; exit 2 ;;
  esac
done

install_missing() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET 10 SDK is required (https://dot.net); it is not on PATH" >&2
    exit 1
  fi
  local packages=()
  # Debian's SciPy is the external reference the statistics tests compare against.
  /usr/bin/python3 -c 'import scipy' >/dev/null 2>&1 || packages+=(python3-scipy)
  # Debian's statsmodels is the reference of the multiple-testing corrections (multipletests: Holm, Benjamini–Hochberg).
  /usr/bin/python3 -c 'import statsmodels' >/dev/null 2>&1 || packages+=(python3-statsmodels)
  # Debian's Optuna is the orchestration benchmark's anchor (bench/run.sh --quick, the last step).
  /usr/bin/python3 -c 'import optuna' >/dev/null 2>&1 || packages+=(python3-optuna)
  command -v setsid >/dev/null 2>&1 || packages+=(util-linux)
  # pdflatex compiles the LaTeX tables in the unit tests (booktabs is in texlive-latex-recommended).
  command -v pdflatex >/dev/null 2>&1 && kpsewhich booktabs.sty >/dev/null 2>&1 || packages+=(texlive-latex-base texlive-latex-recommended)
  # Headless Chromium renders the HTML report in the end-to-end tests.
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  # A real PostgreSQL server (initdb, pg_ctl, postgres) backs the cluster tests (tests/Support/PostgresServer.cs).
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || packages+=(postgresql)
  # A real Prometheus (and promtool) scrapes a silo and runs the dashboard's queries (tests/EndToEnd/MonitoringTests.cs).
  { [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || packages+=(prometheus)
  # Azurite (the Azure Storage emulator) runs the azure provider's tests; outside the repository, installed once.
  # GOLDSTONE_AZURITE may name an install folder or the executable itself (tests/Support/AzuriteServer.cs).
  local azurite="${GOLDSTONE_AZURITE:-$HOME/.cache/goldstone/azurite}" need_azurite=0
  [ -f "$azurite" ] || [ -x "$azurite/node_modules/.bin/azurite" ] || need_azurite=1
  # kubernetes-models validates the rendered k8s/ manifests against the Kubernetes API schemas, and the Prometheus
  # Operator's models the ServiceMonitor (tests/Deploy); outside the repository too. GOLDSTONE_KUBERNETES_MODELS may
  # name another npm prefix that has both (tests/Deploy/KubernetesModels.cs). Exact versions: the schemas are
  # what the tests check against, and 5.1.0 is known to run on Debian 12's node 20.
  local k8s_models="${GOLDSTONE_KUBERNETES_MODELS:-$HOME/.cache/goldstone/kubernetes-models}" need_k8s_models=0
  [ -f "$k8s_models/node_modules/kubernetes-models/package.json" ] \
    && [ -f "$k8s_models/node_modules/@kubernetes-models/prometheus-operator/package.json" ] || need_k8s_models=1
  [ $need_azurite -eq 1 ] || [ $need_k8s_models -eq 1 ] && ! command -v npm >/dev/null 2>&1 && packages+=(npm)
  if [ ${#packages[@]} -gt 0 ]; then
    echo "test.sh: installing ${packages[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null \
      || { echo "test.sh: could not install ${packages[*]}" >&2; exit 1; }
  fi
  if [ $need_azurite -eq 1 ]; then
    echo "test.sh: installing azurite@3 into $azurite" >&2
    mkdir -p "$azurite" && npm install --prefix "$azurite" --no-audit --no-fund --loglevel=error azurite@3 >/dev/null \
      || { echo "test.sh: could not install azurite@3 into $azurite" >&2; exit 1; }
  fi
  if [ $need_k8s_models -eq 1 ]; then
    echo "test.sh: installing kubernetes-models into $k8s_models" >&2
    mkdir -p "$k8s_models" && npm install --prefix "$k8s_models" --no-audit --no-fund --loglevel=error \
      kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 >/dev/null \
      || { echo "test.sh: could not install kubernetes-models into $k8s_models" >&2; exit 1; }
  fi
}

install_missing
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build Orleans.sln -c Release -nologo -v q; then
  echo "0 passed, 1 failed"
  echo "test.sh: the build failed" >&2
  exit 1
fi

results=$(mktemp -d)
passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name" >&2
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >"$results/$name.log" 2>&1
  code=$?
  grep -E "^\s+(Passed|Failed|Skipped) |^(Passed|Failed)!|error" "$results/$name.log" | grep -vE "^\s+Passed " >&2
  counters=$(grep -o '<Counters [^>]*>' "$results/$name.trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    echo "test.sh: $name produced no results (exit $code); its log:" >&2
    tail -40 "$results/$name.log" >&2
    failed=$((failed + 1)); status=1
    continue
  fi
  value() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(value passed); f=$(value failed); t=$(value total); e=$(value executed)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
  [ "$code" -eq 0 ] && [ "$f" -eq 0 ] || status=1
done

# The orchestration benchmark at its smallest size (about 2 minutes), only to check that its scripts still work:
# one passed test if it succeeds, one failed if not. Its numbers are not asserted.
echo "== bench/run.sh --quick" >&2
if bench/run.sh --quick >"$results/bench-quick.log" 2>&1; then
  passed=$((passed + 1))
else
  echo "test.sh: bench/run.sh --quick failed; the end of its log:" >&2
  tail -40 "$results/bench-quick.log" >&2
  failed=$((failed + 1)); status=1
fi
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
