#!/usr/bin/env bash
# The demo, from a fresh clone: installs what is missing, brings the stack up, migrates, starts
# the three apps and plays the story of shipping v2 of the animal classifier.
#   scripts/demo.sh [--fast] run it (the apps keep running afterwards; logs in .stack/apps/)
#   scripts/demo.sh stop     stop the apps it started (scripts/stack.sh down stops the stack)
# API_PORT, INGEST_PORT and WORKER_PORT move the apps (defaults 3000, 3001, 3002).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
APPS_DIR=.stack/apps
export MODELGATE_ADMIN_KEY=${MODELGATE_ADMIN_KEY:-demo-admin-key-change-me-0123456789}
export API_PORT=${API_PORT:-3000} INGEST_PORT=${INGEST_PORT:-3001} WORKER_PORT=${WORKER_PORT:-3002}
export MODELGATE_API_URL=${MODELGATE_API_URL:-http://127.0.0.1:$API_PORT}
# One-second rollup buckets: a step that lasts seconds is analysed on its own traffic only.
export ROLLUP_BUCKET_SECONDS=${ROLLUP_BUCKET_SECONDS:-1}

step() { printf '\n==> %s\n' "$*"; }
stop_apps() {
  for pidfile in "$APPS_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
      echo "stopped $(basename "$pidfile" .pid)"
    fi
    rm -f "$pidfile"
  done
}

if [ "${1:-}" = stop ]; then
  stop_apps
  exit 0
fi

if [ ! -d node_modules ]; then
  step "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
step "bringing the stack up: Kafka (KRaft), PostgreSQL, Redis"
bash scripts/stack.sh up
step "building and migrating"
npm run -s build
node dist/scripts/migrate.js run

step "starting api (:$API_PORT), ingest (:$INGEST_PORT) and worker (:$WORKER_PORT)"
stop_apps
mkdir -p "$APPS_DIR"
for app in api ingest worker; do
  # The command of `npm run start:<app>` (ingest's node flags included), run without npm in between.
  # shellcheck disable=SC2046 # the command's words are split on purpose
  nohup $(node -p "require('./package.json').scripts['start:$app']") >"$APPS_DIR/$app.log" 2>&1 &
  echo $! >"$APPS_DIR/$app.pid"
done
for port in "$API_PORT" "$INGEST_PORT" "$WORKER_PORT"; do
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sS "http://127.0.0.1:$port/health" 2>/dev/null | node -e '
    let body = ""; process.stdin.on("data", (c) => (body += c)).on("end", () => {
      const health = JSON.parse(body || "{}");
      const parts = Object.entries(health.details ?? {}).map(([name, d]) => `${name} ${d.status}`);
      console.log(`  :${process.argv[1]} /health ${health.status ?? "no answer (read .stack/apps/*.log)"}: ${parts.join(", ")}`);
    });' "$port"
done

if [ -f dist/scripts/demo.js ]; then
  step "the story: shipping v2 (cats, dogs and koalas) of the animal classifier"
  status=0
  node dist/scripts/demo.js "$@" || status=$?
  if [ "$status" -ne 0 ]; then
    step "the demo failed (exit $status): the apps keep running (logs in $APPS_DIR/)"
    exit "$status"
  fi
fi

step "done: the apps keep running (logs in $APPS_DIR/). Stop them with 'scripts/demo.sh stop', the stack with 'scripts/stack.sh down'."
