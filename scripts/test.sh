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
# The line counts what made vitest fail: failed tests, plus each test file that failed outside a test
# (it did not load, or a hook threw: the JSON report marks the file failed with no failed assertion),
# and it agrees with the exit code (issue 9: "328 passed, 0 failed" printed by a run that exited 1).
summary=$(node -e '
  const r = require(process.argv[1]);
  const status = Number(process.argv[2]);
  const outside = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
  let failed = r.numFailedTests + outside.length;
  const notes = outside.map((f) => `  failed outside a test: ${require("path").relative(process.cwd(), f.name)}: ${(f.message || "").split("\n")[0]}`);
  if (status !== 0 && failed === 0) {
    failed = 1;
    notes.push(`  vitest exited ${status} with no failed test or file in its report (an unhandled error): see its output above`);
  }
  const skipped = r.numPendingTests + r.numTodoTests;
  if (notes.length) console.log(notes.join("\n"));
  console.log(`${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$PWD/$report" "$status") || true
[ -n "$summary" ] || summary="0 passed, 1 failed (vitest wrote no report)"
printf '\n%s\n' "$summary"
# A counted failure fails the run, even if vitest itself exited 0.
case "$(tail -n 1 <<<"$summary")" in *", 0 failed"*) ;; *) [ "$status" -ne 0 ] || status=1 ;; esac
exit $status
