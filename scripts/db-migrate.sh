#!/usr/bin/env bash
# Database operations for the Orion services; the logic lives in scripts/db/cli.ts.
# Usage: scripts/db-migrate.sh <auth|user|notification|all> <init|migrate|deploy|seed|status|generate|reset|resolve|drift> [--yes] [--name <n>]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v node >/dev/null 2>&1; then
  echo "error: node is not on PATH; install Node.js 20.19 or later" >&2
  exit 1
fi

if [[ -x node_modules/.bin/tsx ]]; then
  exec node_modules/.bin/tsx scripts/db/cli.ts "$@"
fi
if [[ ! -d node_modules ]]; then
  echo "error: node_modules is missing; run npm ci first" >&2
  exit 1
fi
exec npx --no-install tsx scripts/db/cli.ts "$@"
