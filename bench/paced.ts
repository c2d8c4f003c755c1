import { runE2e, type E2eOptions, type E2eResult } from './e2e.js';

/**
 * The paced (open-loop) runs of issue #20, section 1: at each rate, Shopdesk (1 process) and the
 * Telegraf peer, each for 10 s, then a verdict per rate against the section's targets.
 */

/** A rate of `--rates`: updates per second, or `Nx`: N times the peer's closed-loop replies/s. */
export type RateSpec = { spec: string; perSecond: number } | { spec: string; ofPeer: number };

export const DEFAULT_RATES = '200,1000,0.5x,0.8x';

export function parseRates(list: string): RateSpec[] {
  return list.split(',').map((raw) => {
    const spec = raw.trim();
    const m = /^(\d+(?:\.\d+)?)(x?)$/.exec(spec);
    if (!m || !(Number(m[1]) > 0)) throw new Error(`--rates takes updates/s or Nx (N times the peer's closed-loop replies/s), e.g. 200,1000,0.5x (got "${spec}")`);
    return m[2] ? { spec, ofPeer: Number(m[1]) } : { spec, perSecond: Math.round(Number(m[1])) };
  });
}

export interface PacedRun {
  spec: string;
  rate: number;
  gateway: E2eResult;
  peer: E2eResult;
  /** Shopdesk's reply p99 over the peer's (target: at most 1). */
  reply_p99_ratio: number;
  /** Shopdesk's webhook answer p99 over the peer's (target: at most 0.5). */
  webhook_p99_ratio: number;
  reply_p99_met: boolean;
  webhook_p99_met: boolean;
}

export interface PacedSection {
  /** The peer's closed-loop replies/s the relative rates are taken from (absent: not measured). */
  peer_closed_rps?: number;
  skipped: string[];
  runs: PacedRun[];
}

type Common = Omit<E2eOptions, 'bot' | 'n' | 'rate' | 'instances' | 'cpuQuota' | 'redisPid'>;

export async function runPaced(specs: RateSpec[], peerClosedRps: number | undefined, common: Common, progress: (line: string) => void): Promise<PacedSection> {
  const section: PacedSection = { ...(peerClosedRps ? { peer_closed_rps: peerClosedRps } : {}), skipped: [], runs: [] };
  for (const s of specs) {
    let rate: number;
    if ('perSecond' in s) rate = s.perSecond;
    else if (peerClosedRps) rate = Math.max(1, Math.round(s.ofPeer * peerClosedRps));
    else {
      section.skipped.push(s.spec);
      continue;
    }
    // 10 s at each rate, as the single paced run always was; no CPU cap, as the runs have none.
    const run = (bot: 'gateway' | 'peer') => runE2e({ ...common, bot, n: rate * 10, rate, instances: 1 });
    const gateway = await run('gateway');
    const peer = await run('peer');
    const replyRatio = ratio(gateway.latency_ms.p99, peer.latency_ms.p99);
    const ackRatio = ratio(gateway.webhook_ack_ms.p99, peer.webhook_ack_ms.p99);
    section.runs.push({ spec: s.spec, rate, gateway, peer, reply_p99_ratio: replyRatio, webhook_p99_ratio: ackRatio, reply_p99_met: replyRatio <= 1, webhook_p99_met: ackRatio <= 0.5 });
    progress(`  paced: ${rate}/s (${s.spec}) done`);
  }
  return section;
}

function ratio(a: number, b: number): number {
  return b > 0 ? Number((a / b).toFixed(2)) : a > 0 ? Infinity : 1;
}

/** Column-aligned text table, header first. */
export function grid(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')).join('\n');
}

export const metOrNot = (met: boolean) => (met ? 'met' : 'not met');

export function pacedReport(p: PacedSection): string {
  const out: string[] = [];
  if (p.skipped.length) out.push(`  skipped ${p.skipped.join(', ')}: relative rates need the peer's closed-loop replies/s, measured by the peer section (add peer to --sections)`);
  if (!p.runs.length) return out.join('\n');
  const fig = (r: E2eResult) => [`${r.latency_ms.p50} / ${r.latency_ms.p99} / ${r.latency_ms.max}`, String(r.webhook_ack_ms.p99), `${r.missing_replies} / ${r.duplicate_replies} / ${r.wrong_replies}`, `${r.webhook_non_2xx} / ${r.webhook_errors}`];
  const rows = [['rate/s', 'bot', 'reply p50 / p99 / max ms', 'webhook answer p99 ms', 'lost / dup / wrong', 'non-2xx / errors']];
  for (const r of p.runs) {
    rows.push([`${r.rate} (${r.spec})`, 'Shopdesk', ...fig(r.gateway)], ['', 'peer', ...fig(r.peer)]);
  }
  out.push(grid(rows), '');
  const verdict = [['rate/s', 'reply p99 ms: Shopdesk / peer', 'target <= 1x', 'webhook answer p99 ms', 'target <= 0.5x']];
  for (const r of p.runs) {
    verdict.push([
      String(r.rate),
      `${r.gateway.latency_ms.p99} / ${r.peer.latency_ms.p99} = ${r.reply_p99_ratio.toFixed(2)}x`,
      metOrNot(r.reply_p99_met),
      `${r.gateway.webhook_ack_ms.p99} / ${r.peer.webhook_ack_ms.p99} = ${r.webhook_p99_ratio.toFixed(2)}x`,
      metOrNot(r.webhook_p99_met),
    ]);
  }
  out.push(`  Against #20 section 1's targets, at every rate:\n${grid(verdict)}`);
  return out.join('\n');
}
