import type { Ingested, Lease, QueueName } from '../store/types.js';
import type { InboundMessage } from './types.js';
import type { Runtime } from './runtime.js';

/** Longest a webhook waits for room in a saturated instance before its message is recorded anyway. */
const ADMISSION_WAIT_MS = 2_000;

/**
 * Work in hand per queue in this instance: the slots, admission of new buyer messages into them
 * (back-pressure on webhooks), the one heartbeat that keeps every held lease alive, and the
 * claiming loops for work no instance took on the spot.
 */
export function createWorkers(rt: Runtime, concurrency: number) {
  const { store, log } = rt;
  /** Work in hand per queue: claimed by the loops, or leased on the spot. */
  const working: Record<QueueName, Set<Promise<void>>> = { in: new Set(), out: new Set() };
  /** Every lease this instance holds, with when it was last extended (one timer keeps them all). */
  const held = new Map<Lease, number>();
  let heartbeat: NodeJS.Timeout | undefined;
  /** Slots reserved for buyer messages being recorded to be leased here: counted in, so admission cannot overshoot. */
  let admitting = 0;
  /**
   * Work in hand allowed per queue. Deliveries get four times the conversations: each turn hands
   * one on, and a send lasts longer than the turn, so with the same limit deliveries would pile up
   * in the queue while new ones were sent first.
   */
  const limit: Record<QueueName, number> = { in: concurrency, out: concurrency * 4 };
  const freeSlots = (queue: QueueName) => limit[queue] - working[queue].size - (queue === 'in' ? admitting : 0);
  const hasRoom = (queue: QueueName) => freeSlots(queue) > 0;
  /** Webhooks waiting for a slot, first come first served; `grant` reserves one for the first. */
  const roomWaiters: { grant: () => void; cancel: () => void }[] = [];

  /**
   * Reserve a slot for one more conversation, waiting (up to `ms`) while the instance is saturated.
   * Holding the platform's request then is the backpressure that keeps buyers' replies prompt:
   * otherwise webhooks are acknowledged faster than they can be answered, and the backlog, and
   * every buyer's wait, grow for as long as the rush lasts. Waiters are served in order, before
   * newcomers. False: no slot in time (or the engine stops).
   */
  function reserveSlot(ms: number): Promise<boolean> {
    if (roomWaiters.length === 0 && hasRoom('in')) {
      admitting++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          admitting++;
          resolve(true);
        },
        cancel: () => {
          clearTimeout(timer);
          resolve(false);
        },
      };
      const timer = setTimeout(() => {
        roomWaiters.splice(roomWaiters.indexOf(waiter), 1);
        resolve(false);
      }, ms);
      roomWaiters.push(waiter);
    });
  }
  /** A slot came free: give it to the longest waiting webhook. */
  function slotFreed(): void {
    while (roomWaiters.length > 0 && hasRoom('in')) roomWaiters.shift()!.grant();
  }

  /** Run the handler on a lease, counted in its queue's work in hand; a failure lets the lease expire (retried). */
  function work(lease: Lease, handle: (lease: Lease) => Promise<void>): void {
    held.set(lease, Date.now());
    const task = handle(lease)
      .catch((err: unknown) => {
        log.error('work failed; the lease expires and it is retried', { err, queue: lease.queue, conversationId: lease.conversationId });
      })
      .finally(() => {
        held.delete(lease);
        working[lease.queue].delete(task);
        if (lease.queue === 'in') slotFreed();
      });
    working[lease.queue].add(task);
  }

  /** Keep every lease held for a while (a slow send, a slow flow) from expiring and being taken over. */
  function extendLongLeases(): void {
    const due = Date.now() - store.options.leaseMs / 3;
    for (const [lease, extendedAt] of held) {
      if (extendedAt > due) continue;
      held.set(lease, Date.now());
      store.extend(lease).catch(() => undefined);
    }
  }

  return {
    hasRoom,
    work,

    /**
     * Record a buyer message, admitted into a slot when one comes free in time: when its
     * conversation had nothing pending it comes back leased to this instance with its turn state.
     * No slot in time (or stopping): recorded anyway, never lost; a worker claims it in turn.
     */
    async admit(msg: InboundMessage, accepting: boolean): Promise<{ recorded: Ingested; reserved: boolean }> {
      const reserved = accepting && (await reserveSlot(ADMISSION_WAIT_MS));
      if (!reserved) return { recorded: { result: await store.ingest(msg) }, reserved };
      let recorded: Ingested;
      try {
        recorded = await store.ingestAndLease(msg);
      } catch (err) {
        admitting--;
        slotFreed();
        throw err;
      }
      admitting--;
      return { recorded, reserved };
    },
    /** The slot a message reserved is not used (duplicate, throttled, queued behind others, failed). */
    unreserve: slotFreed,

    /** One claiming loop per queue, for work no instance took on the spot (backlog, retries, other instances' leftovers). */
    async runQueue(queue: QueueName, handle: (lease: Lease) => Promise<void>): Promise<void> {
      const qlog = log.child({ queue });
      const active = working[queue];
      while (!rt.stopping()) {
        if (!hasRoom(queue)) {
          // Full: wait for a task to end (or, when the slots are only reserved by webhooks, a moment).
          await (active.size > 0 ? Promise.race(active) : rt.pause(10));
          continue;
        }
        let leases: Lease[];
        try {
          // As many conversations as there are free workers, in one round trip.
          leases = await store.claimBatch(queue, freeSlots(queue), 1000);
        } catch (err) {
          qlog.warn('cannot claim work; retrying', { err });
          await rt.pause(500);
          continue;
        }
        for (const lease of leases) work(lease, handle);
      }
      await Promise.allSettled(active);
    },

    startHeartbeat(): void {
      heartbeat = setInterval(extendLongLeases, store.options.leaseMs / 6);
    },
    /** Stopping: webhooks waiting for a slot are turned away (their messages are recorded without one). */
    turnAwayWaiters(): void {
      for (const waiter of roomWaiters.splice(0)) waiter.cancel();
    },
    /** Wait for the work in hand, then stop the heartbeat. */
    async drain(): Promise<void> {
      await Promise.allSettled([...working.in, ...working.out]);
      clearInterval(heartbeat);
    },
  };
}
export type Workers = ReturnType<typeof createWorkers>;
