import { AdapterError } from '../errors.js';
import type { Lease } from '../store/types.js';
import { createBusyLine, type BusyLineOptions } from './busy-line.js';
import { mergeQueued } from './merge.js';
import { Pacer, type RateLimitStore } from './pacer.js';
import { backoffMs, madeOnFirstUse, type Runtime } from './runtime.js';
import type { ChannelAdapter, ChannelId, Delivery } from './types.js';

export interface DeliveryCounters {
  deliveriesSent: number;
  deliveriesFailed: number;
}

/**
 * Sending one queued delivery through its channel: paced to the platform's limits, retried with
 * backoff (or the platform's `retry_after`) when the failure is temporary, given up when it is
 * not, the buyer marked unreachable when the platform says they blocked the bot, and held in the
 * queue when the channel itself is down.
 */
export function createDeliverer(rt: Runtime, deps: { adapters: ReadonlyMap<ChannelId, ChannelAdapter>; maxDeliveryAttempts: number; stats: DeliveryCounters; rateLimits?: RateLimitStore; busy?: BusyLineOptions }) {
  const { store } = rt;
  const { adapters, maxDeliveryAttempts, stats } = deps;
  const log = rt.log;
  const pacer = new Pacer(deps.rateLimits, log);
  const busyLine = deps.busy ? createBusyLine(rt, { adapters, pacer, busy: deps.busy }) : undefined;

  /** An agent's message that will not arrive: every live view (console, the agent's chat) is told why. */
  async function reportUndelivered(delivery: Delivery, err: unknown, why: string): Promise<void> {
    if (delivery.from !== 'agent') return;
    const cause = err instanceof AdapterError && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const reason = `${err instanceof Error ? err.message : String(err)}${cause} (${why})`;
    const text = delivery.replies.map((r) => r.text).join('\n');
    await store.publish({ type: 'undelivered', conversationId: delivery.address.conversationId, deliveryId: delivery.id, text, reason, at: rt.clock().toISOString() }).catch((e: unknown) => log.warn('undelivered notice not published', { err: e }));
  }

  return async function deliver(claimed: Lease): Promise<void> {
    let lease = claimed;
    let delivery = JSON.parse(lease.item) as Delivery;
    const { conversationId, channel } = delivery.address;
    const dlog = madeOnFirstUse(() => log.child({ conversationId, deliveryId: delivery.id, module: 'delivery' }));
    const adapter = adapters.get(channel);
    if (!adapter) {
      dlog().error('no adapter for this channel is running; delivery dropped', { channel });
      await store.ack(lease);
      return;
    }
    if (lease.unreachable) {
      dlog().info('buyer is unreachable (blocked the bot); delivery skipped');
      await reportUndelivered(delivery, new Error('not sent'), 'the platform said earlier that this buyer cannot be reached');
      await store.ack(lease);
      return;
    }
    const limit = adapter.capabilities.rateLimit;
    // Leased straight from its turn's commit, so not sorted by the claim: while the budget is short, it goes through the queue's lanes.
    if (lease.answered === undefined && pacer.short(channel)) return void (await store.retryLater(lease, 0, { countAttempt: false }));
    // Under a burst (the bot's budget is short), a buyer's queued answers go as one message: one slot, not several.
    if (adapter.capabilities.mergeTexts && lease.attempts === 1 && (lease.pending ?? 1) > 1 && pacer.burst(channel)) {
      const merged = await store.mergeQueued(lease, (items) => mergeQueued(items, adapter.capabilities.maxTextLength));
      if (merged) {
        lease = merged;
        delivery = JSON.parse(lease.item) as Delivery;
        if (log.isDebugEnabled()) dlog().debug('queued answers merged into one message', { deliveryId: delivery.id });
      }
    }
    const pace = await pacer.take(channel, conversationId, limit, { answered: lease.answered === true }); // later: this chat's gap, the bot paused, or its rate booked far ahead
    if (pace.laterMs > 0) return void (await store.retryLater(lease, pace.laterMs, { countAttempt: false })); // the worker goes on with others
    if (busyLine && lease.answered === false && pacer.short(channel)) busyLine(channel, limit, pace.waitMs); // the buyers behind: told their place when it is long
    await pacer.wait(channel, limit, pace, rt.pause, rt.stopping);
    if (rt.stopping() && pace.waitMs > 0) return void (await store.retryLater(lease, 0, { countAttempt: false })); // woken by the stop: not sent in a rush
    try {
      await adapter.send(delivery);
    } catch (err) {
      stats.deliveriesFailed++;
      const adapterError = err instanceof AdapterError ? err : undefined;
      if (adapterError?.opts.permanent) {
        dlog().warn('platform refused the buyer permanently; marking unreachable', { op: adapterError.op, status: adapterError.opts.status });
        await store.markUnreachable(conversationId);
        await reportUndelivered(delivery, adapterError, 'the platform says this buyer cannot be reached');
        await store.ack(lease);
        return;
      }
      if (adapterError?.opts.hold) {
        // The channel is down (the shop's token is dead), not the buyer: the reply waits for an operator's fix.
        dlog().warn('channel is down; delivery held in the queue', { op: adapterError.op, delayMs: adapterError.opts.retryAfterMs });
        await store.retryLater(lease, adapterError.opts.retryAfterMs ?? backoffMs(lease.attempts), { countAttempt: false });
        return;
      }
      const limited = await pacer.refused(channel, conversationId, limit, adapterError); // a 429: a wait, not a failed try
      if (limited !== undefined) return void (await store.retryLater(lease, limited, { countAttempt: false }));
      const retryable = adapterError ? adapterError.opts.retryable : true;
      if (!retryable || lease.attempts >= maxDeliveryAttempts) {
        dlog().error('delivery given up', { err, attempts: lease.attempts });
        await reportUndelivered(delivery, err, retryable ? `given up after ${lease.attempts} tries` : 'the platform refused it');
        await store.ack(lease);
        return;
      }
      const delay = adapterError?.opts.retryAfterMs ?? backoffMs(lease.attempts);
      dlog().warn('delivery failed; will retry', { err, attempt: lease.attempts, delayMs: delay });
      await store.retryLater(lease, delay);
      return;
    }
    stats.deliveriesSent++;
    await rt.settle('ack', () => store.ack(lease)); // sent: don't let an outage make it sent twice
    if (log.isDebugEnabled()) dlog().debug('delivered', { replies: delivery.replies.length });
  };
}
