import type { Logger } from 'winston';
import type { AdapterError } from '../errors.js';
import { createMemoryRateLimits, type RateLimit, type RateLimitStore } from '../store/rate-limit.js';
import type { ConversationId } from './types.js';

export type { RateLimit, RateLimitStore } from '../store/rate-limit.js';

/**
 * Longest a delivery waits in its worker for the slot it booked. The worker holds the lease (kept
 * by the heartbeat) and nothing else, so a long wait costs nothing; a delivery that would wait
 * longer goes back to the queue instead. It is long enough for all of an instance's delivery
 * workers (4 x WORKER_CONCURRENCY = 256 by default, about 8.5 s at 30/s) to book in turn: under a
 * burst the rest wait in the queue, first come first served, instead of asking again and again.
 */
const HORIZON_MS = 20_000;

/**
 * How far ahead a buyer who got an answer recently (see ANSWERED_WINDOW_MS) books the bot's rate:
 * when it is booked further (the budget is short: a burst), their next answer goes back to the
 * queue, behind the buyers still waiting for a first answer, instead of taking a slot before them.
 */
export const YIELD_HORIZON_MS = 1_500;

/** Busy replies take at most one in this many of the bot's slots, booked at most this far ahead (more waiting buyers: not told). */
const FIRST_SPACING = 3;
const FIRST_HORIZON_MS = 3_000;

/** How long after the budget was last short a burst counts as still on. */
const BURST_LINGER_MS = 10_000;

/** What to do with a delivery before sending: wait `waitMs` in hand, or put it back for `laterMs` (0 and 0: go). */
export interface Pace {
  waitMs: number;
  laterMs: number;
  /** The bot's shift (see RateLimitStore.takeFirst) when the slot was booked; absent while 0. */
  shift?: number;
}

const GO: Pace = { waitMs: 0, laterMs: 0 };

/**
 * Spaces deliveries to keep within a platform's limits: the bot's rate (Telegram: about 30
 * messages a second in all) and a gap per chat (about one a second). A channel with a rate for the
 * whole bot is counted in `shared` (Redis: every instance books from one budget); a channel with
 * only a per-chat gap is spaced in this process, without a round trip (one conversation's
 * deliveries are sent by one instance at a time).
 */
export class Pacer {
  readonly #local = createMemoryRateLimits();

  readonly shared: RateLimitStore;

  /** Channel -> until when (performance.now) its rate is booked past YIELD_HORIZON_MS, as this instance last saw it. */
  readonly #shortUntil = new Map<string, number>();

  /** `shared`: budgets every instance books from (Redis); default: this process's own. */
  constructor(
    shared: RateLimitStore | undefined,
    readonly log: Logger,
  ) {
    this.shared = shared ?? createMemoryRateLimits();
  }

  #storeFor(limit: RateLimit): RateLimitStore {
    return limit.perSecond ? this.shared : this.#local;
  }

  /** Book the slot of one delivery to `conversationId`; channels without limits go at once. `answered`: the buyer got an answer recently (yields when the budget is short). */
  async take(channel: string, conversationId: ConversationId, limit: RateLimit | undefined, opts: { answered?: boolean } = {}): Promise<Pace> {
    if (!limit?.perSecond && !limit?.conversationIntervalMs) return GO;
    const horizon = opts.answered && limit.perSecond ? YIELD_HORIZON_MS : HORIZON_MS;
    const slot = await this.#storeFor(limit).take(channel, conversationId, limit, horizon);
    const ahead = slot.ok ? slot.waitMs : slot.why === 'booked' ? slot.laterMs + horizon : 0;
    if (ahead > YIELD_HORIZON_MS) this.#shortUntil.set(channel, Math.max(this.#shortUntil.get(channel) ?? 0, performance.now() + ahead - YIELD_HORIZON_MS));
    return slot.ok ? { waitMs: slot.waitMs, laterMs: 0, ...(slot.shift && limit.perSecond ? { shift: slot.shift } : {}) } : { waitMs: 0, laterMs: slot.laterMs };
  }

  /**
   * Wait for a booked slot: its time, then one interval more for each slot booked before the
   * booked ones meanwhile (busy replies), so the bot stays within its rate.
   */
  async wait(channel: string, limit: RateLimit | undefined, pace: Pace, pause: (ms: number) => Promise<void>, stopping: () => boolean): Promise<void> {
    if (pace.waitMs <= 0) return;
    await pause(pace.waitMs);
    if (!limit?.perSecond) return;
    let shift = pace.shift ?? 0;
    for (let i = 0; i < 100 && !stopping(); i++) {
      const now = await this.shared.shift(channel);
      if (now <= shift) return;
      await pause(((now - shift) * 1000) / limit.perSecond);
      shift = now;
    }
  }

  /** Book a slot before the booked ones (a busy reply), at most one in FIRST_SPACING of the bot's slots, within a few seconds. */
  async takeFirst(channel: string, conversationId: ConversationId, limit: RateLimit): Promise<Pace> {
    if (!limit.perSecond) return this.take(channel, conversationId, limit);
    const slot = await this.shared.takeFirst(channel, conversationId, limit, FIRST_HORIZON_MS, FIRST_SPACING);
    return slot.ok ? { waitMs: slot.waitMs, laterMs: 0 } : { waitMs: 0, laterMs: slot.laterMs };
  }

  /** Whether the channel's rate is booked past YIELD_HORIZON_MS now (the budget is short), as far as this instance knows. */
  short(channel: string): boolean {
    return performance.now() < (this.#shortUntil.get(channel) ?? 0);
  }

  /** Whether the budget was short within the last BURST_LINGER_MS: a burst is on (queued answers are merged). */
  burst(channel: string): boolean {
    return performance.now() < (this.#shortUntil.get(channel) ?? -Infinity) + BURST_LINGER_MS;
  }

  /**
   * A send failed. When the platform said 429 on a paced channel, note it where every instance
   * sees it (one chat, or the whole bot: see RateLimitStore.refused) and return how long the
   * delivery waits: a wait, not a failed try. Undefined: not a rate limit.
   */
  async refused(channel: string, conversationId: ConversationId, limit: RateLimit | undefined, err: AdapterError | undefined): Promise<number | undefined> {
    if (err?.opts.status !== 429 || (!limit?.perSecond && !limit?.conversationIntervalMs)) return undefined;
    const waitMs = err.opts.retryAfterMs ?? 1000;
    const scope = await this.#storeFor(limit).refused(channel, conversationId, waitMs);
    if (scope === 'bot') this.log.warn('the platform refuses the bot (flood control): every instance pauses this channel', { channel, waitMs });
    return waitMs;
  }
}
