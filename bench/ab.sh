#!/usr/bin/env bash
# Two builds of the gateway measured at the same time: a git ref ("base") and the working tree
# ("new"), each with its own Redis and its own copy of the shared harness (../shared/bench's
# e2e-telegram.mjs and fake Bot API). On a shared VM the machine's speed drifts by ±20% from one
# minute to the next; run side by side, both builds see the same drift, and the ratio of their CPU
# per message varies by about ±3% from round to round (an A/A run: 0.97-1.02). Prints each round
# and the median ratios. Not part of `npm run bench`: it needs ../shared/bench.
#
# usage: bench/ab.sh [base-ref] [rounds]   (defaults: HEAD, 5; env: N=10000 WARMUP=1000 CONCURRENCY=64)
#   The machine is oversubscribed (two gateways, two harnesses): compare CPU per message, not replies/s.
set -euo pipefail
BASE_REF="${1:-HEAD}"
ROUNDS="${2:-5}"
N="${N:-10000}"
WARMUP="${WARMUP:-1000}"
CONCURRENCY="${CONCURRENCY:-64}"
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
BASE_SRC="$ROOT/.bench/ab-base"
OUT="$ROOT/.bench/ab"

cd "$ROOT"
mkdir -p "$OUT" "$ROOT/.bench"
echo "ab: building the working tree and $BASE_REF" >&2
npm run build >/dev/null
# The base as its own checkout inside .bench/: node_modules are found one level up, its shop
# config in its own flows/ (the package root is the nearest package.json).
git worktree remove --force "$BASE_SRC" >/dev/null 2>&1 || rm -rf "$BASE_SRC"
git worktree prune
git worktree add --detach "$BASE_SRC" "$BASE_REF" >/dev/null 2>&1
trap 'git -C "$ROOT" worktree remove --force "$BASE_SRC" >/dev/null 2>&1 || true; for p in 6401 6402; do redis-cli -p $p shutdown nosave >/dev/null 2>&1 || true; done' EXIT
"$ROOT/node_modules/.bin/tsc" -p "$BASE_SRC/tsconfig.json"

TOTAL=$((N + WARMUP))
: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  declare -A GW=() RPID=()
  for v in base new; do
    if [ $v = base ]; then rp=6401; gp=8095; ap=8081; cli="$BASE_SRC/dist/src/cli.js"; else rp=6402; gp=8096; ap=8082; cli="$ROOT/dist/src/cli.js"; fi
    redis-server --port $rp --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
    for _ in $(seq 1 50); do redis-cli -p $rp ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p $rp flushall >/dev/null
    RPID[$v]=$(redis-cli -p $rp info server | tr -d '\r' | awk -F: '/^process_id/{print $2}')
    start_gateway "$cli" $gp $rp $ap "$OUT/gateway-$v.log"
    GW[$v]=$GATEWAY_PID
  done
  gb0=$(cpu_ticks "${GW[base]}"); gn0=$(cpu_ticks "${GW[new]}"); rb0=$(cpu_ticks "${RPID[base]}"); rn0=$(cpu_ticks "${RPID[new]}")
  harnesses=()
  for v in base new; do
    if [ $v = base ]; then gp=8095; ap=8081; else gp=8096; ap=8082; fi
    run_harness $gp $ap "$OUT/$v.json" &
    harnesses+=($!)
  done
  wait "${harnesses[@]}"
  gb1=$(cpu_ticks "${GW[base]}"); gn1=$(cpu_ticks "${GW[new]}"); rb1=$(cpu_ticks "${RPID[base]}"); rn1=$(cpu_ticks "${RPID[new]}")
  kill -TERM "${GW[base]}" "${GW[new]}"
  wait "${GW[base]}" "${GW[new]}" 2>/dev/null || true
  for p in 6401 6402; do redis-cli -p $p shutdown nosave >/dev/null 2>&1 || true; done
  # Clock ticks are 10 ms: CPU µs per message over warm-up and measured updates together.
  row="$(( (gb1 - gb0) * 10000 / TOTAL )) $(( (gn1 - gn0) * 10000 / TOTAL )) $(( (rb1 - rb0) * 10000 / TOTAL )) $(( (rn1 - rn0) * 10000 / TOTAL ))"
  row="$row $(node -e 'const [a, b] = process.argv.slice(1).map((f) => require(f)); const bad = (r) => r.missing_replies + r.duplicate_replies; console.log(a.e2e_rps, b.e2e_rps, bad(a), bad(b))' "$OUT/base.json" "$OUT/new.json")"
  echo "$row" >>"$OUT/rounds.txt"
  echo "round $round: gateway µs/msg base $(cut -d' ' -f1 <<<"$row") new $(cut -d' ' -f2 <<<"$row"); Redis base $(cut -d' ' -f3 <<<"$row") new $(cut -d' ' -f4 <<<"$row")" >&2
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const col = (i) => rows.map((r) => r[i]);
const ratio = (f) => median(rows.map(f)).toFixed(3);
console.log(`| figure (medians of ${rows.length} rounds) | base | new | new / base |`);
console.log("| --- | ---: | ---: | ---: |");
console.log(`| gateway CPU µs per message | ${median(col(0))} | ${median(col(1))} | ${ratio((r) => r[1] / r[0])} |`);
console.log(`| Redis CPU µs per message | ${median(col(2))} | ${median(col(3))} | ${ratio((r) => r[3] / r[2])} |`);
console.log(`| gateway + Redis | ${median(rows.map((r) => r[0] + r[2]))} | ${median(rows.map((r) => r[1] + r[3]))} | ${ratio((r) => (r[1] + r[3]) / (r[0] + r[2]))} |`);
console.log(`| replies/s (machine shared by both) | ${median(col(4))} | ${median(col(5))} | ${ratio((r) => r[5] / r[4])} |`);
console.log(`| missing + duplicate replies, all rounds | ${col(6).reduce((a, b) => a + b, 0)} | ${col(7).reduce((a, b) => a + b, 0)} | |`);
' "$OUT/rounds.txt"
