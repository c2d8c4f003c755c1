import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { runBurst, type BurstResult } from './burst.js';
import { runCost } from './cost.js';
import { cpuSection } from './cpu-report.js';
import { redisPid } from './cpu.js';
import { runE2e, type E2eResult } from './e2e.js';
import { DEFAULT_RATES, pacedReport, parseRates, runPaced } from './paced.js';

const USAGE = `npm run bench -- [options]

  --sections e2e,paced,peer,scale,cost,faq,burst   which parts to run (default: all)
  --n 10000                       measured updates per end-to-end run
  --concurrency 64                updates in flight
  --warmup 2000                   updates sent first, not measured
  --rates ${DEFAULT_RATES}      rates of the paced runs (open loop, 10 s each, Shopdesk and the
                                  peer): updates/s, or Nx: N times the peer's closed-loop replies/s
                                  of the same run (needs the peer section)
  --rate 1000                     the old flag: one paced rate (same as --rates 1000)
  --cpu-quota 0.5                 cap each gateway process of the e2e and scale runs at this many CPUs
                                  (Linux cgroup, root only): measures scale-out on a machine with too
                                  few cores for 2 processes plus the load generator and Redis
  --conversations 2000            conversations for the Redis cost (full size: 100000)
  --messages 20000                messages for the gateway memory check (full size: 1000000)
  --buyers 3000                   buyers of the burst (a flash sale), writing within --burst-seconds
  --burst-seconds 10              over how long they write (a third of them a second message)
  --out .bench/results.json       where the JSON goes`;

