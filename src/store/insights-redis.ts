import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import { defaultInsightsOptions, mergeBoards, type InsightsBoard, type InsightsMark, type InsightsStore, type InsightsStoreOptions } from './insights-types.js';

/**
 * Writes are kept in process and sent this often, merged per bucket set: one script call a second
 * instead of one per buyer message (the counters' cost stays off the message path). A crash loses at
 * most this much of the owner's statistics, never a buyer's message.
 */
const FLUSH_MS = 1000;
/** Marks this instance remembers having sent, per day (about 100 bytes each); past this it just sends them again. */
const REMEMBERED_MARKS = 100_000;
/**
 * How long a day's marks are kept after their last write: past the day itself, for the messages of
 * its last minutes that are processed after midnight. (The counters they guard are kept 90 days.)
 */
const MARK_TTL_SECONDS = 2 * 86_400;
/** Members per SADD (Lua's unpack has a limit of a few thousand values). */
const SADD_CHUNK = 1000;

/** One bucket set's writes of the coming flush: counters summed, marks grouped by what they add. */
interface PendingWrite {
  day: string;
  buckets: readonly string[];
  add: Record<string, number>;
  /** mark and what a new member adds (as JSON) -> the members marked. */
  marks: Map<string, { mark: InsightsMark; add: Record<string, number>; members: string[] }>;
  top: InsightsBoard[];
  topMembers: string[];
}

// KEYS: the buckets, then the mark keys, then one board key per `top`.
// ARGV: {nb, nm, add, once: [{k: mark key index, add, members}], top: [member]} as JSON, ttl seconds,
// board max, marks' ttl seconds.
// A group's members are SADDed together: SADD answers exactly how many were new to the day (a
// HyperLogLog's PFADD, used before, answers 0 for a new member whose register does not change: about
// 9% of 5,000 conversations a day went uncounted). The counters are summed here and sent to each
// bucket once.
const RECORD = `
local w = cjson.decode(ARGV[1])
local ttl = tonumber(ARGV[2])
local boardMax = tonumber(ARGV[3])
local markTtl = tonumber(ARGV[4])
local chunk = ${SADD_CHUNK}
local nb = tonumber(w.nb)
local nm = tonumber(w.nm)
local sums = {}
local function sum(fields, n)
  for f, v in pairs(fields) do sums[f] = (sums[f] or 0) + v * n end
end
sum(w.add, 1)
for _, g in ipairs(w.once) do
  local mark = KEYS[nb + g.k]
  local new = 0
  local members = g.members
  for i = 1, #members, chunk do new = new + redis.call('SADD', mark, unpack(members, i, math.min(i + chunk - 1, #members))) end
  if new > 0 then sum(g.add, new) end
end
for j = 1, nm do redis.call('EXPIRE', KEYS[nb + j], markTtl) end
for f, v in pairs(sums) do
  for i = 1, nb do redis.call('HINCRBY', KEYS[i], f, v) end
end
for j, member in ipairs(w.top) do
  local board = KEYS[nb + nm + j]
  redis.call('ZINCRBY', board, 1, member)
  local extra = redis.call('ZCARD', board) - boardMax
  if extra > 0 then redis.call('ZREMRANGEBYRANK', board, 0, extra - 1) end
  redis.call('EXPIRE', board, ttl)
end
for i = 1, nb do redis.call('EXPIRE', KEYS[i], ttl) end
return 1`;

const BOARDS: InsightsBoard[] = ['faq', 'unanswered'];

