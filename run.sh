#!/usr/bin/env bash
# Runs the whole stack (PostgreSQL, Redis, Api, Worker) under the Aspire AppHost, in the foreground.
#   ./run.sh                      start everything; Ctrl+C stops every process it started
#   ./run.sh token <user> [--admin|--metrics]   print a development JWT for that user
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

if [[ "${1:-}" == "token" ]]; then
  [[ -n "${2:-}" ]] || { echo "usage: ./run.sh token <user> [--admin|--metrics]" >&2; exit 2; }
  make_token "$2" "${3:-}"
  exit 0
fi

ensure_dotnet
ensure_local_infrastructure

api_url="${API_URL:-http://localhost:5080}"
dashboard_url="http://localhost:18888"
# The AppHost's output holds the dashboard's login token: owner-only, and removed when run.sh ends.
log="$(umask 077; mktemp -t agentplatform-apphost.XXXXXX.log)"

echo "Building…"
dotnet build AgentPlatform.AppHost/AgentPlatform.AppHost.csproj -c Debug -nologo -v quiet -clp:ErrorsOnly

# Prints the URLs, a token and a first curl once the Api answers.
announce() {
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$api_url/health" 2>/dev/null; then
      local token login
      token="$(make_token dev)"
      login="$(grep -oE 'http://localhost:18888/login\?t=[A-Za-z0-9]+' "$log" | tail -n 1 || true)"
      cat <<MSG

==================================================================
 AgentPlatform is up.
 Aspire dashboard: ${login:-$dashboard_url}
 API:              $api_url   (OpenAPI: $api_url/openapi/v1.json, reference: $api_url/scalar)
 Console:          $api_url/console/   (Development: "Sign in as dev", one click)
 Token (user dev): $token

 Create a session:
   curl -s -X POST $api_url/api/v1/sessions \\
     -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \\
     -d '{"prompt":"Say hello","taskType":"simple_query"}'
 Other users: ./run.sh token <user> [--admin|--metrics]
==================================================================

MSG
      return 0
    fi
    sleep 1
  done
  echo "The Api did not become healthy within 4 minutes; see the dashboard and $log." >&2
}

announce &
announcer=$!
trap 'kill $announcer 2>/dev/null || true; rm -f "$log"' EXIT

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --project AgentPlatform.AppHost --no-build --launch-profile http 2>&1 | tee -i "$log"
