import type { ShopConfig } from '../config/schema.js';
import type { Pacer, RateLimit } from './pacer.js';
import type { Runtime } from './runtime.js';
import type { ChannelAdapter, ChannelId, ConversationId, Delivery } from './types.js';

/** A buyer told their place once is not told again for this long (once per burst). */
const TOLD_WINDOW_MS = 10 * 60_000;
/** Buyers told per look at the line (one look at a time per channel in an instance). */
const PER_LOOK = 5;

export interface BusyLineOptions {
  /** A first answer that will wait longer than this: the buyer is told their place first (0: never). */
  afterMs: number;
  shop: () => ShopConfig;
}

/**
 * The busy reply with the place in line, under a burst. A worker that booked a first answer
 * `waitMs` ahead knows how far the bot's rate is booked; buyers queued behind it for a first
 * answer wait that plus one interval per place, so those past `afterMs` are told, once per burst,
 * in their language. The reply takes a slot before the booked ones (Pacer.takeFirst: at most one
 * in three of the bot's slots), so it arrives in seconds and the bot stays within its rate. It is
 * not queued: a crash may skip it, never doubles it (the mark is set before sending).
 */
export function createBusyLine(rt: Runtime, deps: { adapters: ReadonlyMap<ChannelId, ChannelAdapter>; pacer: Pacer; busy: BusyLineOptions }) {
  const { store, log } = rt;
  const looking = new Set<string>();

  function textFor(shop: ShopConfig, lang: string | undefined, place: number, waitMs: number): string {
    const language = lang && (shop.shop.languages as string[]).includes(lang) ? lang : shop.shop.defaultLanguage;
    const texts = shop.autoReply.busyInLine ?? shop.autoReply.busy;
    const text = texts[language as keyof typeof texts] ?? texts[shop.shop.defaultLanguage] ?? Object.values(texts)[0] ?? '';
    return text.replaceAll('{position}', String(place)).replaceAll('{minutes}', String(Math.max(1, Math.round(waitMs / 60_000))));
  }

  async function tell(channel: ChannelId, adapter: ChannelAdapter, limit: RateLimit, conversationId: ConversationId, place: number, waitMs: number): Promise<void> {
    const session = await store.loadSession(conversationId);
    let pace = await deps.pacer.takeFirst(channel, conversationId, limit);
    // Others are being told first: this buyer waits their turn (a few seconds), unless the bot is paused or the chat just got something.
    for (let tries = 0; pace.laterMs > 0; tries++) {
      if (tries >= 10 || pace.laterMs > 10_000 || rt.stopping()) return;
      await rt.pause(pace.laterMs);
      pace = await deps.pacer.takeFirst(channel, conversationId, limit);
    }
    if (pace.waitMs > 0) await rt.pause(pace.waitMs);
    const delivery: Delivery = { id: `busy-${conversationId}-${Date.now()}`, address: { channel, conversationId }, replies: [{ kind: 'text', text: textFor(deps.busy.shop(), session?.lang, place, waitMs) }] };
    await adapter.send(delivery);
    if (log.isDebugEnabled()) log.debug('busy reply with the place in line sent', { conversationId, place, module: 'delivery' });
  }

  /** A first answer to `channel` was booked `waitMs` ahead while the budget is short: tell the buyers behind who will wait long. */
  return function look(channel: ChannelId, limit: RateLimit | undefined, waitMs: number): void {
    const adapter = deps.adapters.get(channel);
    if (!adapter || !limit?.perSecond || deps.busy.afterMs <= 0 || looking.has(channel)) return;
    const interval = 1000 / limit.perSecond;
    const skip = Math.max(0, Math.ceil((deps.busy.afterMs - waitMs) / interval));
    looking.add(channel);
    void (async () => {
      try {
        const waiting = await store.takeLongWaiters(`${channel}:`, skip, PER_LOOK, TOLD_WINDOW_MS);
        const ahead = Math.ceil(waitMs / interval);
        await Promise.all(waiting.map((w) => tell(channel, adapter, limit, w.conversationId, ahead + w.place, waitMs + w.place * interval)));
      } catch (err) {
        log.warn('busy reply with the place in line not sent', { err, channel, module: 'delivery' });
      } finally {
        looking.delete(channel);
      }
    })();
  };
}
