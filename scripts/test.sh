#!/usr/bin/env bash
# Every test of the repo, from a fresh clone: installs what is missing, brings the stack up, builds,
# lints and type-checks, then runs the unit and end-to-end suites (one vitest run) and ends with
# the line "N passed, M failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

if [ ! -d node_modules ]; then
  step "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
step "bringing the stack up (scripts/stack.sh up)"
bash scripts/stack.sh up
step "building (SWC) and type-checking (tsc)"
npm run -s build
npx tsc -p tsconfig.json --noEmit
step "linting (ESLint, with the pure-library import rule)"
npx eslint . --max-warnings 0

if ! command -v chromium >/dev/null 2>&1; then
  # The report's browser test (test/reports.e2e.ts) drives Debian's Chromium through playwright-core.
  step "installing Chromium from Debian's packages (apt-get install -y chromium) for the report's browser test"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi

step "running the unit and end-to-end tests (vitest)"
mkdir -p .stack
report=.stack/vitest-report.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile="$report" "$@" || status=$?
echo "tests finished $SECONDS s after scripts/test.sh started"
node -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$PWD/$report" || echo "0 passed, 1 failed (vitest wrote no report)"
exit $status
