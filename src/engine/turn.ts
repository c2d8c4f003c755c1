import type { LocalizedText, ShopConfig } from '../config/schema.js';
import type { BuyerOrders, OrdersLookup } from '../orders/lookup.js';
import type { GatewayEvent } from '../store/handoff.js';
import { initialSession, type Session } from '../store/session.js';
import type { ShopStatus } from '../store/shop-status.js';
import type { Committed, Lease, Turn, TurnState } from '../store/types.js';
import { compose } from './compose.js';
import type { Flow, FlowContext } from './flow.js';
import { backoffMs, madeOnFirstUse, type Runtime } from './runtime.js';
import type { Delivery, InboundMessage, OutboundReply, TranscriptEntry } from './types.js';

/** One processed buyer message, as `onTurn` sees it. */
export interface TurnReport {
  msg: InboundMessage;
  lang: string;
  /** Ids of the flows that ran, in order. */
  flows: readonly string[];
  replies: readonly OutboundReply[];
  /** Why the conversation was queued for a person this turn, if it was. */
  humanRequested?: string;
  shop: ShopConfig;
}

export interface TurnDeps {
  flows: readonly Flow[];
  /** What a buyer whose message is parked as a dead letter is told (the fallback folder's `parked`); nothing when absent. */
  deadLetter?: Flow;
  shop: ShopConfig;
  liveShop?: () => ShopConfig;
  orders?: OrdersLookup;
  onTurn?: (turn: TurnReport) => void;
  maxAttempts: number;
  stats: { messagesProcessed: number; deadLetters: number };
  /** Whether a delivery committed now may be leased to this instance at once (it has room to send it). */
  canSendNow(): boolean;
  /** Send a delivery leased to this instance at commit. */
  sendNow(lease: Lease): void;
}

function pickLanguage(shop: ShopConfig, ...candidates: (string | undefined)[]): string {
  for (const c of candidates) {
    const code = c?.slice(0, 2).toLowerCase();
    if (code && shop.shop.languages.includes(code)) return code;
  }
  return shop.shop.defaultLanguage;
}

/** Transcript lines of the bot's replies to a delivery. */
const botLines = (delivery: Delivery | undefined, at: string): TranscriptEntry[] =>
  (delivery?.replies ?? []).map((r, i) => ({
    id: `${delivery!.id}:${i}`,
    from: 'bot',
    text: r.text,
    at,
    ...(r.kind === 'text' && r.quickReplies ? { quickReplies: r.quickReplies } : {}),
  }));

/**
 * The turn: one buyer message through the flows, and the session, transcript lines, replies and
 * events it produced committed in one atomic write. A message that keeps failing is parked as a
 * dead letter, and the buyer gets the dead-letter flow's reply in their language.
 */
