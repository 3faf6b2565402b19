#!/usr/bin/env bash
# Mutation testing (Stryker.NET, its Microsoft.Testing.Platform runner). Slow and CPU-bound: not part of ./test.sh.
#   scripts/mutation.sh [domain] [extra stryker options]: Core/Domain against the tests linked into
#     scripts/mutation/AgentPlatform.MutationTests.csproj; reports under artifacts/mutation/domain (html, json).
#   scripts/mutation.sh streams [extra stryker options]: the stream source (Api/Streams/EventStreamSource.cs,
#     EventSubscription.cs) against its unit tests, scripts/mutation-streams/; reports under artifacts/mutation/streams.
set -euo pipefail
cd "$(dirname "$0")/.."
target=domain
if [[ "${1:-}" == domain || "${1:-}" == streams ]]; then
  target=$1
  shift
fi

dotnet tool restore >/dev/null
out="$PWD/artifacts/mutation/$target"
if [[ $target == streams ]]; then
  cd scripts/mutation-streams
  project=AgentPlatform.Api.csproj
  mutate=(--mutate "**/Streams/EventStreamSource*.cs" --mutate "**/Streams/EventSubscription.cs")
else
  cd scripts/mutation
  project=AgentPlatform.Core.csproj
  mutate=(--mutate "**/Domain/**/*.cs")
fi

dotnet stryker --test-runner mtp \
  --project "$project" "${mutate[@]}" \
  --concurrency "${STRYKER_CONCURRENCY:-1}" --skip-version-check \
  --reporter ClearText --reporter Html --reporter Json --output "$out" "$@"
