#!/usr/bin/env bash
# Where the gateway's CPU goes, by V8's sampling profiler: the built gateway (dist/, as `npm start`
# runs it) under `node --cpu-prof`, its own Redis, the shared harness (../shared/bench) against it,
# then bench/profile-counters.ts sums the profile: the share of the gateway's CPU spent in the
# counters (owners' insights, operators' Prometheus metrics) against everything else. A share of one
# process's profile does not drift with the machine's speed the way ab.sh's rounds do.
#
# usage: bench/profile-counters.sh [runs] [git-ref]   (default 1, the working tree; env: N=20000 WARMUP=1000 CONCURRENCY=64)
#   With a ref, that commit is built in .bench/profile-ref/ and profiled instead (e.g. `main`, for a
#   before/after under the same load). Each run's profile is kept in .bench/profile/; re-read one with
#   `npx tsx bench/profile-counters.ts .bench/profile/<file>.cpuprofile`.
set -euo pipefail
RUNS="${1:-1}"
REF="${2:-}"
N="${N:-20000}"
WARMUP="${WARMUP:-1000}"
CONCURRENCY="${CONCURRENCY:-64}"
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
OUT="$ROOT/.bench/profile"
RP=6403 GP=8097 AP=8083

cd "$ROOT"
mkdir -p "$OUT"
CLI="$ROOT/dist/src/cli.js"
TAG=tree
trap 'redis-cli -p $RP shutdown nosave >/dev/null 2>&1 || true' EXIT
if [ -n "$REF" ]; then
  # As ab.sh does: a checkout inside .bench/ finds node_modules one level up.
  REF_SRC="$ROOT/.bench/profile-ref"
  git worktree remove --force "$REF_SRC" >/dev/null 2>&1 || rm -rf "$REF_SRC"
  git worktree prune
  git worktree add --detach "$REF_SRC" "$REF" >/dev/null 2>&1
  trap 'git -C "$ROOT" worktree remove --force "$REF_SRC" >/dev/null 2>&1 || true; redis-cli -p $RP shutdown nosave >/dev/null 2>&1 || true' EXIT
  "$ROOT/node_modules/.bin/tsc" -p "$REF_SRC/tsconfig.json"
  CLI="$REF_SRC/dist/src/cli.js"
  TAG="$(git rev-parse --short "$REF")"
else
  npm run build >/dev/null
fi
for run in $(seq 1 "$RUNS"); do
  redis-server --port $RP --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 50); do redis-cli -p $RP ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p $RP flushall >/dev/null
  name="$TAG-$(date -u +%Y%m%dT%H%M%S)-$run"
  # start_gateway's command line, with the profiler on (written when the gateway exits on SIGTERM).
  env REDIS_URL="redis://127.0.0.1:$RP" TELEGRAM_BOT_TOKEN="$TOKEN" TELEGRAM_WEBHOOK_SECRET="$SECRET" \
    TELEGRAM_API_ROOT="http://127.0.0.1:$AP" TELEGRAM_MAX_PER_SECOND=0 NODE_ENV=production LOG_LEVEL=error HOST=127.0.0.1 PORT="$GP" \
    node --max-semi-space-size=64 --cpu-prof --cpu-prof-interval=250 --cpu-prof-dir="$OUT" --cpu-prof-name="$name.cpuprofile" "$CLI" start >/dev/null 2>"$OUT/$name.log" &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "localhost:$GP/readyz" >/dev/null && break; sleep 0.1; done
  run_harness $GP $AP "$OUT/$name.json"
  kill -TERM $pid
  wait $pid 2>/dev/null || true
  redis-cli -p $RP shutdown nosave >/dev/null 2>&1 || true
  node -e 'const r = require(process.argv[1]); console.error(`run: ${r.e2e_rps} replies/s, missing ${r.missing_replies}, duplicate ${r.duplicate_replies}`)' "$OUT/$name.json"
  "$ROOT/node_modules/.bin/tsx" "$ROOT/bench/profile-counters.ts" "$OUT/$name.cpuprofile"
done
