import type { Server } from 'node:http';
import type { TurnReport } from '../engine/engine.js';
import type { ChannelAdapter, ChannelId, GatewayPort } from '../engine/types.js';
import { AdapterError, ConversationBusyError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { FailureReason, Metrics } from './registry.js';

const CHANNELS = new Set<string>(['telegram', 'slack', 'facebook', 'twilio', 'web', 'line', 'whatsapp', 'messenger']);
/** A webhook answer's status class, by its first digit. */
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];
/** Deliveries whose receipt time is remembered for the reply-time histogram; past this the oldest are forgotten. */
const REMEMBERED = 10_000;

/** A failed send's reason, from what the adapter said (see AdapterError). */
export function failureReason(err: unknown): FailureReason {
  if (!(err instanceof AdapterError)) return 'other';
  if (err.opts.permanent) return 'permanent';
  if (err.opts.hold) return 'channel_down';
  if (err.opts.status === 429 || err.opts.retryAfterMs !== undefined) return '429';
  if ((err.opts.status ?? 0) >= 500) return '5xx';
  return 'other';
}

/**
 * Hooks the metrics around the engine without touching it: the port adapters call, the adapters'
 * `send`, and the store the engine uses are wrapped (main.ts passes the wrapped ones in). What the
 * engine then does with a failed send (retry or give up) is seen in the store call that follows it.
 */
export function createMeter(metrics: Metrics) {
  /** Per conversation (one delivery in hand at a time per conversation): the last send's failure. */
  const failing = new Map<string, { channel: ChannelId; reason: FailureReason }>();
  /** Delivery id -> when its buyer message was received (ms), set when its turn is committed. */
  const receivedAt = new Map<string, number>();
  const turnSlot = metrics.turnSeconds.slot();

  function port(inner: GatewayPort): GatewayPort {
    return {
      ...inner,
      async receive(msg) {
        const channel = msg.address.channel;
        try {
          const result = await inner.receive(msg);
          metrics.received.slot(channel, result).n++;
          return result;
        } catch (err) {
          metrics.received.slot(channel, err instanceof ConversationBusyError ? 'throttled' : 'refused').n++;
          throw err;
        }
      },
    };
  }

  function adapter(inner: ChannelAdapter): ChannelAdapter {
    const wrapped = Object.create(inner) as ChannelAdapter;
    return Object.assign(wrapped, {
      async send(delivery: Parameters<ChannelAdapter['send']>[0]) {
        const { channel, conversationId } = delivery.address;
        try {
          await inner.send(delivery);
        } catch (err) {
          failing.set(conversationId, { channel, reason: failureReason(err) });
          throw err;
        }
        if (failing.size) failing.delete(conversationId);
        metrics.sent.slot(channel).n++;
        const at = receivedAt.get(delivery.id);
        if (at !== undefined) {
          receivedAt.delete(delivery.id);
          metrics.replySeconds.observeIn(metrics.replySeconds.slot(channel), Math.max(0, Date.now() - at) / 1000);
        }
      },
    });
  }

  function adapters<K>(inner: ReadonlyMap<K, ChannelAdapter>): Map<K, ChannelAdapter> {
    return new Map([...inner].map(([k, a]) => [k, adapter(a)]));
  }

  /** The engine's store: failed turns, the fate of failed deliveries, and Redis errors. */
  function store(inner: Store): Store {
    // Only the two calls that tell a failed delivery's fate are wrapped: every other store call goes
    // straight through (Redis errors are counted by the store itself, read at scrape time).
    const wrapped = Object.create(inner) as Store;
    const ack = inner.ack.bind(inner);
    const retryLater = inner.retryLater.bind(inner);
    wrapped.ack = (lease) => {
      const failed = lease.queue === 'out' ? failing.get(lease.conversationId) : undefined;
      if (failed) {
        failing.delete(lease.conversationId);
        metrics.failed.inc(failed);
      }
      return ack(lease);
    };
    wrapped.retryLater = (lease, delayMs, opts) => {
      if (lease.queue === 'in' && opts?.countAttempt !== false) metrics.turnsFailed.inc();
      const failed = lease.queue === 'out' ? failing.get(lease.conversationId) : undefined;
      if (failed) {
        failing.delete(lease.conversationId);
        metrics.retried.inc(failed);
      }
      return retryLater(lease, delayMs, opts);
    };
    return wrapped;
  }

  /** A committed turn: its time from receipt, and its delivery remembered for the reply time. */
  function noteTurn(turn: TurnReport): void {
    const at = Date.parse(turn.msg.receivedAt);
    if (!Number.isFinite(at)) return;
    metrics.turnSeconds.observeIn(turnSlot, Math.max(0, Date.now() - at) / 1000);
    if (turn.replies.length === 0) return;
    receivedAt.set(`d:${turn.msg.id}`, at);
    if (receivedAt.size > REMEMBERED) receivedAt.delete(receivedAt.keys().next().value!);
  }

  /** Time every webhook answer (requests under /webhooks/), by channel and status class. */
  function webhooks(server: Server): void {
    server.prependListener('request', (req, res) => {
      const url = req.url ?? '';
      if (!url.startsWith('/webhooks/')) return;
      const started = performance.now();
      const name = url.slice(10).split(/[/?]/, 1)[0]!;
      const channel = CHANNELS.has(name) ? name : 'other';
      res.once('finish', () => {
        const status = STATUS_CLASSES[Math.floor(res.statusCode / 100)] ?? 'other';
        metrics.webhookSeconds.observeIn(metrics.webhookSeconds.slot(channel, status), (performance.now() - started) / 1000);
      });
    });
  }

  return { port, adapters, store, noteTurn, webhooks };
}
