#!/usr/bin/env bash
# Runs every check and test against the PostgreSQL and Redis named by the environment
# (default: the local servers), on databases of its own. Extra arguments go to Jest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ORION_ROOT"

export NODE_ENV=test
export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"

ensure_dependencies
step "Generating Prisma clients"
bash scripts/db-migrate.sh all generate

step "Static checks: format, lint, types"
npx prettier --check . --log-level warn
npx eslint .
npx tsc -p tsconfig.json --noEmit

step "Building the services"
npm run --silent build >/dev/null

# The browser tests (test/e2e/browser) drive Debian's Chromium; installed here when missing.
bash scripts/install-chromium.sh

step "Running the test suite"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
npx jest --runInBand --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$report" || true
exit "$status"
