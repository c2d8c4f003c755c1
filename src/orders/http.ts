import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ShopConfig } from '../config/schema.js';
import { StoreUnavailableError } from '../errors.js';
import type { ConversationId } from '../engine/types.js';
import type { BuyerOrdersAnswer, PromiseBody as PromiseBodyShape, PromiseChange as PromiseChangeShape } from '../http/api-types.js';
import { agentOf, requireRole } from '../http/auth.js';
import { maySee } from '../http/conversations-api.js';
import { rawBodyOf } from '../http/raw-body.js';
import type { Logger } from '../log.js';
import type { OrderPromise, OrdersStore } from '../store/orders-types.js';
import type { HandoffPort, SessionsPort } from '../store/types.js';
import { buyerRefKeys, OrderEventSchema, toOrderView, type OrderView } from './events.js';
import { fromShopify, isShopifySigned } from './shopify.js';
import { linkToken } from './link-token.js';
import type { OrderNotifier } from './notify.js';
import { fromWooCommerce, isWooSigned } from './woocommerce.js';

export interface OrdersHttpDeps {
  orders: OrdersStore;
  store: SessionsPort & HandoffPort;
  shop: ShopConfig;
  log: Logger;
  shopifySecret?: string;
  wooCommerceSecret?: string;
  notifier?: OrderNotifier;
  /** The key signing order links (shared by every instance). */
  linkSecret?: () => Promise<string>;
  clock?: () => Date;
}

const ConversationParam = z.string().regex(/^[a-z]+:[^\s]{1,200}$/, 'a conversation id like telegram:12345');
const PromiseBody = z
  .object({
    conversation: ConversationParam,
    text: z.string().trim().min(1).max(1000),
  })
  .strict() satisfies z.ZodType<PromiseBodyShape>;
const PromiseChange = z
  .object({
    conversation: ConversationParam,
    status: z.enum(['kept', 'dropped']),
  })
  .strict() satisfies z.ZodType<PromiseChangeShape>;

/**
 * Shopify's ids (820982911946154508) are beyond a double's exact range: JSON.parse would round them
 * and two orders could share one id. Read id fields from the raw bytes as strings instead.
 */
function parseShopifyBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8').replace(/"(id|order_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"'));
  } catch {
    return undefined;
  }
}

const reasons = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/** A store failure answers 503 (the shop's platform retries); anything else is a bug and goes to the error handler. */
function guarded(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: (err?: unknown) => void) => {
    handler(req, res).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) {
        if (!res.headersSent) res.status(503).json({ error: 'store unavailable; retry later' });
        return;
      }
      next(err);
    });
  };
}

/**
 * Orders in: the event API (`POST /api/orders/events`), Shopify's and WooCommerce's webhooks
 * (only when their secret is set); orders out: `GET /api/orders?conversation=` and promises.
 */
