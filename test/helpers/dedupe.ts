import type { Redis } from 'ioredis';
import type { ConversationId } from '../../src/engine/types.js';
import { keys } from '../../src/store/keys.js';

/** Whether the store recorded a platform message id (its dedupe mark), in whichever conversation. */
export async function recorded(client: Redis, messageId: string): Promise<boolean> {
  for (const key of await client.keys(keys.seen('*' as ConversationId))) {
    if ((await client.zscore(key, messageId)) !== null) return true;
  }
  return false;
}