const { values } = parseArgs({
  options: {
    sections: { type: 'string', default: 'e2e,paced,peer,scale,cost,faq,burst' },
    n: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '2000' },
    rates: { type: 'string' },
    rate: { type: 'string' },
    'cpu-quota': { type: 'string' },
    conversations: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '20000' },
    buyers: { type: 'string', default: '3000' },
    'burst-seconds': { type: 'string', default: '10' },
    out: { type: 'string', default: '.bench/results.json' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sections = new Set(values.sections.split(','));
const num = (v: string) => Number.parseInt(v, 10);

function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

function e2eRows(r: E2eResult): [string, string | number][] {
  return [
    ['replies/s (e2e_rps)', r.e2e_rps],
    ['webhook answers/s', r.webhook_rps],
    ['reply latency p50/p90/p99/max ms', `${r.latency_ms.p50} / ${r.latency_ms.p90} / ${r.latency_ms.p99} / ${r.latency_ms.max}`],
    ['webhook answer p50/p99 ms', `${r.webhook_ack_ms.p50} / ${r.webhook_ack_ms.p99}`],
    ['missing / duplicate / wrong replies', `${r.missing_replies} / ${r.duplicate_replies} / ${r.wrong_replies}`],
    ['non-2xx / transport errors', `${r.webhook_non_2xx} / ${r.webhook_errors}`],
  ];
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString() };
const results: Record<string, unknown> = { machine, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim() };
console.log(`shopdesk bench on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}\n`);

/** Seconds since the last call (each section says how long it took). */
let lap = performance.now();
const took = () => {
  const s = ((performance.now() - lap) / 1000).toFixed(1);
  lap = performance.now();
  return `  (${s} s)`;
};

const rates = parseRates(values.rates ?? values.rate ?? DEFAULT_RATES);
const redis = await startRedisServer();
try {
  const common = { concurrency: num(values.concurrency), warmup: num(values.warmup), graceMs: 500, timeoutS: 60, redis };
  // With the Redis pid, each closed-loop run measures CPU per reply (#20 section 2).
  const pid = await redisPid(redis.client());
  const e2eOpts = { ...common, n: num(values.n), ...(pid ? { redisPid: pid } : {}) };
  const cpuQuota = values['cpu-quota'] === undefined ? undefined : Number(values['cpu-quota']);
  if (cpuQuota !== undefined && !(cpuQuota > 0)) throw new Error(`--cpu-quota takes a positive number of CPUs, e.g. 0.5 (got "${values['cpu-quota']}")`);
  const capped = cpuQuota ? `, each capped at ${cpuQuota} CPU` : '';
  if (sections.has('e2e')) {
    const r = await runE2e({ ...e2eOpts, instances: 1, ...(cpuQuota ? { cpuQuota } : {}) });
    results.e2e = r;
    console.log(`End to end through Telegram, 1 gateway process${capped} (n=${r.n}, ${r.concurrency} in flight)${took()}\n${table(e2eRows(r))}\n`);
  }
  if (sections.has('peer')) {
    // The same runs against the Telegraf peer #7 names (bench/peer-telegraf), then both side by side.
    // Closed loop only: its paced runs are in the paced section, which takes its relative rates from this one's replies/s.
    const closed = await runE2e({ ...e2eOpts, bot: 'peer', instances: 1 });
    results.peer = { e2e: closed };
    console.log(`The Telegraf peer (Telegraf 4, express, @telegraf/session in Redis; it answers the webhook after replying), 1 process${took()}\n${table(e2eRows(closed))}\n`);
    const ours = results.e2e as E2eResult | undefined;
    const rows: [string, string | number][] = [];
    if (ours) {
      rows.push(
        ['replies/s, 64 in flight (#20 section 2: 1.3x, moonshot 1.5x)', `${ours.e2e_rps} against ${closed.e2e_rps}: ${(ours.e2e_rps / closed.e2e_rps).toFixed(2)}x`],
        ['reply p99 ms, closed loop (64 / throughput: see paced for latency)', `${ours.latency_ms.p99} against ${closed.latency_ms.p99}`],
        ['webhook answer p99 ms, closed loop', `${ours.webhook_ack_ms.p99} against ${closed.webhook_ack_ms.p99}: ${(ours.webhook_ack_ms.p99 / closed.webhook_ack_ms.p99).toFixed(2)}x`],
      );
    }
    if (rows.length) console.log(`Shopdesk against the peer, same machine, same run\n${table(rows)}\n`);
  }
  if (sections.has('paced')) {
    const peerRps = (results.peer as { e2e: E2eResult } | undefined)?.e2e.e2e_rps;
    const r = await runPaced(rates, peerRps, common, (line) => console.log(line + took()));
    results.paced = r;
    const base = peerRps ? ` (the peer's closed-loop ${peerRps} replies/s: Nx rates are N times it)` : '';
    console.log(`Paced, open loop (buyers do not wait for each other), 10 s per rate and bot, Shopdesk 1 process against the peer${base}\n${pacedReport(r)}\n`);
  }
  if (sections.has('scale')) {
    const r = await runE2e({ ...e2eOpts, instances: 2, ...(cpuQuota ? { cpuQuota } : {}) });
    results.scale = r;
    const one = (results.e2e as E2eResult | undefined)?.e2e_rps;
    console.log(`Scale-out: 2 gateway processes${capped}, round-robin, one Redis${took()}\n${table([...e2eRows(r), ['vs 1 process', one ? `${(r.e2e_rps / one).toFixed(2)}x` : 'n/a']])}\n`);
  }
  if (sections.has('e2e') || sections.has('scale') || sections.has('peer')) {
    const cpu = cpuSection(
      [
        { label: `Shopdesk, 1 process${capped}`, r: results.e2e as E2eResult | undefined },
        { label: `Shopdesk, 2 processes${capped}`, r: results.scale as E2eResult | undefined },
        { label: 'Telegraf peer, 1 process', r: (results.peer as { e2e: E2eResult } | undefined)?.e2e },
      ],
      cpuQuota,
    );
    results.cpu = cpu.json;
    console.log(`CPU per message, closed loop (${common.concurrency} in flight)\n${cpu.text}\n`);
  }
  if (sections.has('cost')) {
    const r = await runCost({ redis, conversations: num(values.conversations), messagesPerConversation: 5, gatewayMessages: num(values.messages), concurrency: num(values.concurrency) });
    results.cost = r;
    console.log(
      `Cost per conversation${took()}\n${table([
        [`Redis bytes per conversation (${r.conversations} x ${r.messagesPerConversation} msgs)`, r.redis_bytes_per_conversation],
        ['Redis round trips per message', r.redis_round_trips_per_message],
        [`gateway RSS MB, lowest in each fifth of ${r.gateway_messages} msgs`, r.gateway_rss_mb_by_fifth.join(' / ')],
        ['gateway heap MB, lowest in each fifth', r.gateway_heap_mb_by_fifth.join(' / ')],
      ])}\n`,
    );
  }
  if (sections.has('faq')) {
    const { runFaqBench } = await import('./faq.js');
    const r = await runFaqBench();
    results.faq = r;
    console.log(`FAQ matching${took()}\n${table(r.map((row) => [`${row.topics} topics: µs per message (index built in ${row.buildMs} ms)`, row.microsPerMessage]))}\n`);
  }
  if (sections.has('burst')) {
    // Telegram's limits: 30 messages a second in all (bursts of up to 10), a second between two to one chat (less a tenth for jitter).
    const burst = { buyers: num(values.buyers), spreadMs: num(values['burst-seconds']) * 1000, secondEvery: 3, limits: { perSecond: 30, burst: 10, chatGapMs: 900 }, redis };
    const runs: BurstResult[] = [];
    for (const [bot, instances] of [['gateway', 1], ['gateway', 2], ['peer', 1]] as const) {
      await redis.client().flushall();
      const r = await runBurst({ ...burst, bot, instances });
      runs.push(r);
      console.log(`  burst: ${bot}, ${instances} process(es) done${took()}`);
    }
    results.burst = runs;
    const row = (label: string, f: (r: BurstResult) => string | number): [string, string] => [label, runs.map(f).join('  |  ')];
    console.log(
      `Flash sale under Telegram's limits: ${burst.buyers} buyers within ${values['burst-seconds']} s, a third write twice; Shopdesk 1 process | 2 processes | Telegraf peer\n${table([
        row('messages / floor at 30/s (s)', (r) => `${r.messages} / ${r.floor_s}`),
        row('first reply p50/p90/max s', (r) => `${r.first_reply_s.p50} / ${r.first_reply_s.p90} / ${r.first_reply_s.max}`),
        row('drain s (target: within 10% of the floor)', (r) => `${r.drain_s} (${(r.drain_s / r.floor_s).toFixed(2)}x)`),
        row('429s: bot / chat (share of calls)', (r) => `${r.refused_bot} / ${r.refused_chat} (${r.refused_share}%)`),
        row('lost / duplicate / wrong replies', (r) => `${r.lost_replies} / ${r.duplicate_replies} / ${r.wrong_replies}`),
        row('second answers before the last first one', (r) => r.seconds_before_last_first),
        row('messages carrying merged answers', (r) => r.merged_messages),
        row('busy replies with the place in line', (r) => r.busy_replies),
        row('webhook non-2xx (by status; 0: no answer)', (r) => `${r.webhook_non_2xx}${r.webhook_non_2xx ? ` ${JSON.stringify(r.webhook_statuses)}` : ''}`),
      ])}\n`,
    );
  }
} finally {
  await redis.stop();
}

mkdirSync(values.out.replace(/\/[^/]*$/, '') || '.', { recursive: true });
writeFileSync(values.out, JSON.stringify(results, null, 2) + '\n');
console.log(`results written to ${values.out}`);
