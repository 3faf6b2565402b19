#!/usr/bin/env bash
# Installs what the tests need, builds in Release, runs every test project and ends with
# "Tests: N passed, N failed" taken from the test platform's own summary.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

ensure_dotnet || exit 1
# The end-to-end tests run the AppHost in local mode: PostgreSQL and Redis binaries must be on the machine.
Infrastructure__Mode=local ensure_local_infrastructure || exit 1
# Browser and streaming tests use Debian's Chromium and Node.js when present (installed by scripts/install-test-deps.sh).
if [[ -x scripts/install-test-deps.sh ]]; then scripts/install-test-deps.sh || exit 1; fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp -t agentplatform-tests.XXXXXX.log)"

echo "Building (Release)…"
if ! dotnet build AgentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "Build failed."
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi

# Benchmarks are programs under bench/, run on their own (bench/README.md); only the test project runs here.
# Coverage of Core, Api and Worker (coverlet.MTP, Cobertura) goes to TestResults/coverage; generated code is excluded.
coverage_dir="AgentPlatform.Tests/TestResults/coverage"
rm -rf "$coverage_dir"
# The faults-under-load tests (Tests/Faults) write their recovery times here, printed before the summary.
recovery="AgentPlatform.Tests/TestResults/faults/recovery.txt"
rm -f "$recovery"
dotnet test --solution AgentPlatform.sln -c Release --no-build -- \
  --coverlet --coverlet-output-format cobertura \
  --coverlet-include "[AgentPlatform.Core]*" --coverlet-include "[AgentPlatform.Api]*" --coverlet-include "[AgentPlatform.Worker]*" \
  --coverlet-exclude-by-file "**/Migrations/*.cs" --coverlet-exclude-by-file "**/obj/**" \
  --results-directory "$PWD/$coverage_dir" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints one summary per run: "total: N", "failed: N", "succeeded: N", "skipped: N".
sum() { grep -E "^\s*$1: [0-9]+" "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
passed=$(sum succeeded)
failed=$(sum failed)
if [[ "$status" != "0" && "$failed" == "0" ]]; then
  # The runner failed without reporting a failed test (a crash, or no test found): count it as one failure.
  failed=1
fi
# The floors (scripts/coverage-floor.py), issue #12's: a breach fails the run. Lines at least 93 %, branches at least
# 85 % (Core, Api and Worker together), no hand-written file under 70 % of its lines (see README "Coverage floors").
export COVERAGE_MIN_LINES="${COVERAGE_MIN_LINES:-93}" COVERAGE_MIN_BRANCHES="${COVERAGE_MIN_BRANCHES:-85}" COVERAGE_MIN_FILE_LINES="${COVERAGE_MIN_FILE_LINES:-70}"
shopt -s nullglob
reports=("$coverage_dir"/*.cobertura*.xml)
if [[ ${#reports[@]} -eq 0 ]]; then
  echo "Coverage: no report was written under $coverage_dir"
  failed=$((failed + 1))
elif ! python3 scripts/coverage-floor.py "${reports[@]}"; then
  failed=$((failed + 1))
fi
if [[ -f "$recovery" ]]; then
  echo "Recovery times (faults under load):"
  sed 's/^/  /' "$recovery"
fi
echo "Tests: ${passed} passed, ${failed} failed"
[[ "$failed" == "0" ]]
