# Sourced by the scripts that drive ../shared/bench's harness (side-by-side.sh, ab.sh): where things
# are, the gateway started as `npm start` runs it, and the harness run against it.
# The caller sets N, WARMUP and CONCURRENCY first.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
SECRET=bench-webhook-secret-7f3a
TOKEN=123456789:AAbench-peer-telegraf-token
[ -d "$SHARED" ] || { echo "$(basename "$0"): $SHARED not found (set SHARED_BENCH)" >&2; exit 1; }

# A process's CPU time (user + system) in clock ticks of 10 ms.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# The whole machine's busy ticks (user, nice, system, irq, softirq): bot, Redis, harness and kernel.
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

# start_gateway CLI PORT REDIS_PORT API_PORT LOG: in the background; GATEWAY_PID is the gateway's
# own pid (env execs node), for its CPU time and its SIGTERM. Returns once /readyz answers.
start_gateway() {
  env REDIS_URL="redis://127.0.0.1:$3" TELEGRAM_BOT_TOKEN="$TOKEN" TELEGRAM_WEBHOOK_SECRET="$SECRET" \
    TELEGRAM_API_ROOT="http://127.0.0.1:$4" TELEGRAM_MAX_PER_SECOND=0 NODE_ENV=production LOG_LEVEL=error HOST=127.0.0.1 PORT="$2" \
    node --max-semi-space-size=64 "$1" start >/dev/null 2>"$5" &
  GATEWAY_PID=$!
  for _ in $(seq 1 100); do curl -sf "localhost:$2/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "$(basename "$0"): the gateway on port $2 did not get ready (log: $5)" >&2
  return 1
}

# run_harness PORT API_PORT OUT: the shared harness against the gateway on PORT, its JSON into OUT.
run_harness() {
  node "$SHARED/e2e-telegram.mjs" --webhook "http://127.0.0.1:$1/webhooks/telegram" --api-port "$2" \
    --n "$N" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --secret "$SECRET" --timeout-s 60 >"$3" 2>/dev/null
}
