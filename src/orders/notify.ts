import type { ShopConfig } from '../config/schema.js';
import type { ConversationId, Delivery } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { OrderJob, OrdersStore } from '../store/orders-types.js';
import type { HandoffPort, SessionsPort } from '../store/types.js';
import { buyerRefKeys, isLatest, toOrderView, type OrderEvent, type OrderView } from './events.js';
import { buyerConversation } from './reach.js';

type Kind = 'paid' | 'shipped' | OrderJob['kind'];

const fill = (text: string, values: Record<string, string | undefined>) =>
  text
    .replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? '')
    .replace(/\s+([.,!?。，！])/g, '$1')
    .trim();

/**
 * Proactive messages about orders: a `paid` confirmation and a `shipped` tracking message when
 * that event is the order's newest, follow-ups after `delivered` (scheduled in the store, sent by
 * whichever instance claims them). Each goes once, into the conversation's durable outbound queue,
 * only inside the channel's window, never to a buyer who blocked the bot or is with a person.
 */
export function createOrderNotifier(deps: { orders: OrdersStore; store: SessionsPort & HandoffPort; shop: ShopConfig; log: Logger; clock: () => Date }) {
  const { orders, store, shop } = deps;
  const log = deps.log.child({ module: 'orders:notify' });
  const config = shop.orders;

  /** Drop an order's follow-ups not yet sent, noting why (a refund, a cancellation, a complaint). */
  async function cancelFollowUps(orderId: string, reason: string): Promise<number> {
    const cancelled = await orders.cancelJobs(orderId);
    for (const job of cancelled) {
      await orders.note({ orderId: job.orderId, kind: job.kind, conversationId: job.conversationId, outcome: 'cancelled', reason, at: deps.clock().toISOString() });
    }
    return cancelled.length;
  }

  /** Send one message about an order to its buyer's conversation, or note why not. */
  async function send(kind: Kind, view: OrderView, conversationId: ConversationId, mark: string): Promise<void> {
    if (!config) return;
    const now = deps.clock();
    const note = (outcome: 'sent' | 'template' | 'skipped', reason?: string) =>
      orders.note({
        orderId: view.orderId,
        kind,
        conversationId,
        outcome,
        ...(reason ? { reason } : {}),
        at: now.toISOString(),
      });
    const [session, handoff, unreachable] = await Promise.all([store.loadSession(conversationId), store.handoffOf(conversationId), store.isUnreachable(conversationId)]);
    if (!session) return note('skipped', 'no conversation yet');
    if (unreachable) return note('skipped', 'buyer blocked the bot');
    if ((kind === 'followUp' || kind === 'usageFollowUp') && (handoff.state === 'agent' || handoff.state === 'queued')) return note('skipped', 'with a person');
    const windowHours = config.windowHours[session.address.channel];
    // Outside the window the platform refuses free-form messages: its approved template, else skip and say so.
    const outside = windowHours !== undefined && now.getTime() - Date.parse(session.lastBuyerAt ?? session.lastSeenAt) > windowHours * 3_600_000;
    const template = outside ? config.templates[session.address.channel]?.[kind] : undefined;
    if (outside && !template) return note('skipped', `outside the ${windowHours} h window`);
    if (!(await orders.once(mark, 30 * 86_400))) return;
    const lang = [view.language, session.lang].find((l) => l && shop.shop.languages.includes(l.slice(0, 2))) ?? shop.shop.defaultLanguage;
    const texts = config.texts[kind];
    const text = fill(texts[lang.slice(0, 2)] ?? texts[shop.shop.defaultLanguage]!, {
      order: view.orderNumber,
      items: view.items.map((i) => (i.quantity > 1 ? `${i.name} ×${i.quantity}` : i.name)).join(', '),
      address: view.shippingAddress ?? session.contact.address,
      courier: view.courier,
      tracking: view.trackingNumber,
      url: view.trackingUrl,
    });
    const delivery: Delivery = {
      id: `order:${mark}`,
      address: session.address,
      replies: [{ kind: 'text', text }],
      from: 'bot',
      ...(template ? { template: { name: template.name, language: template.language ?? lang, parameters: [view.orderNumber, view.trackingNumber ?? ''] } } : {}),
    };
    await store.sendAsAgent(conversationId, { id: `${delivery.id}:0`, from: 'bot', text, at: now.toISOString() }, delivery);
    await note(template ? 'template' : 'sent');
    log.info('order message queued', {
      orderId: view.orderId,
      kind,
      conversationId,
    });
  }

  return {
    cancelFollowUps,
    /**
     * A buyer complained (the turn fetched a person for it): "has it arrived well?" would be tone-deaf,
     * so the follow-ups of every order of theirs are cancelled. Told after the turn committed.
     */
    async onComplaint(conversationId: ConversationId): Promise<number> {
      const session = await store.loadSession(conversationId);
      const refs = buyerRefKeys({
        conversationId,
        ...(session?.contact.phone ? { phone: session.contact.phone } : {}),
        ...(session?.contact.email ? { email: session.contact.email } : {}),
      });
      let cancelled = 0;
      for (const orderId of await orders.orderIdsFor(refs)) cancelled += await cancelFollowUps(orderId, 'complaint');
      if (cancelled) log.info('follow-ups cancelled after a complaint', { conversationId, cancelled });
      return cancelled;
    },
    /** After an event was recorded (not a replay). */
    async onEvent(event: OrderEvent, events: OrderEvent[]): Promise<void> {
      if (!config || !isLatest(event, events)) return;
      const view = toOrderView(events)!;
      const target = await buyerConversation(orders, store, view);
      if (!target) return orders.note({ orderId: view.orderId, kind: event.type, outcome: 'skipped', reason: 'no conversation with this buyer', at: deps.clock().toISOString() });
      if (event.type === 'paid' || event.type === 'shipped') return send(event.type, view, target, `${event.orderId}:${event.type}`);
      if (event.type !== 'delivered') return;
      const at = Date.parse(event.at);
      const cycle = Math.min(...view.items.map((i) => i.usageCycleDays ?? Infinity), config.usageCycleDays ?? Infinity);
      const plans: [OrderJob['kind'], number][] = [];
      if (config.followUpDays > 0) plans.push(['followUp', config.followUpDays]);
      if (Number.isFinite(cycle)) plans.push(['usageFollowUp', cycle]);
      for (const [kind, days] of plans) {
        const job: OrderJob = {
          id: `${event.orderId}:${kind}`,
          orderId: event.orderId,
          conversationId: target,
          kind,
          dueAt: new Date(at + days * 86_400_000).toISOString(),
        };
        await orders.schedule(job);
        await orders.note({
          orderId: event.orderId,
          kind,
          conversationId: target,
          outcome: 'scheduled',
          at: job.dueAt,
        });
      }
    },
    /** Send what is due now; called by the loop on every instance (each job goes to one). */
    async tick(): Promise<number> {
      const due = await orders.claimDue(deps.clock(), 60_000, 20);
      for (const job of due) {
        const view = toOrderView(await orders.events(job.orderId));
        if (view && view.status === 'delivered') await send(job.kind, view, job.conversationId, job.id);
        await orders.completeJob(job);
      }
      return due.length;
    },
  };
}
export type OrderNotifier = ReturnType<typeof createOrderNotifier>;
