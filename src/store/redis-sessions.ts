import type { ConversationId, InboundMessage, TranscriptEntry } from '../engine/types.js';
import { toHandoff } from './handoff.js';
import { keys } from './keys.js';
import { redisUnavailable } from './connection.js';
import { withPosition, type RedisContext } from './redis-context.js';
import { parseSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import type { EditResult, SessionsPort } from './types.js';

/** Sessions, transcripts, contact details and reachability over Redis. */
export function createRedisSessions(ctx: RedisContext): SessionsPort {
  const { redis, options, run, prefix } = ctx;
  return {
    async loadSession(conversationId) {
      const { session } = parseSession(await run(() => redis.get(keys.session(conversationId))));
      return session;
    },
    async loadTurnState(conversationId) {
      const replies = await run(() =>
        redis.pipeline().get(keys.session(conversationId)).get(keys.shopStatus()).hgetall(keys.handoff(conversationId)).zcard(keys.handoffQueue()).zrank(keys.handoffQueue(), conversationId).exec(),
      );
      const value = (i: number) => {
        const [err, result] = replies?.[i] ?? [new Error('no reply')];
        if (err) throw redisUnavailable(err);
        return result;
      };
      return {
        session: parseSession(value(0) as string | null).session,
        status: parseShopStatus(value(1) as string | null),
        handoff: withPosition(toHandoff(value(2) as Record<string, string>), value(4) as number | null),
        queueLength: Number(value(3)),
      };
    },
    async contacts() {
      const all = await run(() => redis.hgetall(keys.contacts()));
      return Object.entries(all).map(([conversationId, json]) => ({ conversationId: conversationId as ConversationId, contact: JSON.parse(json) as Record<string, string> }));
    },
    async eraseContact(conversationId) {
      await run(() => redis.eraseContact(keys.session(conversationId), keys.contacts(), conversationId));
    },
    async transcript(conversationId, limit = options.transcriptMax) {
      const rows = await run(() => redis.lrange(keys.transcript(conversationId), -limit, -1));
      return rows.map((row) => JSON.parse(row) as TranscriptEntry);
    },
    async markUnreachable(conversationId) {
      await run(() => redis.set(keys.unreachable(conversationId), '1', 'EX', options.sessionTtlSeconds));
    },
    async isUnreachable(conversationId) {
      return (await run(() => redis.exists(keys.unreachable(conversationId)))) === 1;
    },
    async editMessage(conversationId, messageId, text) {
      // Find the waiting item in JS (it is JSON of the whole message), then swap it in Lua only if unchanged.
      const waiting = await run(() => redis.lrange(keys.queueItems('in', conversationId), 0, -1));
      const oldItem = waiting.find((item) => (JSON.parse(item) as { id?: unknown }).id === messageId);
      const newItem = oldItem ? JSON.stringify({ ...(JSON.parse(oldItem) as InboundMessage), text }) : '';
      return (await run(() => redis.editMessage(prefix('in'), conversationId, oldItem ?? '', newItem, keys.transcript(conversationId), messageId, text, keys.events()))) as EditResult;
    },
  };
}
