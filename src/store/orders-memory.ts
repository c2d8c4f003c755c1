import type { ConversationId } from '../engine/types.js';
import type { OrderEvent } from '../orders/events.js';
import { NOTICES_MAX, type OrderJob, type OrderNotice, type OrderPromise, type OrdersStore } from './orders-types.js';

/** The orders store in process memory: one instance, lost on restart (like the memory store). */
export function createMemoryOrdersStore(): OrdersStore {
  const events = new Map<string, Map<string, OrderEvent>>();
  const refs = new Map<string, Set<string>>();
  const byRef = new Map<string, Set<string>>();
  const marks = new Set<string>();
  const notices = new Map<string, OrderNotice[]>();
  const jobs = new Map<string, OrderJob>();
  const due = new Map<string, number>();
  const leased = new Map<string, number>();
  const promises = new Map<ConversationId, Map<string, OrderPromise>>();
  const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => void (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
  const clone = <T>(v: T): T => structuredClone(v);

  return {
    kind: 'memory',
    async recordEvent(event, refKeys) {
      const list = events.get(event.orderId) ?? events.set(event.orderId, new Map()).get(event.orderId)!;
      const recorded = !list.has(event.id);
      if (recorded) list.set(event.id, clone(event));
      for (const ref of refKeys) {
        add(refs, event.orderId, ref);
        add(byRef, ref, event.orderId);
      }
      return { recorded, events: [...list.values()].map(clone) };
    },
    async events(orderId) {
      return [...(events.get(orderId)?.values() ?? [])].map(clone);
    },
    async orderIdsFor(refKeys) {
      return [...new Set(refKeys.flatMap((r) => [...(byRef.get(r) ?? [])]))];
    },
    async link(orderId, refKey) {
      add(refs, orderId, refKey);
      add(byRef, refKey, orderId);
    },
    async refsOf(orderId) {
      return [...(refs.get(orderId) ?? [])];
    },
    async once(mark) {
      if (marks.has(mark)) return false;
      marks.add(mark);
      return true;
    },
    async note(notice) {
      const list = notices.get(notice.orderId) ?? notices.set(notice.orderId, []).get(notice.orderId)!;
      list.unshift(clone(notice));
      list.splice(NOTICES_MAX);
    },
    async notices(orderId) {
      return clone(notices.get(orderId) ?? []);
    },
    async schedule(job) {
      jobs.set(job.id, clone(job));
      due.set(job.id, Date.parse(job.dueAt));
      leased.delete(job.id);
    },
    async cancelJobs(orderId) {
      const cancelled = [...jobs.values()].filter((j) => j.orderId === orderId);
      for (const j of cancelled) {
        jobs.delete(j.id);
        due.delete(j.id);
        leased.delete(j.id);
      }
      return clone(cancelled);
    },
    async jobsOf(orderId) {
      return clone([...jobs.values()].filter((j) => j.orderId === orderId && (due.has(j.id) || leased.has(j.id))));
    },
    async claimDue(now, leaseMs, max) {
      const t = now.getTime();
      for (const [id, until] of leased) if (until <= t) (leased.delete(id), due.set(id, t));
      const ready = [...due].filter(([, at]) => at <= t).sort((a, b) => a[1] - b[1]).slice(0, max);
      return ready.flatMap(([id]) => {
        due.delete(id);
        leased.set(id, t + leaseMs);
        const job = jobs.get(id);
        return job ? [clone(job)] : [];
      });
    },
    async completeJob(job) {
      leased.delete(job.id);
      due.delete(job.id);
      jobs.delete(job.id);
    },
    async addPromise(promise) {
      (promises.get(promise.conversationId) ?? promises.set(promise.conversationId, new Map()).get(promise.conversationId)!).set(promise.id, clone(promise));
    },
    async promises(conversationId) {
      return clone([...(promises.get(conversationId)?.values() ?? [])]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async updatePromise(conversationId, id, change) {
      const found = promises.get(conversationId)?.get(id);
      if (!found) return undefined;
      const updated = { ...found, ...change };
      promises.get(conversationId)!.set(id, updated);
      return clone(updated);
    },
    async erase(orderIds, conversationId) {
      for (const orderId of orderIds) {
        for (const ref of refs.get(orderId) ?? []) byRef.get(ref)?.delete(orderId);
        refs.delete(orderId);
        events.delete(orderId);
        notices.delete(orderId);
        await this.cancelJobs(orderId);
      }
      promises.delete(conversationId);
    },
    async close() {},
  };
}
