import { StoreUnavailableError } from '../errors.js';
import type { ConversationId } from '../engine/types.js';
import { connectRedis } from './connection.js';
import { keys } from './keys.js';
import { AGENT_DESK_TTL_SECONDS, type AgentDeskStore, type AgentPost } from './agent-desk-types.js';

/** Posts kept per conversation: one per agent's chat, and a conversation is announced again each time it waits. */
const POSTS_MAX = 50;

/** The agents' desk state over Redis, shared by every instance. Opens its own connection. */
export async function createRedisAgentDeskStore(url: string): Promise<AgentDeskStore> {
  const redis = connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: (times) => Math.min(times * 100, 2000) });
  redis.on('error', () => undefined); // reported as StoreUnavailableError by each call
  await redis.connect().catch(() => undefined);

  async function run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new StoreUnavailableError(`redis unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  const ttl = AGENT_DESK_TTL_SECONDS;

  return {
    kind: 'redis',
    once: (mark, ttlSeconds = ttl) => run(async () => (await redis.set(keys.agentDeskMark(mark), '1', 'EX', ttlSeconds, 'NX')) === 'OK'),
    forget: (mark) => run(async () => void (await redis.del(keys.agentDeskMark(mark)))),
    isMarked: (mark) => run(async () => (await redis.exists(keys.agentDeskMark(mark))) === 1),
    numberOf: (conversationId) =>
      run(async () => {
        const known = await redis.get(keys.agentDeskNumber(conversationId));
        if (known) {
          await redis.expire(keys.agentDeskNumber(conversationId), ttl);
          return Number(known);
        }
        const n = await redis.incr(keys.agentDeskCounter());
        // Two instances may ask at once: the first SET NX wins and the other reads its number.
        if ((await redis.set(keys.agentDeskNumber(conversationId), String(n), 'EX', ttl, 'NX')) !== 'OK') {
          return Number(await redis.get(keys.agentDeskNumber(conversationId)));
        }
        await redis.set(keys.agentDeskByNumber(n), conversationId, 'EX', ttl);
        return n;
      }),
    conversationOfNumber: (n) => run(async () => ((await redis.get(keys.agentDeskByNumber(n))) as ConversationId | null) ?? undefined),
    addPost: (conversationId, post) =>
      run(async () => {
        const key = keys.agentDeskPosts(conversationId);
        await redis.multi().rpush(key, JSON.stringify(post)).ltrim(key, -POSTS_MAX, -1).expire(key, ttl).exec();
      }),
    posts: (conversationId) => run(async () => (await redis.lrange(keys.agentDeskPosts(conversationId), 0, -1)).map((raw) => JSON.parse(raw) as AgentPost)),
    link: (chat, messageId, conversationId) => run(async () => void (await redis.set(keys.agentDeskLink(chat, messageId), conversationId, 'EX', ttl))),
    linked: (chat, messageId) => run(async () => ((await redis.get(keys.agentDeskLink(chat, messageId))) as ConversationId | null) ?? undefined),
    topicOf: (chat, conversationId) => run(async () => (await redis.get(keys.agentDeskTopic(chat, conversationId))) ?? undefined),
    saveTopic: (chat, conversationId, topic) => run(async () => void (await redis.set(keys.agentDeskTopic(chat, conversationId), topic, 'EX', ttl))),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
