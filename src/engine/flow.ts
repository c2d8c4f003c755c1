import type { Logger } from 'winston';
import type { LocalizedText, ShopConfig } from '../config/schema.js';
import type { Handoff } from '../store/handoff.js';
import type { Session } from '../store/session.js';
import type { ShopStatus } from '../store/shop-status.js';
import type { BuyerOrders } from '../orders/lookup.js';
import type { InboundMessage, OutboundReply } from './types.js';

/**
 * What a flow sees of one buyer message. Flows do no I/O: they read the message and session,
 * change the session draft and buffer replies; the engine saves and sends afterwards.
 */
export interface FlowContext {
  readonly msg: InboundMessage;
  /** Mutable draft, saved once after the chain ran. */
  session: Session;
  readonly shop: ShopConfig;
  /** Injected clock, so time-dependent flows are testable. */
  readonly now: Date;
  /** The status the owner set by hand, if any (business hours are in `shop`). */
  readonly ownerStatus: ShopStatus | undefined;
  /** This turn's logger (conversation and message ids attached), made on first use. */
  readonly log: Logger;
  /** Language this turn answers in; the language flow sets it from the text. */
  lang: string;
  /** Who answers this conversation: the bot, nobody yet (queued), an agent, or nobody (closed). */
  readonly handoff: Handoff;
  /** Conversations waiting for a person when this message arrived. */
  readonly queueLength: number;
  /** Queue the conversation for a person (applied by the engine after the chain; no-op if already queued). */
  requestHuman(reason: string): void;
  /** Replies buffered so far this turn. */
  readonly replies: readonly OutboundReply[];
  reply(...replies: OutboundReply[]): void;
  /** Change the shop's status (an owner's command); applied by the engine after the chain. Undefined clears it. */
  setShopStatus(status: ShopStatus | undefined): void;
  /** This buyer's orders, loaded before the flows when the message asks about them (EngineOptions.orders). */
  readonly orders?: BuyerOrders;
  /** The shop's text in this turn's language, else in the shop's default language. */
  t(text: LocalizedText): string;
}

/**
 * A step of the conversation, grammY-style middleware: handle the message and stop, or call
 * `next()` to let the flows after it try.
 *
 * @example
 * export const fallback: Flow = {
 *   id: 'fallback',
 *   run(ctx) {
 *     if (ctx.replies.length > 0) return; // someone answered already
 *     ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.replies.fallback) });
 *   },
 * };
 */
export interface Flow {
  /** The flow's folder name under flows/; named in errors and logs. */
  readonly id: string;
  run(ctx: FlowContext, next: () => Promise<void>): Promise<void> | void;
}
