import type { InsightsStore } from '../store/insights-types.js';
import { dayMinus, daysBetween, hoursOf, localBucket, quantile, WAIT_BOUNDS } from './buckets.js';

export type Granularity = 'day' | 'hour';

/** A wait, from a fixed histogram: how many, and the median and 90th percentile as "at most N seconds". */
export interface WaitSummary {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** The numbers of one bucket, or of the whole range. */
export interface InsightsSummary {
  conversations: number;
  messages: number;
  /** Conversations queued for a person (counted once a day each). */
  handedOff: number;
  /** Share of conversations the bot handled without a person (0..1), null with no conversations. */
  containment: number | null;
  handoffs: { asked: number; complaint: number; unhelped: number };
  conversationsByChannel: Record<string, number>;
  conversationsByLanguage: Record<string, number>;
  messagesByChannel: Record<string, number>;
  messagesByLanguage: Record<string, number>;
  awayReplies: number;
  busyReplies: number;
  contactsGathered: number;
  botFirstReply: WaitSummary;
  agentFirstReply: WaitSummary;
  waitForPerson: WaitSummary;
}

export interface InsightsReport {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  totals: InsightsSummary;
  series: (InsightsSummary & { bucket: string })[];
  topFaq: { topic: string; count: number }[];
  topUnanswered: { text: string; count: number }[];
}

function wait(fields: Record<string, number>, name: string): WaitSummary {
  const counts = Array.from({ length: WAIT_BOUNDS.length + 1 }, (_, i) => fields[`${name}:${i}`] ?? 0);
  return { count: counts.reduce((a, b) => a + b, 0), medianSeconds: quantile(counts, 0.5) ?? null, p90Seconds: quantile(counts, 0.9) ?? null };
}

function byPrefix(fields: Record<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [f, v] of Object.entries(fields)) if (f.startsWith(prefix)) out[f.slice(prefix.length)] = v;
  return out;
}

/** The summary of one bucket's (or several buckets' summed) counters. */
export function summarize(fields: Record<string, number>): InsightsSummary {
  const n = (f: string) => fields[f] ?? 0;
  const conversations = n('conversations');
  const handedOff = Math.min(conversations, n('handedOff'));
  return {
    conversations,
    messages: n('messages'),
    handedOff,
    containment: conversations ? (conversations - handedOff) / conversations : null,
    handoffs: { asked: n('handoffs:reason:asked'), complaint: n('handoffs:reason:complaint'), unhelped: n('handoffs:reason:unhelped') },
    conversationsByChannel: byPrefix(fields, 'conversations:channel:'),
    conversationsByLanguage: byPrefix(fields, 'conversations:lang:'),
    messagesByChannel: byPrefix(fields, 'messages:channel:'),
    messagesByLanguage: byPrefix(fields, 'messages:lang:'),
    awayReplies: n('away'),
    busyReplies: n('busy'),
    contactsGathered: n('contacts'),
    botFirstReply: wait(fields, 'botFirstReply'),
    agentFirstReply: wait(fields, 'agentFirstReply'),
    waitForPerson: wait(fields, 'wait'),
  };
}

/** The shop-local day today, and the first day of the last `days` days (today included). */
export function lastDays(days: number, timeZone: string, now = new Date()): { from: string; to: string } {
  const today = localBucket(now, timeZone).day;
  return { from: dayMinus(today, days - 1), to: today };
}

/** Read a range of shop-local days (inclusive) from the insights store, per day or per hour. */
export async function readInsights(store: InsightsStore, q: { from: string; to: string; granularity: Granularity; timezone: string; topLimit?: number }): Promise<InsightsReport> {
  const days = daysBetween(q.from, q.to);
  const buckets = q.granularity === 'day' ? days : days.flatMap(hoursOf);
  const topLimit = q.topLimit ?? 10;
  const read = await store.read({ buckets, days, topLimit });
  const sum: Record<string, number> = {};
  const series = buckets.map((bucket) => {
    const fields = read.buckets[bucket] ?? {};
    for (const [f, v] of Object.entries(fields)) sum[f] = (sum[f] ?? 0) + v;
    return { bucket, ...summarize(fields) };
  });
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    timezone: q.timezone,
    totals: summarize(sum),
    series,
    topFaq: read.top.faq.map((t) => ({ topic: t.member, count: t.count })),
    topUnanswered: read.top.unanswered.map((t) => ({ text: t.member, count: t.count })),
  };
}