export function createTurnRunner(rt: Runtime, deps: TurnDeps) {
  const { store, clock } = rt;
  const log = rt.log;
  const runFlows = compose(deps.flows);
  const runDeadLetter = deps.deadLetter ? compose([deps.deadLetter]) : undefined;

  /** Commit a turn; a delivery leased to us at once is sent right away, without a round trip through the queue. */
  async function commit(lease: Lease, turn: Turn): Promise<boolean> {
    const inline = turn.delivery !== undefined && !rt.stopping() && deps.canSendNow();
    const result = await rt.settle('commit', async (): Promise<Committed> => (inline ? store.commitTurnAndLease(lease, turn) : { committed: await store.commitTurn(lease, turn) }));
    if (result?.delivery) deps.sendNow(result.delivery);
    return result?.committed ?? false;
  }

  /** What the flows see of this message; their requests (a person, a status change) are collected in `asked`. */
  function contextFor(msg: InboundMessage, session: Session, shop: ShopConfig, now: Date, state: Partial<TurnState>, log: () => FlowContext['log'], orders?: BuyerOrders) {
    const asked: { humanRequested?: string; statusChange?: { status: ShopStatus | undefined } } = {};
    const replies: OutboundReply[] = [];
    const ctx: FlowContext = {
      msg,
      session,
      shop,
      now,
      ownerStatus: state.status,
      handoff: state.handoff ?? { state: 'bot' },
      queueLength: state.queueLength ?? 0,
      ...(orders ? { orders } : {}),
      requestHuman: (reason) => void (asked.humanRequested ??= reason),
      get log() {
        return log();
      },
      lang: pickLanguage(shop, session.lang, msg.languageHint),
      replies,
      reply: (...r) => void replies.push(...r),
      setShopStatus: (status) => void (asked.statusChange = { status }),
      t: (text: LocalizedText) => text[ctx.lang] ?? text[shop.shop.defaultLanguage] ?? Object.values(text)[0] ?? '',
    };
    return { ctx, replies, asked };
  }

  /** A poisoned message must not block the conversation: park it, tell the buyer a person will look. */
  async function park(lease: Lease, msg: InboundMessage, shop: ShopConfig, buyerLines: TranscriptEntry[], mlog: () => FlowContext['log']): Promise<void> {
    const now = clock();
    const { conversationId } = msg.address;
    const stored = await store.loadSession(conversationId);
    const { ctx, replies } = contextFor(msg, stored ?? initialSession(msg.address, now), shop, now, {}, mlog);
    ctx.lang = pickLanguage(shop, stored?.lang, msg.languageHint);
    await runDeadLetter?.(ctx).catch((err: unknown) => mlog().error('dead-letter reply failed; parking without one', { err }));
    const delivery: Delivery | undefined = replies.length ? { id: `d:${msg.id}`, address: msg.address, replies } : undefined;
    await commit(lease, {
      transcript: [...buyerLines, ...botLines(delivery, now.toISOString())],
      ...(delivery ? { delivery } : {}),
      deadLetter: { queue: 'in', conversationId, item: lease.item, reason: `failed ${lease.attempts - 1} times`, at: now.toISOString() },
    });
    deps.stats.deadLetters++;
    mlog().error('message parked as a dead letter after repeated failures', { attempts: lease.attempts - 1 });
  }

  return async function processInbound(lease: Lease, prefetched?: { msg: InboundMessage; state: TurnState }): Promise<void> {
    const started = performance.now();
    const shop = deps.liveShop?.() ?? deps.shop;
    const msg = prefetched?.msg ?? (JSON.parse(lease.item) as InboundMessage);
    const conversationId = msg.address.conversationId;
    const mlog = madeOnFirstUse(() => log.child({ conversationId, msgId: msg.id }));
    const now = clock();
    // A gateway-made event (e.g. a handoff timeout) is not something the buyer said.
    const buyerLines: TranscriptEntry[] = msg.event ? [] : [{ id: msg.id, from: 'buyer', text: msg.text, at: msg.receivedAt }];
    if (lease.attempts > deps.maxAttempts) return park(lease, msg, shop, buyerLines, mlog);

    const state = prefetched?.state ?? (await store.loadTurnState(conversationId));
    let session: Session = state.session ?? initialSession(msg.address, now);
    const contactBefore = JSON.stringify(session.contact);
    session = { ...session, address: msg.address, messages: session.messages + 1, lastSeenAt: now.toISOString(), ...(msg.event ? {} : { lastBuyerAt: msg.receivedAt }) };
    // The stored session: its lastSeenAt tells whether the buyer is coming back after a while.
    const orders = deps.orders && !msg.event ? await deps.orders(msg, state.session ?? session, shop) : undefined;
    const { ctx, replies, asked } = contextFor(msg, session, shop, now, state, mlog, orders);
    let ran: string[];
    try {
      ran = await runFlows(ctx);
    } catch (err) {
      mlog().error('flow failed; will retry', { err, attempt: lease.attempts });
      await store.retryLater(lease, backoffMs(lease.attempts));
      return;
    }
    ctx.session.lang = ctx.lang;
    const { humanRequested, statusChange } = asked;
    // Written before the commit: if the commit is lost, the retried turn sets the same status again.
    if (statusChange) await store.setShopStatus(statusChange.status);
    let queued: { position: number } | undefined;
    if (humanRequested && state.handoff.state !== 'queued' && state.handoff.state !== 'agent') {
      queued = await store.requestHuman(conversationId, humanRequested);
    }
    const delivery: Delivery | undefined = replies.length ? { id: `d:${msg.id}`, address: msg.address, replies } : undefined;
    // Agents' live views get the transcript lines from the commit, and here who now holds the conversation.
    const events: GatewayEvent[] = [];
    if (queued) events.push({ type: 'handoff', conversationId, state: 'queued', reason: humanRequested!, position: queued.position, at: now.toISOString() });
    const contactChanged = JSON.stringify(ctx.session.contact) !== contactBefore;
    const committed = await commit(lease, {
      session: ctx.session,
      transcript: [...buyerLines, ...botLines(delivery, now.toISOString())],
      delivery,
      events,
      ...(contactChanged ? { contact: Object.keys(ctx.session.contact).length ? (ctx.session.contact as Record<string, string>) : null } : {}),
    });
    if (!committed) {
      mlog().warn('lease lost before commit; another worker processes this message');
      return;
    }
    deps.stats.messagesProcessed++;
    deps.onTurn?.({ msg, lang: ctx.lang, flows: ran, replies, ...(humanRequested ? { humanRequested } : {}), shop });
    if (log.isInfoEnabled()) mlog().info('message processed', { channel: msg.address.channel, flows: ran, replies: replies.length, ms: Math.round(performance.now() - started) });
  };
}