/** The insights in Redis, shared by every instance; its own connection (a slow read never delays buyers). */
export function createRedisInsightsStore(url: string, options: InsightsStoreOptions = defaultInsightsOptions): InsightsStore {
  const redis: RedisConnection = connectRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 100, 2000) });
  redis.on('error', () => undefined); // the main store's /readyz reports Redis being away
  redis.defineCommand('recordInsights', { lua: RECORD });
  const recordScript = (redis as unknown as { recordInsights(numKeys: number, ...args: (string | number)[]): Promise<unknown> }).recordInsights.bind(redis);
  let pending = new Map<string, PendingWrite>();
  async function flush(): Promise<void> {
    const writes = [...pending.values()];
    pending = new Map();
    await Promise.all(writes.map((w) => send(w)));
  }
  const timer = setInterval(() => void flush().catch(() => undefined), FLUSH_MS);
  timer.unref();

  // Day -> mark -> members this instance has sent (or is about to): Redis already holds them, so a
  // conversation's later messages that day send no mark (its SADD would count nothing). Only the
  // latest two days are kept (a message from just before midnight can still come in).
  interface Sent {
    size: number;
    marks: Map<InsightsMark, Set<string>>;
  }
  const sentMarks = new Map<string, Sent>();
  function sentOn(day: string): Sent | undefined {
    let sent = sentMarks.get(day);
    if (sent) return sent;
    const days = [...sentMarks.keys()].sort();
    if (days.length >= 2) {
      if (day < days[0]!) return undefined; // an older day: its marks are just sent
      sentMarks.delete(days[0]!);
    }
    sentMarks.set(day, (sent = { size: 0, marks: new Map() }));
    return sent;
  }
  /** A write that did not reach Redis: its marks are forgotten, so a later message sends them again. */
  function unsend(w: PendingWrite): void {
    const sent = sentMarks.get(w.day);
    if (sent) for (const g of w.marks.values()) for (const m of g.members) if (sent.marks.get(g.mark)?.delete(m)) sent.size--;
  }
  // A write's group and bucket-set keys, made once per object: the recorder hands the same frozen
  // `add` objects and bucket lists to every turn of a channel, language and hour.
  const groupKeys = new WeakMap<object, string>();
  const groupKey = (o: { mark: InsightsMark; add: Record<string, number> }) => {
    let json = groupKeys.get(o.add);
    if (json === undefined) groupKeys.set(o.add, (json = JSON.stringify(o.add)));
    return o.mark + '\u0000' + json;
  };
  const bucketKeys = new WeakMap<readonly string[], string>();
  const bucketKey = (w: { day: string; buckets: readonly string[] }) => {
    let joined = bucketKeys.get(w.buckets);
    if (joined === undefined) bucketKeys.set(w.buckets, (joined = w.buckets.join(',')));
    return w.day + '|' + joined;
  };

  async function send(w: PendingWrite): Promise<void> {
    const markKeys: string[] = [];
    const once = [...w.marks.values()].map((g) => {
      const key = keys.insightsSeen(g.mark, w.day);
      let k = markKeys.indexOf(key);
      if (k === -1) k = markKeys.push(key) - 1;
      return { k: k + 1, add: g.add, members: g.members };
    });
    const names = [...w.buckets.map((b) => keys.insightsBucket(b)), ...markKeys, ...w.top.map((board) => keys.insightsBoard(board, w.day))];
    const args = { nb: w.buckets.length, nm: markKeys.length, add: w.add, once, top: w.topMembers };
    // cjson reads an empty object as an empty array: both iterate to nothing, so that is fine.
    try {
      await recordScript(names.length, ...names, JSON.stringify(args), options.ttlSeconds, options.boardMax, Math.min(options.ttlSeconds, MARK_TTL_SECONDS));
    } catch (err) {
      unsend(w);
      throw err;
    }
  }

  return {
    kind: 'redis',
    async record(w) {
      const key = bucketKey(w);
      let into = pending.get(key);
      if (!into) pending.set(key, (into = { day: w.day, buckets: w.buckets, add: {}, marks: new Map(), top: [], topMembers: [] }));
      const add = w.add;
      for (const f in add) into.add[f] = (into.add[f] ?? 0) + add[f]!;
      if (w.once?.length) {
        const sent = sentOn(w.day);
        for (const o of w.once) {
          let members = sent?.marks.get(o.mark);
          if (sent && !members) sent.marks.set(o.mark, (members = new Set()));
          if (members?.has(o.member)) continue;
          if (sent && members && sent.size < REMEMBERED_MARKS) {
            members.add(o.member);
            sent.size++;
          }
          const group = groupKey(o);
          let g = into.marks.get(group);
          if (!g) into.marks.set(group, (g = { mark: o.mark, add: o.add, members: [] }));
          g.members.push(o.member);
        }
      }
      for (const t of w.top ?? []) {
        into.top.push(t.board);
        into.topMembers.push(t.member);
      }
    },
    async read({ buckets, days, topLimit }) {
      await flush(); // this instance's own writes first
      const pipeline = redis.pipeline();
      for (const b of buckets) pipeline.hgetall(keys.insightsBucket(b));
      for (const board of BOARDS) for (const day of days) pipeline.zrevrange(keys.insightsBoard(board, day), 0, topLimit - 1, 'WITHSCORES');
      const rows = (await pipeline.exec()) ?? [];
      for (const [err] of rows) if (err) throw err;
      const out: Record<string, Record<string, number>> = {};
      buckets.forEach((b, i) => {
        const row = rows[i]![1] as Record<string, string>;
        if (Object.keys(row).length) out[b] = Object.fromEntries(Object.entries(row).map(([f, v]) => [f, Number(v)]));
      });
      const boardRows = (board: number) =>
        days.map((_, d) => {
          const flat = rows[buckets.length + board * days.length + d]![1] as string[];
          const pairs: [string, number][] = [];
          for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, Number(flat[i + 1])]);
          return pairs;
        });
      return { buckets: out, top: { faq: mergeBoards(boardRows(0), topLimit), unanswered: mergeBoards(boardRows(1), topLimit) } };
    },
    async close() {
      clearInterval(timer);
      await flush().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
