#!/usr/bin/env bash
# Shopdesk and the Telegraf peer, measured alternately by the same harness on this machine:
# ../shared/bench's e2e-telegram.mjs (load generator + fake Bot API) against the peer
# (run-peer.sh) and against `node dist/src/cli.js start`. Not part of `npm run bench`: it needs
# ../shared/bench. Prints the medians of both, and per run the CPU per message of the gateway and
# of the whole machine (two shared cores: the machine is the limit, and the harness's share is in it).
#
# usage: bench/side-by-side.sh [rounds]   (env: N=20000 WARMUP=2000 CONCURRENCY=64)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
ROUNDS="${1:-3}"
N="${N:-20000}"
WARMUP="${WARMUP:-2000}"
CONCURRENCY="${CONCURRENCY:-64}"
SECRET=bench-webhook-secret-7f3a
TOKEN=123456789:AAbench-peer-telegraf-token
REDIS_PORT=6391
GW_PORT=8095
OUT="${OUT:-$ROOT/.bench/side-by-side}"
mkdir -p "$OUT"

[ -d "$SHARED" ] || { echo "side-by-side: $SHARED not found (set SHARED_BENCH)" >&2; exit 1; }
cd "$ROOT"
npm run build >/dev/null
rm -f "$OUT"/*.json
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# The whole machine's busy ticks (user, nice, system, irq, softirq): bot, Redis, harness and kernel.
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

gateway_run() { # $1: output file
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  # env execs node: $! is the gateway's own pid (for its CPU time and its SIGTERM).
  env REDIS_URL="redis://127.0.0.1:$REDIS_PORT" TELEGRAM_BOT_TOKEN="$TOKEN" TELEGRAM_WEBHOOK_SECRET="$SECRET" \
    TELEGRAM_API_ROOT=http://127.0.0.1:8081 TELEGRAM_MAX_PER_SECOND=0 NODE_ENV=production LOG_LEVEL=error HOST=127.0.0.1 PORT="$GW_PORT" \
    node --max-semi-space-size=64 dist/src/cli.js start 2>"$OUT/gateway.log" &
  local gw=$!
  for _ in $(seq 1 100); do curl -sf "localhost:$GW_PORT/readyz" >/dev/null && break; sleep 0.1; done
  local before; before=$(cpu_ticks "$gw")
  local machine_before; machine_before=$(machine_ticks)
  node "$SHARED/e2e-telegram.mjs" --webhook "http://127.0.0.1:$GW_PORT/webhooks/telegram" --api-port 8081 \
    --n "$N" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --secret "$SECRET" --timeout-s 60 >"$1" 2>/dev/null
  local after; after=$(cpu_ticks "$gw")
  local machine_after; machine_after=$(machine_ticks)
  kill -TERM "$gw"; wait "$gw" || true
  # Clock ticks are 10 ms: CPU µs per message over warm-up and measured updates together.
  echo "gateway CPU µs/message: $(( (after - before) * 10000 / (N + WARMUP) )); whole machine: $(( (machine_after - machine_before) * 10000 / (N + WARMUP) ))" >&2
}

peer_run() { # $1: output file
  N="$N" WARMUP="$WARMUP" CONCURRENCY="$CONCURRENCY" "$SHARED/run-peer.sh" >"$1" 2>/dev/null &
  local run=$!
  # Counted from when the peer listens (run-peer.sh's default port), as the gateway's from /readyz.
  until (exec 3<>/dev/tcp/127.0.0.1/8090) 2>/dev/null; do kill -0 "$run" 2>/dev/null || break; sleep 0.02; done
  local machine_before; machine_before=$(machine_ticks)
  wait "$run"
  local machine_after; machine_after=$(machine_ticks)
  echo "peer: whole machine CPU µs/message: $(( (machine_after - machine_before) * 10000 / (N + WARMUP) ))" >&2
}

for round in $(seq 1 "$ROUNDS"); do
  peer_run "$OUT/peer-$round.json"
  gateway_run "$OUT/shopdesk-$round.json"
  echo "round $round done" >&2
done
echo "## Telegraf peer"; node "$SHARED/summarize.mjs" "$OUT"/peer-*.json
echo; echo "## Shopdesk"; node "$SHARED/summarize.mjs" "$OUT"/shopdesk-*.json