export function mountOrders(app: Express, deps: OrdersHttpDeps): void {
  const { orders, store, shop } = deps;
  const log = deps.log.child({ module: 'orders' });
  const clock = deps.clock ?? (() => new Date());
  const agent = requireRole(() => shop.agents, 'agent');
  const owner = requireRole(() => shop.agents, 'owner');

  /** Record a validated event: recorded before 2xx; a refund or cancellation stops the follow-ups. */
  async function record(input: unknown, res: Response): Promise<void> {
    const parsed = OrderEventSchema.safeParse(input);
    if (!parsed.success) {
      res.status(400).json({ error: reasons(parsed.error) });
      return;
    }
    const event = parsed.data;
    const { recorded, events } = await orders.recordEvent(event, buyerRefKeys(event.buyer));
    if (recorded && (event.type === 'refunded' || event.type === 'cancelled')) await deps.notifier?.cancelFollowUps(event.orderId, event.type);
    // Recorded first: a failure here is retried by the platform and the event, already recorded, is not sent twice.
    if (recorded) await deps.notifier?.onEvent(event, events);
    log.info('order event', {
      orderId: event.orderId,
      type: event.type,
      source: event.source,
      duplicate: !recorded,
    });
    res.status(recorded ? 201 : 200).json({ recorded, order: toOrderView(events) });
  }

  const api = express.Router();
  api.post(
    '/orders/events',
    owner,
    guarded((req, res) => record(req.body, res)),
  );

  api.post(
    '/orders/link-token',
    owner,
    guarded(async (req, res) => {
      const body = z
        .object({ orderId: z.string().trim().min(1).max(40) })
        .strict()
        .safeParse(req.body);
      if (!body.success || !deps.linkSecret) {
        res.status(400).json({
          error: body.success ? 'order links are not available' : reasons(body.error),
        });
        return;
      }
      const token = linkToken(body.data.orderId, await deps.linkSecret());
      res.json({
        token,
        telegramStart: `/start ${token}`,
        webChatQuery: `?order=${token}`,
      });
    }),
  );

  api.get(
    '/orders',
    agent,
    guarded(async (req, res) => {
      const conversation = ConversationParam.safeParse(req.query.conversation);
      if (!conversation.success) {
        res.status(400).json({
          error: `conversation: ${conversation.error.issues[0]?.message ?? 'required'}`,
        });
        return;
      }
      const conversationId = conversation.data as ConversationId;
      if (!(await mayReach(res, conversationId))) return;
      res.json(await buyerOrders(conversationId));
    }),
  );

  api.post(
    '/orders/promises',
    agent,
    guarded(async (req, res) => {
      const body = PromiseBody.safeParse(req.body);
      if (!body.success) {
        res.status(400).json({ error: reasons(body.error) });
        return;
      }
      if (!(await mayReach(res, body.data.conversation as ConversationId))) return;
      const promise: OrderPromise = {
        id: randomUUID(),
        conversationId: body.data.conversation as ConversationId,
        text: body.data.text,
        by: agentOf(res).name,
        createdAt: clock().toISOString(),
        status: 'open',
      };
      await orders.addPromise(promise);
      res.status(201).json(promise);
    }),
  );

  api.patch(
    '/orders/promises/:id',
    agent,
    guarded(async (req, res) => {
      const body = PromiseChange.safeParse(req.body);
      if (!body.success) {
        res.status(400).json({ error: reasons(body.error) });
        return;
      }
      if (!(await mayReach(res, body.data.conversation as ConversationId))) return;
      const updated = await orders.updatePromise(body.data.conversation as ConversationId, String(req.params.id), {
        status: body.data.status,
        closedAt: clock().toISOString(),
        closedBy: agentOf(res).name,
      });
      if (!updated) res.status(404).json({ error: 'no such promise in this conversation' });
      else res.json(updated);
    }),
  );

  api.delete(
    '/orders',
    owner,
    guarded(async (req, res) => {
      const conversation = ConversationParam.safeParse(req.query.conversation);
      if (!conversation.success) {
        res.status(400).json({
          error: `conversation: ${conversation.error.issues[0]?.message ?? 'required'}`,
        });
        return;
      }
      const conversationId = conversation.data as ConversationId;
      const ids = await orders.orderIdsFor(await refsOfConversation(conversationId));
      await orders.erase(ids, conversationId);
      log.info('orders erased', {
        conversationId,
        orders: ids.length,
        by: agentOf(res).name,
      });
      res.status(204).end();
    }),
  );
  app.use('/api', api);

  if (deps.shopifySecret) {
    const secret = deps.shopifySecret;
    app.post(
      '/webhooks/shopify',
      guarded(async (req, res) => {
        const raw = rawBodyOf(req);
        if (!raw || !isShopifySigned(raw, req.get('x-shopify-hmac-sha256'), secret)) {
          res.status(401).json({ error: 'bad or missing X-Shopify-Hmac-Sha256' });
          return;
        }
        const mapped = fromShopify(req.get('x-shopify-topic') ?? '', parseShopifyBody(raw), req.get('x-shopify-webhook-id'));
        if ('ignored' in mapped) {
          log.debug('shopify webhook ignored', { reason: mapped.ignored });
          res.status(200).json({ ignored: mapped.ignored });
          return;
        }
        await record(mapped.event, res);
      }),
    );
  }

  if (deps.wooCommerceSecret) {
    const secret = deps.wooCommerceSecret;
    app.post(
      '/webhooks/woocommerce',
      guarded(async (req, res) => {
        // Creating a webhook in WooCommerce sends an unsigned form body `webhook_id=N`: answer 200 or WooCommerce disables it.
        if (req.is('application/x-www-form-urlencoded') && typeof (req.body as Record<string, unknown>).webhook_id === 'string') {
          res.status(200).json({ ping: true });
          return;
        }
        const raw = rawBodyOf(req);
        if (!raw || !isWooSigned(raw, req.get('x-wc-webhook-signature'), secret)) {
          res.status(401).json({ error: 'bad or missing X-WC-Webhook-Signature' });
          return;
        }
        const mapped = fromWooCommerce(req.body);
        if ('ignored' in mapped) {
          res.status(200).json({ ignored: mapped.ignored });
          return;
        }
        await record(mapped.event, res);
      }),
    );
  }

  /** Like the conversation itself, a buyer's orders and promises are for the agent holding them (and owners): 403 otherwise. */
  async function mayReach(res: Response, conversationId: ConversationId): Promise<boolean> {
    if (maySee(agentOf(res), await store.handoffOf(conversationId))) return true;
    res.status(403).json({ error: `${conversationId} is held by another agent` });
    return false;
  }

  /** The conversation itself and the contact details its buyer gave. */
  async function refsOfConversation(conversationId: ConversationId): Promise<string[]> {
    const session = await store.loadSession(conversationId);
    return buyerRefKeys({
      conversationId,
      ...(session?.contact.phone ? { phone: session.contact.phone } : {}),
      ...(session?.contact.email ? { email: session.contact.email } : {}),
    });
  }

  async function buyerOrders(conversationId: ConversationId): Promise<BuyerOrdersAnswer> {
    const ids = await orders.orderIdsFor(await refsOfConversation(conversationId));
    const views = (
      await Promise.all(
        ids.map(async (id) => ({
          view: toOrderView(await orders.events(id)),
          jobs: await orders.jobsOf(id),
          notices: await orders.notices(id),
        })),
      )
    ).filter(
      (
        o,
      ): o is {
        view: OrderView;
        jobs: Awaited<ReturnType<OrdersStore['jobsOf']>>;
        notices: Awaited<ReturnType<OrdersStore['notices']>>;
      } => o.view !== undefined,
    );
    views.sort((a, b) => b.view.updatedAt.localeCompare(a.view.updatedAt));
    return {
      conversation: conversationId,
      orders: views.map((v) => ({
        ...v.view,
        followUps: v.jobs,
        notices: v.notices,
      })),
      promises: await orders.promises(conversationId),
    };
  }
}
