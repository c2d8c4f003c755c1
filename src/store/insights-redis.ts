import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import { defaultInsightsOptions, mergeBoards, type InsightsBoard, type InsightsStore, type InsightsStoreOptions, type InsightsWrite } from './insights-types.js';

/**
 * Writes are kept in process and sent this often, merged per bucket set: one script call a second
 * instead of one per buyer message (the counters' cost stays off the message path). A crash loses at
 * most this much of the owner's statistics, never a buyer's message.
 */
const FLUSH_MS = 1000;

/** Writes to the same buckets, merged: counters summed, board points kept; a mark's member once (a second would count nothing). */
function merge(into: InsightsWrite, w: InsightsWrite, marked: Set<string>): void {
  for (const [f, v] of Object.entries(w.add)) into.add[f] = (into.add[f] ?? 0) + v;
  for (const o of w.once ?? []) {
    const key = `${o.mark}\u0000${o.member}`;
    if (marked.has(key)) continue;
    marked.add(key);
    (into.once ??= []).push(o);
  }
  if (w.top?.length) (into.top ??= []).push(...w.top);
}

// KEYS: the buckets, then one mark key per `once`, then one board key per `top`.
// ARGV: {nb, add, once: [{member, add}], top: [member]} as JSON, ttl seconds, board max.
const RECORD = `
local w = cjson.decode(ARGV[1])
local ttl = tonumber(ARGV[2])
local boardMax = tonumber(ARGV[3])
local nb = tonumber(w.nb)
local function add(fields)
  for f, v in pairs(fields) do
    for i = 1, nb do redis.call('HINCRBY', KEYS[i], f, v) end
  end
end
add(w.add)
for j, o in ipairs(w.once) do
  local mark = KEYS[nb + j]
  if redis.call('PFADD', mark, o.member) == 1 then add(o.add) end
  redis.call('EXPIRE', mark, ttl)
end
for j, member in ipairs(w.top) do
  local board = KEYS[nb + #w.once + j]
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
  let pending = new Map<string, InsightsWrite>();
  let marked = new Map<string, Set<string>>();
  async function flush(): Promise<void> {
    const writes = [...pending.values()];
    pending = new Map();
    marked = new Map();
    await Promise.all(writes.map((w) => send(w)));
  }
  const timer = setInterval(() => void flush().catch(() => undefined), FLUSH_MS);
  timer.unref();

  async function send(w: InsightsWrite): Promise<void> {
      const once = w.once ?? [];
      const top = w.top ?? [];
      const names = [...w.buckets.map((b) => keys.insightsBucket(b)), ...once.map((o) => keys.insightsMark(o.mark, w.day)), ...top.map((t) => keys.insightsBoard(t.board, w.day))];
      const args = { nb: w.buckets.length, add: w.add, once: once.map((o) => ({ member: o.member, add: o.add })), top: top.map((t) => t.member) };
      // cjson reads an empty object as an empty array: both iterate to nothing, so that is fine.
      await recordScript(names.length, ...names, JSON.stringify(args), options.ttlSeconds, options.boardMax);
  }

  return {
    kind: 'redis',
    async record(w) {
      const key = `${w.day}|${w.buckets.join(',')}`;
      let into = pending.get(key);
      if (!into) pending.set(key, (into = { day: w.day, buckets: w.buckets, add: {} }));
      let seen = marked.get(key);
      if (!seen) marked.set(key, (seen = new Set()));
      merge(into, w, seen);
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
