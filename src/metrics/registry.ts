import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { SharedGauges } from '../store/gauges.js';
import { talliedCounter, TalliedHistogram } from './tally.js';

/** Engine counters read at scrape time (the engine keeps them anyway: nothing extra per message). */
export interface EngineCounters {
  messagesProcessed: number;
  deadLetters: number;
}

/** Why a delivery failed, as a label: a handful of values, never an id. */
export type FailureReason = '429' | '5xx' | 'permanent' | 'channel_down' | 'other';

/** Latency buckets in seconds: webhook answers are milliseconds, replies seconds. */
const FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The gateway's Prometheus metrics, one registry per gateway (tests start several side by side).
 * Labels are only channels, results and reasons: bounded, never a conversation or buyer id.
 */
export function createMetrics(sources: { engine: () => EngineCounters; roundTrips: () => number; storeErrors: () => number; gauges?: SharedGauges }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const reg = { registers: [registry] };
  // Counted on every buyer message: tallied in slots, handed to prom-client at scrape time (tally.ts).
  const received = talliedCounter({ registry, name: 'shopdesk_messages_received_total', help: 'Buyer messages handed to the gateway, by channel and result (accepted, duplicate, throttled, refused).', labelNames: ['channel', 'result'] as const });
  const turnsFailed = new Counter({ ...reg, name: 'shopdesk_turns_failed_total', help: 'Turns whose flows threw (retried later).' });
  const sent = talliedCounter({ registry, name: 'shopdesk_deliveries_sent_total', help: 'Deliveries the platform accepted, by channel.', labelNames: ['channel'] as const });
  const retried = new Counter({ ...reg, name: 'shopdesk_deliveries_retried_total', help: 'Failed deliveries put back to be tried again, by channel and reason.', labelNames: ['channel', 'reason'] as const });
  const failed = new Counter({ ...reg, name: 'shopdesk_deliveries_failed_total', help: 'Deliveries given up (refused for good, or out of tries), by channel and reason.', labelNames: ['channel', 'reason'] as const });
  const redisErrors = new Counter({
    ...reg,
    name: 'shopdesk_redis_errors_total',
    help: 'Requests to Redis that failed (Redis away or refusing).',
    collect() {
      this.reset();
      this.inc(sources.storeErrors());
    },
  });
  const webhookSeconds = new TalliedHistogram({ registry, name: 'shopdesk_webhook_response_seconds', help: 'Time to answer a platform webhook, by channel and status class.', labelNames: ['channel', 'status'] as const, buckets: FAST });
  const turnSeconds = new TalliedHistogram({ registry, name: 'shopdesk_turn_seconds', help: 'From a buyer message received to its turn committed (queue wait included).', labelNames: [] as const, buckets: SLOW });
  const replySeconds = new TalliedHistogram({ registry, name: 'shopdesk_reply_accepted_seconds', help: 'From a buyer message received to the platform accepting the reply, by channel.', labelNames: ['channel'] as const, buckets: SLOW });
  new Counter({
    ...reg,
    name: 'shopdesk_turns_processed_total',
    help: 'Buyer messages processed (turns committed).',
    collect() {
      this.reset();
      this.inc(sources.engine().messagesProcessed);
    },
  });
  new Counter({
    ...reg,
    name: 'shopdesk_dead_letters_total',
    help: 'Buyer messages parked after repeated failures.',
    collect() {
      this.reset();
      this.inc(sources.engine().deadLetters);
    },
  });
  new Counter({
    ...reg,
    name: 'shopdesk_redis_round_trips_total',
    help: 'Requests sent to Redis by this instance (a script or pipeline counts once).',
    collect() {
      this.reset();
      this.inc(sources.roundTrips());
    },
  });
  const up = new Gauge({ ...reg, name: 'shopdesk_redis_up', help: '1 when the shared state could be read at this scrape, else 0.' });
  const shared = {
    waiting: new Gauge({ ...reg, name: 'shopdesk_conversations_waiting', help: 'Conversations waiting for a person (all instances).' }),
    held: new Gauge({ ...reg, name: 'shopdesk_conversations_held', help: 'Conversations an agent holds (all instances).' }),
    inbound: new Gauge({ ...reg, name: 'shopdesk_inbound_backlog', help: 'Conversations with buyer messages not yet processed (all instances).' }),
    outbound: new Gauge({ ...reg, name: 'shopdesk_outbound_backlog', help: 'Conversations with replies not yet delivered (all instances).' }),
    oldest: new Gauge({ ...reg, name: 'shopdesk_oldest_waiting_seconds', help: 'Age of the longest wait for a person, 0 when nobody waits.' }),
  };

  return {
    registry,
    received,
    turnsFailed,
    sent,
    retried,
    failed,
    redisErrors,
    webhookSeconds,
    turnSeconds,
    replySeconds,
    /** The text a scrape gets: the shared gauges are read first, in one cheap request. */
    async scrape(): Promise<string> {
      if (sources.gauges) {
        try {
          const g = await sources.gauges.read(Date.now());
          shared.waiting.set(g.waiting);
          shared.held.set(g.held);
          shared.inbound.set(g.inboundBacklog);
          shared.outbound.set(g.outboundBacklog);
          shared.oldest.set(g.oldestWaitingSeconds);
          up.set(1);
        } catch {
          up.set(0);
        }
      }
      return registry.metrics();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
