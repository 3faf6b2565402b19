#!/usr/bin/env bash
# Mutation testing (Stryker.NET, its Microsoft.Testing.Platform runner) of the domain (Core/Domain) against the tests
# linked into scripts/mutation/AgentPlatform.MutationTests.csproj. Slow and CPU-bound: not part of ./test.sh.
# Usage: scripts/mutation.sh [extra stryker options]; reports under artifacts/mutation/domain (html, json).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
out="$PWD/artifacts/mutation/domain"
cd scripts/mutation
dotnet stryker --test-runner mtp \
  --project AgentPlatform.Core.csproj --mutate "**/Domain/**/*.cs" \
  --concurrency "${STRYKER_CONCURRENCY:-1}" --skip-version-check \
  --reporter ClearText --reporter Html --reporter Json --output "$out" "$@"
