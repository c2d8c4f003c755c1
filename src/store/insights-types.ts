/** Marks kept per day so that something is counted once per conversation per day. */
export type InsightsMark = 'conversation' | 'handoff' | 'agentReply' | 'contact';
/** Bounded per-day leaderboards. */
export type InsightsBoard = 'faq' | 'unanswered';

/**
 * One change to the insights, applied atomically to every bucket it names (a day and an hour):
 * `add` always; each `once` entry only the first time its member is marked that day (across every
 * instance); each `top` member gets one more point on its board of the day.
 */
export interface InsightsWrite {
  day: string;
  buckets: readonly string[];
  add: Record<string, number>;
  once?: { mark: InsightsMark; member: string; add: Record<string, number> }[];
  top?: { board: InsightsBoard; member: string }[];
}

export interface InsightsRead {
  /** Bucket id -> field -> count (missing buckets are absent). */
  buckets: Record<string, Record<string, number>>;
  /** Board -> members with their points, summed over the days asked, best first. */
  top: Record<InsightsBoard, { member: string; count: number }[]>;
}

export interface InsightsStoreOptions {
  /** How long a bucket, mark or board is kept after its last write. */
  ttlSeconds: number;
  /** Members kept per board per day (the lowest are dropped). */
  boardMax: number;
}

export const defaultInsightsOptions: InsightsStoreOptions = { ttlSeconds: 90 * 86_400, boardMax: 200 };

/**
 * The owner's insights: counters in per-day and per-hour buckets, shared by every instance and
 * bounded (a hash per bucket, a mark and a board per day, all expiring; never a row per message).
 * Two implementations pass one contract suite: Redis and in-process memory.
 */
export interface InsightsStore {
  readonly kind: 'redis' | 'memory';
  record(write: InsightsWrite): Promise<void>;
  read(query: { buckets: string[]; days: string[]; topLimit: number }): Promise<InsightsRead>;
  close(): Promise<void>;
}

/** Sum the members of several days' boards, best first. */
export function mergeBoards(days: [string, number][][], limit: number): { member: string; count: number }[] {
  const sum = new Map<string, number>();
  for (const day of days) for (const [member, count] of day) sum.set(member, (sum.get(member) ?? 0) + count);
  return [...sum]
    .map(([member, count]) => ({ member, count }))
    .sort((a, b) => b.count - a.count || a.member.localeCompare(b.member))
    .slice(0, limit);
}
