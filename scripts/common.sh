# Shared by run.sh and test.sh: where local state lives and how prerequisites are installed.

# The AppHost's state folder (keep in step with AgentPlatform.AppHost/Infrastructure/LocalState.cs).
state_dir() {
  if [[ -n "${Infrastructure__StateDirectory:-}" ]]; then echo "$Infrastructure__StateDirectory"
  elif [[ "$(id -u)" == "0" ]]; then echo /var/lib/agentplatform
  else echo "${XDG_STATE_HOME:-$HOME/.local/state}/agentplatform"; fi
}

container_engine_answers() {
  local c
  for c in docker podman; do
    if command -v "$c" >/dev/null 2>&1 && timeout 10 "$c" info --format '{{.ServerVersion}}' >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

# Installs the named Debian packages when they are missing and we may (root, or sudo without a password).
apt_install() {
  local sudo=""
  if [[ "$(id -u)" != "0" ]]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "Installing with apt-get: $*" >&2
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

# PostgreSQL and Redis binaries, unless containers will run them.
ensure_local_infrastructure() {
  local mode="${Infrastructure__Mode:-auto}"
  if [[ "$mode" == "containers" ]] || { [[ "$mode" == "auto" ]] && container_engine_answers; }; then return 0; fi
  local missing=()
  have_postgres || missing+=(postgresql)
  have_redis || missing+=(redis-server)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if ! apt_install "${missing[@]}"; then
    echo "No container engine answers, and these are missing: ${missing[*]}." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or start Docker/Podman, then run this again." >&2
    return 1
  fi
  # Debian starts the packaged services; the AppHost runs its own instances, so stop those.
  if command -v service >/dev/null 2>&1; then
    service postgresql stop >/dev/null 2>&1 || true
    service redis-server stop >/dev/null 2>&1 || true
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK is not installed: install .NET SDK 10 (see global.json) from https://dot.net." >&2
    return 1
  fi
  if ! dotnet --version >/dev/null 2>&1; then
    echo "The installed .NET SDK does not satisfy global.json (needs 10.0.100 or a later 10.0 feature band):" >&2
    dotnet --list-sdks >&2
    return 1
  fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# A development JWT (HS256) signed with the AppHost's per-machine key: make_token <user> [--admin|--metrics]
# (--metrics: a scrape credential that /metrics accepts and every other route refuses)
make_token() {
  local user="$1" admin="${2:-}" dir key now exp role=""
  dir="$(state_dir)"; mkdir -p "$dir"
  if [[ ! -s "$dir/jwt-signing-key" ]]; then (umask 077; openssl rand -hex 32 > "$dir/jwt-signing-key"); fi
  key="$(tr -d '\n' < "$dir/jwt-signing-key")"
  now=$(date +%s); exp=$((now + 12 * 3600))
  case "$admin" in
    --admin) role=',"role":"admin"' ;;
    --metrics) role=',"role":"metrics"' ;;
    "") ;;
    *) echo "make_token: unknown option '$admin' (--admin or --metrics)" >&2; return 2 ;;
  esac
  local header payload sig
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","name":"%s"%s,"iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d}' \
    "$user" "$user" "$role" "${Auth__Issuer:-agentplatform}" "${Auth__Audience:-agentplatform-api}" "$now" "$now" "$exp" | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$key" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$sig"
}
