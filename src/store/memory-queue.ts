import { randomUUID } from 'node:crypto';
import type { ConversationId } from '../engine/types.js';
import type { QueueName } from './keys.js';
import { ANSWERED_WINDOW_MS, type Lease } from './types.js';

/** One keyed queue in memory, with the same rules as the Redis one (see redis-inbox.ts and src/store/lua). */
export class MemoryQueue {
  constructor(readonly name: QueueName) {}

  readonly items = new Map<string, string[]>();
  readonly ready: string[] = [];
  /** Deliveries: conversations answered recently, claimed once `ready` is empty (see claim.lua). */
  readonly later: string[] = [];
  /** Deliveries: conversation -> until when (ms) its buyer counts as answered. */
  readonly answered = new Map<string, number>();
  /** Deliveries: conversation -> until when (ms) its buyer counts as told they wait (takeLongWaiters). */
  readonly told = new Map<string, number>();
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
    const out = this.name === 'out';
    for (let conv = this.ready.shift(); conv !== undefined; conv = this.ready.shift()) {
      if (!out) return this.#lease(conv, now, leaseMs);
      if ((this.answered.get(conv) ?? 0) > now) this.later.push(conv); // yields to others' first answers
      else return { ...this.#lease(conv, now, leaseMs), answered: false, pending: this.items.get(conv)!.length };
    }
    const conv = out ? this.later.shift() : undefined;
    if (conv === undefined) return undefined;
    return { ...this.#lease(conv, now, leaseMs), answered: (this.answered.get(conv) ?? 0) > now, pending: this.items.get(conv)!.length };
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

  ack(conv: string, token: string, now: number): boolean {
    if (!this.owns(conv, token)) return false;
    if (this.name === 'out') {
      this.answered.set(conv, now + ANSWERED_WINDOW_MS);
      if (this.answered.size > 50_000) for (const [c, until] of this.answered) if (until <= now) this.answered.delete(c);
    }
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
