import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import { groupId } from './knowledge-memory.js';
import {
  defaultKnowledgeOptions,
  emptyOverlay,
  KnowledgeOverlaySchema,
  maskContact,
  type KnowledgeAudit,
  type KnowledgeStore,
  type KnowledgeStoreOptions,
  type UnansweredGroup,
} from './knowledge-types.js';

// KEYS: kb, audit. ARGV: expected version, overlay JSON, audit JSON (without version), audit max.
const SAVE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return -1 end
local version = current + 1
redis.call('HSET', KEYS[1], 'overlay', ARGV[2], 'version', version)
local audit = cjson.decode(ARGV[3])
audit['version'] = version
redis.call('LPUSH', KEYS[2], cjson.encode(audit))
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
return version`;

// KEYS: recent zset, group hash, anchor. ARGV: id, text, lang, conversation, at ISO, at ms, reason, max, group prefix.
const RECORD = `
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'text', ARGV[2], 'lang', ARGV[3], 'conversationId', ARGV[4], 'lastSeen', ARGV[5], 'reason', ARGV[7])
redis.call('HINCRBY', KEYS[2], 'count', 1)
redis.call('ZADD', KEYS[1], ARGV[6], ARGV[1])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[8])
if excess > 0 then
  for i, old in ipairs(redis.call('ZPOPMIN', KEYS[1], excess)) do
    if i % 2 == 1 then redis.call('DEL', ARGV[9] .. old) end
  end
end
return 1`;

/** The knowledge base in Redis: shared by every instance, survives restarts. Its own connection. */
export async function createRedisKnowledgeStore(url: string, options: KnowledgeStoreOptions = defaultKnowledgeOptions): Promise<KnowledgeStore> {
  const redis: RedisConnection = connectRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 100, 2000) });
  redis.on('error', () => undefined); // the main store's /readyz reports Redis being away
  const groupKey = (id: string) => `${keys.unansweredGroupPrefix()}${id}`;
  return {
    kind: 'redis',
    async load() {
      const [overlay, version] = await redis.hmget(keys.knowledge(), 'overlay', 'version');
      if (!overlay) return { version: Number(version ?? 0), overlay: emptyOverlay() };
      return { version: Number(version), overlay: KnowledgeOverlaySchema.parse(JSON.parse(overlay)) };
    },
    async version() {
      return Number((await redis.hget(keys.knowledge(), 'version')) ?? 0);
    },
    async save(overlay, expectedVersion, audit) {
      const version = (await redis.eval(SAVE, 2, keys.knowledge(), keys.knowledgeAudit(), expectedVersion, JSON.stringify(overlay), JSON.stringify(audit), options.auditMax)) as number;
      return version < 0 ? 'conflict' : { version };
    },
    async audit(limit) {
      return (await redis.lrange(keys.knowledgeAudit(), 0, limit - 1)).map((line) => JSON.parse(line) as KnowledgeAudit);
    },
    async recordUnanswered({ text, lang, conversationId, at, reason }) {
      const id = groupId(text);
      await redis.eval(RECORD, 2, keys.unansweredRecent(), groupKey(id), id, maskContact(text), lang, conversationId, at.toISOString(), at.getTime(), reason, options.unansweredMax, keys.unansweredGroupPrefix());
    },
    async unanswered(limit) {
      const ids = await redis.zrevrange(keys.unansweredRecent(), 0, limit - 1);
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(groupKey(id));
      const rows = (await pipeline.exec()) ?? [];
      return rows
        .map(([, row]) => row as Record<string, string>)
        .filter((row) => row && row.id)
        .map((row): UnansweredGroup => ({
          id: row.id!,
          text: row.text ?? '',
          lang: row.lang ?? '',
          count: Number(row.count ?? 0),
          lastSeen: row.lastSeen ?? '',
          conversationId: row.conversationId ?? '',
          reason: row.reason === 'human' ? 'human' : 'fallback',
        }));
    },
    async dismissUnanswered(id) {
      await redis.multi().zrem(keys.unansweredRecent(), id).del(groupKey(id)).exec();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
