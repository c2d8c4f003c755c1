import { loadConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { createRedisInsightsStore } from '../store/insights-redis.js';
import { insightsTimeZone } from './api.js';
import { lastDays, readInsights, type InsightsReport, type WaitSummary } from './report.js';

type Print = (line: string) => void;

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
/** A wait as people read it: 45s, 5m, 2h (the histogram's "at most"). */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
const waits = (w: WaitSummary) => (w.count ? `${formatWait(w.medianSeconds)}/${formatWait(w.p90Seconds)}` : '-');

/** The report as a terminal table: one row per day, then the totals and the top questions. */
export function insightsTable(report: InsightsReport): string[] {
  const header = ['day', 'convs', 'msgs', 'bot alone', 'to person', 'asked/compl/unhelped', 'bot reply p50/p90', 'agent reply p50/p90', 'wait p50/p90', 'away', 'busy', 'contacts'];
  const row = (label: string, s: InsightsReport['totals']) => [
    label,
    String(s.conversations),
    String(s.messages),
    pct(s.containment),
    String(s.handedOff),
    `${s.handoffs.asked}/${s.handoffs.complaint}/${s.handoffs.unhelped}`,
    waits(s.botFirstReply),
    waits(s.agentFirstReply),
    waits(s.waitForPerson),
    String(s.awayReplies),
    String(s.busyReplies),
    String(s.contactsGathered),
  ];
  const rows = [header, ...report.series.map((s) => row(s.bucket, s)), row('total', report.totals)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const out = [`insights ${report.from} to ${report.to} (${report.timezone})`, line(rows[0]!), ...rows.slice(1, -1).map(line), '-'.repeat(line(rows[0]!).length), line(rows.at(-1)!)];
  if (report.topFaq.length) out.push('', `top FAQ topics: ${report.topFaq.map((t) => `${t.topic} (${t.count})`).join(', ')}`);
  if (report.topUnanswered.length) out.push('top unanswered:', ...report.topUnanswered.map((t) => `  ${String(t.count).padStart(4)}  ${t.text}`));
  return out;
}

/**
 * `shopdesk insights`: the last 7 days as a table. With REDIS_URL it reads Redis itself; without, it
 * asks the running gateway's /api/insights at SHOPDESK_URL (default http://HOST:PORT) with an owner's SHOPDESK_TOKEN.
 */
export async function insightsCommand(env: Record<string, string | undefined>, print: Print, now = new Date()): Promise<void> {
  const config = loadConfig(env);
  const timezone = insightsTimeZone(config.shop);
  const range = lastDays(7, timezone, now);
  let report: InsightsReport;
  if (config.env.REDIS_URL) {
    const store = createRedisInsightsStore(config.env.REDIS_URL);
    try {
      report = await readInsights(store, { ...range, granularity: 'day', timezone });
    } finally {
      await store.close();
    }
  } else {
    if (!env.SHOPDESK_TOKEN) throw new ConfigError('without REDIS_URL the insights come from the running gateway: set SHOPDESK_TOKEN to an owner token (and SHOPDESK_URL if not local)');
    const base = env.SHOPDESK_URL ?? `http://${config.env.HOST}:${config.env.PORT}`;
    const res = await fetch(`${base}/api/insights?from=${range.from}&to=${range.to}&granularity=day`, { headers: { authorization: `Bearer ${env.SHOPDESK_TOKEN}` } });
    const body = (await res.json()) as InsightsReport & { error?: string };
    if (!res.ok) throw new ConfigError(`the gateway refused: ${res.status} ${body.error ?? ''}`);
    report = body;
  }
  for (const line of insightsTable(report)) print(line);
}
