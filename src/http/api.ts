import express, { type Express, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { ShopConfig } from '../config/schema.js';
import type { ReplyWindow } from '../engine/reply-window.js';
import type { ChannelId, ConversationId } from '../engine/types.js';
import type { Logger } from '../log.js';
import { parseUntil, type ShopStatus } from '../store/shop-status.js';
import type { Store } from '../store/types.js';
import type { ChannelsAnswer, MeAnswer, ShopStatusView } from './api-types.js';
import { agentOf, requireRole } from './auth.js';
import { conversationIdParam } from './conversation-id.js';
import { mountConversationRoutes } from './conversations-api.js';
import { toCsv } from './csv.js';

/** How the status in force is described to owners; built from the flows by main.ts. */
export type DescribeStatus = (owner: ShopStatus | undefined, now: Date) => { mode: string; source: string; message?: string; until?: Date };

export interface ApiDeps {
  store: Store;
  /** This instance's counters (messages processed, deliveries…). */
  stats?: () => Record<string, number>;
  /** Channels that cannot deliver at all right now, with the reason (e.g. Slack's app token revoked). */
  channelsDown?: () => Record<string, string>;
  shop: ShopConfig;
  log: Logger;
  describeStatus: DescribeStatus;
  clock?: () => Date;
  /** The reply window of a channel, if it has one (WhatsApp, Messenger): agents' late replies are checked against it. */
  replyWindowOf?: (channel: ChannelId) => ReplyWindow | undefined;
}

const StatusBody = z
  .object({
    mode: z.enum(['online', 'busy', 'away']),
    message: z.string().trim().min(1).max(1000).optional(),
    /** ISO time, "HH:MM" in the shop's zone, or a duration like "2h". */
    until: z.string().min(1).max(40).optional(),
  })
  .strict();

const ConversationIdParam = conversationIdParam({ slash: true });

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
}

/** The owners' and agents' JSON API under /api. Every route needs an agent token. */
export function mountApi(app: Express, deps: ApiDeps): void {
  const { store, shop } = deps;
  const log = deps.log.child({ module: 'api' });
  const clock = deps.clock ?? (() => new Date());
  const agents = () => shop.agents;
  const api = express.Router();
  // Guessing tokens: a client with many refused tokens waits (per instance, per IP). Authenticated calls are not limited.
  api.use(
    rateLimit({
      windowMs: 5 * 60_000,
      limit: 20,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      requestWasSuccessful: (_req, res) => res.statusCode !== 401,
      skipSuccessfulRequests: true,
      message: { error: 'too many refused tokens from this address; try again in a few minutes' },
    }),
  );
  const agent = requireRole(agents, 'agent');
  const owner = requireRole(agents, 'owner');

  const statusView = (record: ShopStatus | undefined): ShopStatusView => {
    const now = clock();
    const effective = deps.describeStatus(record, now);
    return { ...effective, until: effective.until?.toISOString(), setByOwner: record ?? null };
  };

  api.get('/shop/status', agent, async (_req, res) => {
    res.json(statusView(await store.getShopStatus()));
  });

  api.put('/shop/status', owner, async (req: Request, res: Response) => {
    const body = StatusBody.safeParse(req.body);
    if (!body.success) return badRequest(res, body.error);
    const now = clock();
    const until = body.data.until ? parseUntil(body.data.until, now, shop.hours?.timezone) : undefined;
    if (body.data.until && (!until || until.getTime() <= now.getTime())) {
      res.status(400).json({ error: 'until: a future time: ISO 8601, "HH:MM" or a duration like "2h"' });
      return;
    }
    const status: ShopStatus = {
      mode: body.data.mode,
      setAt: now.toISOString(),
      setBy: agentOf(res).name,
      ...(body.data.message ? { message: body.data.message } : {}),
      ...(until ? { until: until.toISOString() } : {}),
    };
    await store.setShopStatus(status);
    log.info('shop status set', { mode: status.mode, by: status.setBy, until: status.until });
    res.json(statusView(status));
  });

  api.delete('/shop/status', owner, async (_req, res) => {
    await store.setShopStatus(undefined);
    log.info('shop status cleared', { by: agentOf(res).name });
    res.json(statusView(undefined));
  });

  api.get('/metrics', owner, (_req, res) => {
    const memory = process.memoryUsage();
    res.json({ ...(deps.stats?.() ?? {}), redisRoundTrips: store.roundTrips(), rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, uptimeSeconds: Math.round(process.uptime()) });
  });

  api.get('/dead-letters', owner, async (_req, res) => {
    res.json({ deadLetters: await store.deadLetters() });
  });

  api.get('/contacts/export', owner, async (_req, res) => {
    const rows = await store.contacts();
    const csv = toCsv(
      ['conversation', 'name', 'phone', 'email', 'messenger', 'address'],
      rows.map(({ conversationId, contact }) => [conversationId, contact.name, contact.phone, contact.email, contact.messenger, contact.address]),
    );
    res.type('text/csv; charset=utf-8').attachment('contacts.csv').send(csv);
  });

  api.delete('/conversations/:id/contact', owner, async (req, res) => {
    const id = ConversationIdParam.safeParse(req.params.id);
    if (!id.success) return badRequest(res, id.error);
    await store.eraseContact(id.data as ConversationId);
    log.info('contact erased', { conversationId: id.data, by: agentOf(res).name });
    res.status(204).end();
  });

  api.get('/channels', agent, (_req, res) => {
    res.json({ down: deps.channelsDown?.() ?? {} } satisfies ChannelsAnswer);
  });

  api.get('/me', agent, (_req, res) => {
    const me = agentOf(res);
    res.json({ name: me.name, role: me.role, maxConversations: me.maxConversations } satisfies MeAnswer);
  });

  mountConversationRoutes(api, deps);
  app.use('/api', api);
}
