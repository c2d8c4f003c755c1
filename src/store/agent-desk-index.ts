import { createMemoryAgentDeskStore } from './agent-desk-memory.js';
import { createRedisAgentDeskStore } from './agent-desk-redis.js';
import type { AgentDeskStore } from './agent-desk-types.js';

export type { AgentDeskStore, AgentPost } from './agent-desk-types.js';

/** The agents' desk store beside the main one: Redis when REDIS_URL is set, else in memory. */
export async function createAgentDeskStore(redisUrl: string | undefined): Promise<AgentDeskStore> {
  return redisUrl ? createRedisAgentDeskStore(redisUrl) : createMemoryAgentDeskStore();
}
