import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import { defaultInsightsOptions, mergeBoards, type InsightsBoard, type InsightsStore, type InsightsStoreOptions } from './insights-types.js';

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
  return {
    kind: 'redis',
    async record(w) {
      const once = w.once ?? [];
      const top = w.top ?? [];
      const names = [...w.buckets.map((b) => keys.insightsBucket(b)), ...once.map((o) => keys.insightsMark(o.mark, w.day)), ...top.map((t) => keys.insightsBoard(t.board, w.day))];
      const args = { nb: w.buckets.length, add: w.add, once: once.map((o) => ({ member: o.member, add: o.add })), top: top.map((t) => t.member) };
      // cjson reads an empty object as an empty array: both iterate to nothing, so that is fine.
      await redis.eval(RECORD, names.length, ...names, JSON.stringify(args), options.ttlSeconds, options.boardMax);
    },
    async read({ buckets, days, topLimit }) {
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
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
