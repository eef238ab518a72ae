#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/e2e/browser) when /usr/bin/chromium is
# missing. The npm packages that download their own browser cannot reach their hosts here, so
# the tests drive the system browser with puppeteer-core. Needs root (or sudo) and apt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  die "$CHROMIUM is missing and installing it needs root: run \`apt-get install -y chromium\` as root"
fi
command -v apt-get >/dev/null || die "$CHROMIUM is missing and there is no apt-get: install Chromium yourself"

step "Installing Chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; an up-to-date one installs straight away.
"${as_root[@]}" apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
  { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y --no-install-recommends chromium >/dev/null; }
[ -x "$CHROMIUM" ] || die "apt-get installed chromium, but $CHROMIUM is still missing"
ok "Chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
