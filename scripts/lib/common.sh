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

# True while something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

MAIL_CATCHER_PID=''
MAIL_CATCHER_URL=''

# Local mail catcher (maildev, a devDependency): every e-mail, and in development every SMS and
# push through the notification service's outbox, lands in one web inbox instead of going out.
# Runs only when SMTP_HOST is this machine; reuses a catcher that already listens on the port.
# Sets MAIL_CATCHER_URL (the inbox) and MAIL_CATCHER_PID (only when it started one).
start_mail_catcher() {
  local smtp_port="${MAILDEV_SMTP_PORT:-${SMTP_PORT:-1025}}" web_port="${MAILDEV_WEB_PORT:-1080}"
  case "${SMTP_HOST:-}" in
    127.0.0.1 | localhost | ::1) ;;
    *)
      echo "Mail goes to SMTP_HOST=${SMTP_HOST:-(not set)}; no local mail catcher started."
      return 0
      ;;
  esac
  export SMTP_HOST=127.0.0.1 SMTP_PORT="$smtp_port"
  MAIL_CATCHER_URL="http://127.0.0.1:$web_port"
  if port_in_use "$smtp_port"; then
    echo "A mail server already listens on 127.0.0.1:$smtp_port; using it."
    return 0
  fi
  local bin="$ORION_ROOT/node_modules/.bin/maildev"
  [ -x "$bin" ] || die "maildev is missing (npm install installs it), or set SMTP_HOST to a real relay"
  "$bin" --silent --ip 127.0.0.1 --smtp "$smtp_port" --web-ip 127.0.0.1 --web "$web_port" &
  MAIL_CATCHER_PID=$!
  local tries=0
  until port_in_use "$smtp_port" && port_in_use "$web_port"; do
    kill -0 "$MAIL_CATCHER_PID" 2>/dev/null || die "the mail catcher did not start (ports $smtp_port, $web_port)"
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || die "the mail catcher did not listen on $smtp_port and $web_port within 10 s"
    sleep 0.1
  done
}

stop_mail_catcher() {
  [ -z "$MAIL_CATCHER_PID" ] || kill "$MAIL_CATCHER_PID" 2>/dev/null || true
  MAIL_CATCHER_PID=''
}
