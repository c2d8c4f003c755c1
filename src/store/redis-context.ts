import type { RedisConnection } from './connection.js';
import type { Handoff } from './handoff.js';
import type { QueueName } from './keys.js';
import type { ScriptClient } from './scripts.js';
import type { StoreOptions } from './types.js';

/** What each of the Redis store's key-family modules works with: the connections, the options, and `run`. */
export interface RedisContext {
  readonly redis: ScriptClient;
  /** Blocking waits (BLPOP) get their own connections so they never delay other commands. */
  readonly blocking: Record<QueueName, RedisConnection>;
  readonly options: StoreOptions;
  /** One request to Redis (a command, a script or a pipeline); failures become StoreUnavailableError. Batched scripts count themselves. */
  run<T>(op: () => Promise<T>, counted?: boolean): Promise<T>;
  /** The queue's key prefix, as the Lua scripts take it. */
  prefix(queue: QueueName): string;
}

/** A flat HGETALL reply from Lua ([field, value, …]) as a record. */
export function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

export const withPosition = (handoff: Handoff, rank: number | null): Handoff => (rank === null ? handoff : { ...handoff, position: rank + 1 });
