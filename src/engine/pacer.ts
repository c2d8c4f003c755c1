/** A platform's sending limits, as its adapter declares them. */
export interface RateLimit {
  /** Messages per second for the whole bot/account (per gateway instance); absent: no limit. */
  perSecond?: number;
  /** Minimum gap between deliveries to one conversation. */
  conversationIntervalMs?: number;
}

/**
 * Spaces deliveries to respect a platform's limits: a minimum gap per conversation (the caller
 * puts the delivery back in the queue until then, freeing its worker) and a per-channel rate
 * (short waits, taken in the worker). Per instance: N instances may together send N times the rate.
 */
export class Pacer {
  #nextPerConversation = new Map<string, number>();
  #nextPerChannel = new Map<string, number>();

  /** Milliseconds until this conversation may get its next delivery (0: now). Reserves nothing. */
  conversationWait(conversationId: string, limit: RateLimit | undefined, now: number): number {
    if (!limit?.conversationIntervalMs) return 0;
    return Math.max(0, (this.#nextPerConversation.get(conversationId) ?? 0) - now);
  }

  /** Take the slot for a delivery going now; returns how long to wait for the channel's rate. */
  take(channel: string, conversationId: string, limit: RateLimit | undefined, now: number): number {
    if (!limit) return 0;
    let at = now;
    if (limit.perSecond) {
      at = Math.max(now, this.#nextPerChannel.get(channel) ?? 0);
      this.#nextPerChannel.set(channel, at + 1000 / limit.perSecond);
    }
    if (limit.conversationIntervalMs) {
      this.#nextPerConversation.set(conversationId, at + limit.conversationIntervalMs);
      if (this.#nextPerConversation.size > 50_000) this.#forgetPast(now);
    }
    return at - now;
  }

  #forgetPast(now: number): void {
    for (const [key, next] of this.#nextPerConversation) if (next <= now) this.#nextPerConversation.delete(key);
  }
}
