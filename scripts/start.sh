#!/usr/bin/env bash
# Starts the whole platform on this machine: installs dependencies, prepares the three
# databases (create, migrate, generate clients, seed), builds and runs the three services.
# Configuration comes from the environment, then .env, then the defaults in .env.example.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ORION_ROOT"

load_env_file
ensure_dependencies

step "Preparing the databases"
bash scripts/db-migrate.sh all init

step "Building the services"
npm run --silent build >/dev/null

pids=()
stop_all() {
  trap - INT TERM EXIT
  [ "${#pids[@]}" -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap stop_all INT TERM EXIT

for service in auth user notification; do
  node "dist/apps/$service/main.js" &
  pids+=("$!")
done
port_of() { local v="${1^^}_PORT"; echo "${!v}"; }
ok "Orion is starting: auth :$(port_of auth), user :$(port_of user), notification :$(port_of notification)" \
  "(Swagger UI at /docs, readiness at /health/ready). Ctrl-C stops all three."
# If any service exits, stop the others too rather than leave a half-running platform.
wait -n
echo "A service exited; stopping the platform." >&2
exit 1
