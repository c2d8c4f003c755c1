import { randomUUID } from 'node:crypto';
import type { ConversationId } from '../engine/types.js';
import type { QueueName } from './keys.js';
import type { Lease } from './types.js';

/** One keyed queue in memory, with the same rules as the Redis one (see redis-inbox.ts and src/store/lua). */
export class MemoryQueue {
  constructor(readonly name: QueueName) {}

  readonly items = new Map<string, string[]>();
  readonly ready: string[] = [];
  readonly leases = new Map<string, { token: string; expiresAt: number }>();
  readonly delayed = new Map<string, number>();
  readonly attempts = new Map<string, number>();
  #waiters: (() => void)[] = [];

  push(conv: string, item: string): void {
    const list = this.items.get(conv);
    if (list) {
      list.push(item);
      return; // already scheduled: ready, leased or delayed
    }
    this.items.set(conv, [item]);
    this.#makeReady(conv);
  }

  /** Push; when the conversation had nothing pending, lease it at once instead of making it ready. */
  pushAndHold(conv: string, item: string, now: number, leaseMs: number): Lease | undefined {
    if (this.items.has(conv)) {
      this.push(conv, item);
      return undefined;
    }
    this.items.set(conv, [item]);
    return this.#lease(conv, now, leaseMs);
  }

  claim(now: number, leaseMs: number): Lease | undefined {
    for (const [conv, due] of this.delayed) {
      if (due > now) continue;
      this.delayed.delete(conv);
      this.#makeReady(conv);
    }
    for (const [conv, lease] of this.leases) {
      if (lease.expiresAt > now) continue;
      this.leases.delete(conv); // the worker holding it died or stalled: give it to another
      this.#makeReady(conv);
    }
    const conv = this.ready.shift();
    if (conv === undefined) return undefined;
    return this.#lease(conv, now, leaseMs);
  }

  #lease(conv: string, now: number, leaseMs: number): Lease {
    const token = randomUUID();
    this.leases.set(conv, { token, expiresAt: now + leaseMs });
    const attempts = (this.attempts.get(conv) ?? 0) + 1;
    this.attempts.set(conv, attempts);
    return { queue: this.name, conversationId: conv as ConversationId, item: this.items.get(conv)![0]!, attempts, token };
  }

  owns(conv: string, token: string): boolean {
    return this.leases.get(conv)?.token === token;
  }

  extend(conv: string, token: string, until: number): boolean {
    const lease = this.leases.get(conv);
    if (lease?.token !== token) return false;
    lease.expiresAt = until;
    return true;
  }

  ack(conv: string, token: string): boolean {
    if (!this.owns(conv, token)) return false;
    this.leases.delete(conv);
    this.attempts.delete(conv);
    const list = this.items.get(conv)!;
    list.shift();
    if (list.length > 0) this.#makeReady(conv);
    else this.items.delete(conv);
    return true;
  }

  retryLater(conv: string, token: string, dueAt: number, countAttempt: boolean): boolean {
    if (!this.owns(conv, token)) return false;
    this.leases.delete(conv);
    this.delayed.set(conv, dueAt);
    if (!countAttempt) this.attempts.set(conv, (this.attempts.get(conv) ?? 1) - 1);
    return true;
  }

  /** Resolves on the next enqueue or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  #makeReady(conv: string): void {
    this.ready.push(conv);
    const waiter = this.#waiters.shift();
    waiter?.();
  }
}
