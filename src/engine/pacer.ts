/** A platform's sending limits, as its adapter declares them. */
export interface RateLimit {
  /** Messages per second for the whole bot/account (per gateway instance); 0 or absent: no limit. */
  perSecond?: number;
  /** Minimum gap between deliveries to one conversation. */
  conversationIntervalMs?: number;
}

/**
 * Spaces deliveries to respect a platform's limits: a per-channel rate (token bucket) and a
 * minimum gap per conversation. Waiting happens in the delivering worker, so per-conversation
 * order is kept and other conversations go on in the other workers.
 */
export class Pacer {
  #nextPerConversation = new Map<string, number>();
  #nextPerChannel = new Map<string, number>();

  /** Milliseconds to wait before this delivery may go; reserves its slot. */
  reserve(channel: string, conversationId: string, limit: RateLimit | undefined, now: number): number {
    if (!limit) return 0;
    let at = now;
    if (limit.conversationIntervalMs) at = Math.max(at, this.#nextPerConversation.get(conversationId) ?? 0);
    if (limit.perSecond) {
      const slot = Math.max(at, this.#nextPerChannel.get(channel) ?? 0);
      this.#nextPerChannel.set(channel, slot + 1000 / limit.perSecond);
      at = slot;
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
