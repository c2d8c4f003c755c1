import type { Logger } from 'winston';
import type { Env, ShopConfig } from '../config/schema.js';
import { startLiveKnowledge, type LiveKnowledge, type LiveKnowledgeOptions } from './knowledge-live.js';
import { createMemoryKnowledgeStore } from './knowledge-memory.js';
import { createRedisKnowledgeStore } from './knowledge-redis.js';
import type { ConversationId } from '../engine/types.js';
import type { SessionsPort } from './types.js';

/**
 * The shop's knowledge base for this instance: in Redis when REDIS_URL is set (every instance and
 * `shopdesk classify` see the same), else in memory. `store` gives the transcript, to find the
 * question answered just before a buyer asked for a person. `prepare` readies a changed config before
 * it is in force (main.ts: the FAQ's model, trained off the event loop).
 */
export async function openKnowledge(env: Pick<Env, 'REDIS_URL'>, shop: ShopConfig, store: Pick<SessionsPort, 'transcript'> | undefined, log?: Logger, prepare?: LiveKnowledgeOptions['prepare']): Promise<LiveKnowledge> {
  const kb = env.REDIS_URL ? await createRedisKnowledgeStore(env.REDIS_URL) : createMemoryKnowledgeStore();
  const answers = (s: ShopConfig) => new Set(s.faq.flatMap((t) => [...Object.values(t.answer), ...t.followUps.flatMap((f) => Object.values(f))]));
  return startLiveKnowledge(shop, kb, {
    ...(log ? { log } : {}),
    ...(prepare ? { prepare } : {}),
    ...(store
      ? {
          async previousAnswered(conversationId, current) {
            // The lines end with: buyer question, bot answer, buyer asks for a person, bot queues.
            const lines = await store.transcript(conversationId as ConversationId, 8);
            const buyer = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.from === 'buyer');
            const before = buyer.at(-2);
            if (!before) return undefined;
            const known = answers(current);
            return lines.slice(before.i + 1, buyer.at(-1)!.i).some((l) => l.from === 'bot' && known.has(l.text)) ? before.l.text : undefined;
          },
        }
      : {}),
  });
}
