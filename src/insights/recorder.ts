import type { ShopConfig } from '../config/schema.js';
import type { TurnReport } from '../engine/engine.js';
import type { ConversationId, Delivery, TranscriptEntry } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { ClaimResult } from '../store/handoff.js';
import type { InsightsStore, InsightsWrite } from '../store/insights-types.js';
import { maskContact } from '../store/knowledge-types.js';
import type { Store, Turn } from '../store/types.js';
import { localBucket, slotOf, WAIT_BOUNDS, type LocalBucket } from './buckets.js';

/** Why a buyer was handed to a person, as owners read it. */
export function handoffReason(reason: string): 'asked' | 'complaint' | 'unhelped' {
  return reason === 'human' ? 'asked' : reason === 'complaint' ? 'complaint' : 'unhelped';
}

/** What the shop's texts tell about a reply: the FAQ topic it answers, or an auto-reply. */
interface ReplyReader {
  topics: Map<string, string>;
  notKnown: Set<string>;
  awayStarts: string[];
  busyStarts: string[];
  /** What each reply text read as, remembered: most replies are the shop's own few texts. */
  read: Map<string, ReadReply>;
}
/** A reply, read: an away or busy auto-reply, and the FAQ topics it answers. */
interface ReadReply {
  away: boolean;
  busy: boolean;
  topics: readonly string[];
}
/** Reply texts remembered per shop config; past this the memory starts over (filled-in texts vary). */
const READ_REPLIES = 1000;
function readReply(reader: ReplyReader, text: string): ReadReply {
  let r = reader.read.get(text);
  if (r) return r;
  const topics = reader.topics.has(text) ? [reader.topics.get(text)!] : text.split('\n\n').flatMap((part) => reader.topics.get(part) ?? []);
  r = { away: reader.awayStarts.some((s) => text.startsWith(s)), busy: reader.busyStarts.some((s) => text.startsWith(s)), topics: [...new Set(topics)] };
  if (reader.read.size >= READ_REPLIES) reader.read.clear();
  reader.read.set(text, r);
  return r;
}
const readers = new WeakMap<ShopConfig, ReplyReader>();
function readerOf(shop: ShopConfig): ReplyReader {
  let r = readers.get(shop);
  if (r) return r;
  const topics = new Map<string, string>();
  for (const t of shop.faq) for (const text of [...Object.values(t.answer), ...t.followUps.flatMap((f) => Object.values(f))]) topics.set(text, t.id);
  // An auto-reply is known by its fixed start (the part before any filled-in placeholder).
  const starts = (...texts: (Record<string, string> | undefined)[]) => texts.flatMap((t) => Object.values(t ?? {}).map((s) => s.split('{')[0]!.trim())).filter((s) => s.length >= 8);
  r = {
    topics,
    notKnown: new Set([...Object.values(shop.replies.fallback), ...Object.values(shop.replies.offerHuman ?? {})]),
    awayStarts: starts(shop.autoReply.away, shop.autoReply.awayUntilFurtherNotice),
    busyStarts: starts(shop.autoReply.busy),
    read: new Map(),
  };
  readers.set(shop, r);
  return r;
}

const NOTHING: Record<string, number> = Object.freeze({});
const HANDED_OFF: Record<string, number> = Object.freeze({ handedOff: 1 });
const CONTACT: Record<string, number> = Object.freeze({ contacts: 1 });

/** The fields a buyer's turn adds, per channel and language, made once (frozen: they are shared). */
interface TurnFields {
  add: Record<string, number>;
  firstOfDay: Record<string, number>;
  firstOfDayReplied(slot: number): Record<string, number>;
}
function perTurnFields(): (channel: string, lang: string) => TurnFields {
  const byChannel = new Map<string, Map<string, TurnFields>>();
  const make = (channel: string, lang: string): TurnFields => {
    const firstOfDay = Object.freeze({ conversations: 1, [`conversations:channel:${channel}`]: 1, [`conversations:lang:${lang}`]: 1 });
    const replied = Array.from({ length: WAIT_BOUNDS.length + 1 }, (_, slot) => Object.freeze({ ...firstOfDay, [`botFirstReply:${slot}`]: 1 }));
    return {
      add: Object.freeze({ messages: 1, [`messages:channel:${channel}`]: 1, [`messages:lang:${lang}`]: 1 }),
      firstOfDay,
      firstOfDayReplied: (slot) => replied[slot]!,
    };
  };
  return (channel, lang) => {
    let byLang = byChannel.get(channel);
    if (!byLang) byChannel.set(channel, (byLang = new Map()));
    let f = byLang.get(lang);
    if (!f) byLang.set(lang, (f = make(channel, lang)));
    return f;
  };
}

/**
 * Turns what the gateway does into insights counters: every committed turn (main.ts hands it the
 * engine's `onTurn`), contact details in the engine's commits, and agents' claims and replies in
 * the conversations API's store. Writing never delays a buyer, and a failed write is only logged.
 */
