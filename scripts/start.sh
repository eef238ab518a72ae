#!/usr/bin/env bash
# Starts the whole platform on this machine: installs dependencies, prepares the three
# databases (create, migrate, generate clients, seed), builds and runs the three services, with a
# local mail catcher whose web inbox shows every e-mail (and, in development, every SMS and push).
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
  stop_mail_catcher
  wait || true
}
trap stop_all INT TERM EXIT

step "Starting the mail catcher"
start_mail_catcher

for service in auth user notification; do
  node "dist/apps/$service/main.js" &
  pids+=("$!")
done
port_of() { local v="${1^^}_PORT"; echo "${!v}"; }
ok "Orion is starting: auth :$(port_of auth), user :$(port_of user), notification :$(port_of notification)" \
  "(Swagger UI at /docs, readiness at /health/ready). Ctrl-C stops all three."
[ -z "$MAIL_CATCHER_URL" ] || ok "Local mail, SMS and push: $MAIL_CATCHER_URL"
# If any service exits, stop the others too rather than leave a half-running platform.
wait -n "${pids[@]}"
echo "A service exited; stopping the platform." >&2
exit 1
