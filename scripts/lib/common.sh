# Shared by the operator scripts: repository root, messages, and installing dependencies.
ORION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  C_BOLD=$'\e[1m'; C_RED=$'\e[31m'; C_GREEN=$'\e[32m'; C_RESET=$'\e[0m'
else
  C_BOLD=''; C_RED=''; C_GREEN=''; C_RESET=''
fi

step() { printf '%s==> %s%s\n' "$C_BOLD" "$*" "$C_RESET"; }
ok() { printf '%s%s%s\n' "$C_GREEN" "$*" "$C_RESET"; }
die() { printf '%serror:%s %s\n' "$C_RED" "$C_RESET" "$*" >&2; exit 1; }

# Installs from the lockfile when node_modules is missing or older than the lockfile.
ensure_dependencies() {
  local marker="$ORION_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$ORION_ROOT/package-lock.json" -nt "$marker" ]; then
    step "Installing dependencies from package-lock.json"
    (cd "$ORION_ROOT" && npm ci --no-audit --no-fund)
  fi
}

# Loads .env (or the documented defaults of .env.example) without overriding the environment.
load_env_file() {
  local file="$ORION_ROOT/.env"
  [ -f "$file" ] || file="$ORION_ROOT/.env.example"
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    key="${line%%=*}"
    [ -n "${!key+x}" ] || export "$line"
  done <"$file"
}