export function createInsightsRecorder(deps: { store: InsightsStore; timeZone: string; log: Logger; clock?: () => Date }) {
  const log = deps.log.child({ module: 'insights' });
  const clock = deps.clock ?? (() => new Date());
  const failed = (err: unknown) => log.warn('insights not recorded', { err });
  // localBucket hands out one object per minute: its [day, hour] list is made once too.
  let lastBucket: LocalBucket | undefined;
  let lastBuckets: readonly string[] = [];
  const write = (at: Date, add: Record<string, number>, once?: InsightsWrite['once'], top?: InsightsWrite['top']) => {
    const bucket = localBucket(at, deps.timeZone);
    if (bucket !== lastBucket) lastBuckets = Object.freeze([bucket.day, bucket.hour]);
    lastBucket = bucket;
    deps.store.record({ day: bucket.day, buckets: lastBuckets, add, once, top }).catch(failed);
  };
  const keyed = perTurnFields();

  function noteTurn(turn: TurnReport): void {
    const { msg } = turn;
    if (msg.event) return; // made by the gateway, not said by the buyer
    const at = new Date(msg.receivedAt);
    const when = Number.isFinite(at.getTime()) ? at : clock();
    const reader = readerOf(turn.shop);
    // The usual turn adds the same fields as every other of its channel and language: those objects
    // are made once and shared (the store only reads them); a handoff or auto-reply gets a copy.
    const fields = keyed(msg.address.channel, turn.lang);
    let add = fields.add;
    const extra = (name: string) => {
      if (add === fields.add) add = { ...fields.add };
      add[name] = 1;
    };
    const firstOfDay = turn.replies.length ? fields.firstOfDayReplied(slotOf(Math.max(0, clock().getTime() - when.getTime()) / 1000)) : fields.firstOfDay;
    const once: NonNullable<InsightsWrite['once']> = [{ mark: 'conversation', member: msg.address.conversationId, add: firstOfDay }];
    if (turn.humanRequested) {
      extra('handoffs');
      extra(`handoffs:reason:${handoffReason(turn.humanRequested)}`);
      once.push({ mark: 'handoff', member: msg.address.conversationId, add: HANDED_OFF });
    }
    let top: NonNullable<InsightsWrite['top']> | undefined;
    for (const reply of turn.replies) {
      const r = readReply(reader, reply.text);
      if (r.away) extra('away');
      if (r.busy) extra('busy');
      for (const topic of r.topics) (top ??= []).push({ board: 'faq', member: topic });
    }
    if (turn.flows.at(-1) === 'fallback' && msg.text.trim() && turn.replies.some((r) => reader.notKnown.has(r.text))) {
      (top ??= []).push({ board: 'unanswered', member: maskContact(msg.text).trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 120) });
    }
    write(when, add, once, top);
  }

  /** The engine's store, watched for contact details a turn kept (counted once per conversation per day). */
  function engineStore(inner: Store): Store {
    const wrapped = Object.create(inner) as Store;
    const seen = (lease: { conversationId: ConversationId }, turn: Turn) => {
      if (turn.contact && (turn.contact.phone || turn.contact.email || turn.contact.messenger)) write(clock(), NOTHING, [{ mark: 'contact', member: lease.conversationId, add: CONTACT }]);
    };
    wrapped.commitTurn = async (lease, turn) => {
      const committed = await inner.commitTurn(lease, turn);
      if (committed) seen(lease, turn);
      return committed;
    };
    wrapped.commitTurnAndLease = async (lease, turn) => {
      const result = await inner.commitTurnAndLease(lease, turn);
      if (result.committed) seen(lease, turn);
      return result;
    };
    return wrapped;
  }

  /** The agents' store: the wait for a person (queued -> claimed) and the time to an agent's first reply. */
  function agentStore(inner: Store): Store {
    const wrapped = Object.create(inner) as Store;
    wrapped.claimConversation = async (conversationId, agent, max): Promise<ClaimResult> => {
      const result = await inner.claimConversation(conversationId, agent, max);
      if (result === 'claimed') {
        void inner
          .handoffOf(conversationId)
          .then((h) => {
            if (!h.queuedAt || !h.claimedAt) return;
            const waited = (Date.parse(h.claimedAt) - Date.parse(h.queuedAt)) / 1000;
            write(new Date(h.claimedAt), { [`wait:${slotOf(Math.max(0, waited))}`]: 1 });
          })
          .catch((err: unknown) => log.warn('insights: wait not recorded', { err }));
      }
      return result;
    };
    wrapped.sendAsAgent = async (conversationId, line: TranscriptEntry, delivery: Delivery) => {
      await inner.sendAsAgent(conversationId, line, delivery);
      if (line.from !== 'agent') return;
      void inner
        .handoffOf(conversationId)
        .then((h) => {
          if (!h.queuedAt) return;
          const took = (Date.parse(line.at) - Date.parse(h.queuedAt)) / 1000;
          write(new Date(line.at), NOTHING, [{ mark: 'agentReply', member: `${conversationId}|${h.queuedAt}`, add: { [`agentFirstReply:${slotOf(Math.max(0, took))}`]: 1 } }]);
        })
        .catch((err: unknown) => log.warn('insights: agent reply not recorded', { err }));
    };
    return wrapped;
  }

  return { noteTurn, engineStore, agentStore };
}

export type InsightsRecorder = ReturnType<typeof createInsightsRecorder>;
