import type { ConversationId } from '../engine/types.js';
import { summarize, toHandoff, type ClaimResult, type ConversationSummary, type Handoff, type ReleaseResult } from './handoff.js';
import { keys } from './keys.js';
import type { RedisContext } from './redis-context.js';
import { parseSession } from './session.js';
import type { HandoffPort } from './types.js';

/** Handoff over Redis: the waiting line, one agent per conversation (claim-conversation.lua), agents' replies. */
export function createRedisHandoff(ctx: RedisContext): HandoffPort {
  const { redis, options, run, prefix } = ctx;
  return {
    async requestHuman(conversationId, reason) {
      const [state, position] = (await run(() =>
        redis.requestHuman(keys.handoff(conversationId), keys.handoffQueue(), conversationId, Date.now(), reason, options.sessionTtlSeconds),
      )) as [string, number];
      const handoff = toHandoff(await run(() => redis.hgetall(keys.handoff(conversationId))));
      return { handoff: { ...handoff, state: state as Handoff['state'] }, position: Number(position) };
    },
    async claimConversation(conversationId, agent, maxConversations) {
      return (await run(() =>
        redis.claimConversation(
          keys.handoff(conversationId),
          keys.handoffQueue(),
          keys.handoffAssigned(),
          keys.agentConversationsPrefix() + agent,
          conversationId,
          agent,
          maxConversations,
          Date.now(),
          options.sessionTtlSeconds,
        ),
      )) as ClaimResult;
    },
    async releaseConversation(conversationId, agent, to) {
      return (await run(() =>
        redis.releaseConversation(
          keys.handoff(conversationId),
          keys.handoffQueue(),
          keys.handoffAssigned(),
          keys.agentConversationsPrefix(),
          conversationId,
          agent ?? '',
          to,
          options.sessionTtlSeconds,
        ),
      )) as ReleaseResult;
    },
    async handoffOf(conversationId) {
      return toHandoff(await run(() => redis.hgetall(keys.handoff(conversationId))));
    },
    async queuePosition(conversationId) {
      const rank = await run(() => redis.zrank(keys.handoffQueue(), conversationId));
      return rank === null ? undefined : rank + 1;
    },
    async takeQueueTimeouts(cutoff) {
      const due = (await run(() => redis.takeQueueTimeouts(keys.handoffQueue(), keys.handoff('' as ConversationId), cutoff.getTime(), 100))) as string[];
      return due as ConversationId[];
    },
    async listConversations(state, limit) {
      let ids: string[];
      if (state === 'queued') ids = await run(() => redis.zrange(keys.handoffQueue(), "0", String(limit - 1)));
      else if (state === 'agent') ids = await run(() => redis.zrange(keys.handoffAssigned(), "0", String(limit - 1)));
      else ids = await run(() => redis.zrevrange(keys.conversations(), 0, limit * 4 - 1));
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) {
        const c = id as ConversationId;
        pipeline.hgetall(keys.handoff(c)).lindex(keys.transcript(c), -1).get(keys.session(c)).zscore(keys.conversations(), c);
      }
      const rows = (await run(() => pipeline.exec())) ?? [];
      const summaries: ConversationSummary[] = [];
      ids.forEach((id, i) => {
        const at = (k: number) => rows[i * 4 + k]?.[1];
        summaries.push(summarize(id as ConversationId, toHandoff(at(0) as Record<string, string>), at(1) as string | null, parseSession(at(2) as string | null).session, at(3) as string | null));
      });
      return summaries.filter((row) => row.state === state).slice(0, limit);
    },
    async sendAsAgent(conversationId, line, delivery) {
      await run(() =>
        redis.sendAsAgent(prefix('out'), conversationId, keys.transcript(conversationId), options.transcriptMax, options.sessionTtlSeconds, JSON.stringify(line), JSON.stringify(delivery)),
      );
    },
  };
}
