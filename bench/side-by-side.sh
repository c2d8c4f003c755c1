#!/usr/bin/env bash
# Shopdesk and the Telegraf peer, measured alternately by the same harness on this machine:
# ../shared/bench's e2e-telegram.mjs (load generator + fake Bot API) against the peer
# (run-peer.sh) and against `node dist/src/cli.js start`. Not part of `npm run bench`: it needs
# ../shared/bench. Prints the medians of both, and per run the CPU per message of the gateway and
# of the whole machine (two shared cores: the machine is the limit, and the harness's share is in it).
#
# usage: bench/side-by-side.sh [rounds]   (env: N=20000 WARMUP=2000 CONCURRENCY=64)
set -euo pipefail
ROUNDS="${1:-3}"
N="${N:-20000}"
WARMUP="${WARMUP:-2000}"
CONCURRENCY="${CONCURRENCY:-64}"
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
REDIS_PORT=6391
GW_PORT=8095
OUT="${OUT:-$ROOT/.bench/side-by-side}"
mkdir -p "$OUT"

cd "$ROOT"
npm run build >/dev/null
rm -f "$OUT"/*.json
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT

gateway_run() { # $1: output file
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  start_gateway dist/src/cli.js "$GW_PORT" "$REDIS_PORT" 8081 "$OUT/gateway.log"
  local gw=$GATEWAY_PID
  local before; before=$(cpu_ticks "$gw")
  local machine_before; machine_before=$(machine_ticks)
  run_harness "$GW_PORT" 8081 "$1"
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
