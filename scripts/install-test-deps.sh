#!/usr/bin/env bash
# What the browser test (AgentPlatform.Tests/Browser) and the MCP tests (AgentPlatform.Tests/Mcp) need, installed only when missing: Debian's chromium, Node.js and
# npm (for npm ci only: Playwright's .NET package brings its own driver), then the page's npm packages; and Prometheus,
# which the AppHost starts in local mode when present (the end-to-end tests read from it); docker-compose, which the
# deployment tests validate deploy/compose with. test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

missing=()
[[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
# deploy/compose is validated by `docker-compose config` (Debian's 1.29 needs no Docker daemon for it).
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
# scripts/coverage-floor.sh reads the coverage report with it.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [[ ${#missing[@]} -gt 0 ]] && ! apt_install "${missing[@]}"; then
  echo "The browser and end-to-end tests need: ${missing[*]}." >&2
  echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), then run this again." >&2
  exit 1
fi

# Debian may start the packaged Prometheus as a service; the AppHost runs its own on a free port.
if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v service >/dev/null 2>&1; then
  service prometheus stop >/dev/null 2>&1 || true
fi

# The official SignalR browser client, at the version the lock file pins.
(cd AgentPlatform.Tests/Browser && npm ci --no-audit --no-fund --loglevel=error)

# The MCP reference server the MCP tests run over stdio and Streamable HTTP, at the version the lock file pins.
(cd AgentPlatform.Tests/Mcp/Everything && npm ci --no-audit --no-fund --loglevel=error)
