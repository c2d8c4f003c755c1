import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Agent, ShopConfig } from '../config/schema.js';
import { planAgentReply, type ReplyWindow } from '../engine/reply-window.js';
import type { ChannelId, ConversationId, Delivery, TranscriptEntry } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { GatewayEvent, Handoff } from '../store/handoff.js';
import type { EventsPort, HandoffPort, InboxPort, SessionsPort } from '../store/types.js';
import type { AskContactAnswer, ClaimAnswer, ConversationDetail, ConversationList, FaqAnswer, MessageAnswer, ReleaseAnswer } from './api-types.js';
import { agentOf, requireRole } from './auth.js';
import { conversationIdParam } from './conversation-id.js';

const StateQuery = z.object({ state: z.enum(['queued', 'agent', 'bot', 'closed']).default('queued'), limit: z.coerce.number().int().min(1).max(500).default(100) });
const ConversationIdParam = conversationIdParam({ slash: false });
const MessageBody = z.object({ text: z.string().trim().min(1, 'empty message').max(4000) }).strict();

/** Agents see queued, bot and closed conversations and their own; owners see every one. */
export function maySee(agent: Agent, handoff: Handoff): boolean {
  return agent.role === 'owner' || handoff.state !== 'agent' || handoff.agent === agent.name;
}

/**
 * The agents' routes: list and read conversations, claim, reply, hand back, close, and a live
 * stream of events (server-sent events) from every instance.
 */
export function mountConversationRoutes(api: Router, deps: { store: HandoffPort & SessionsPort & EventsPort & Pick<InboxPort, 'ingest'>; shop: ShopConfig; log: Logger; clock?: () => Date; replyWindowOf?: (channel: ChannelId) => ReplyWindow | undefined }): void {
  const { store, shop } = deps;
  const log = deps.log.child({ module: 'api:conversations' });
  const agent = requireRole(() => shop.agents, 'agent');

  /** Parse `:id` and check the caller may see it; answers 400/403/404 itself and returns undefined then. */
  async function conversation(req: Request, res: Response, opts: { claiming?: boolean } = {}): Promise<{ id: ConversationId; handoff: Handoff } | undefined> {
    const id = ConversationIdParam.safeParse(req.params.id);
    if (!id.success) {
      res.status(400).json({ error: `id: ${id.error.issues[0]?.message}` });
      return undefined;
    }
    const conversationId = id.data as ConversationId;
    const handoff = await store.handoffOf(conversationId);
    // A claim on a held conversation is a conflict (409), answered by the claim itself.
    if (!opts.claiming && !maySee(agentOf(res), handoff)) {
      res.status(403).json({ error: `${conversationId} is held by another agent` });
      return undefined;
    }
    if (handoff.state === 'bot' && (await store.transcript(conversationId, 1)).length === 0) {
      res.status(404).json({ error: `no conversation ${conversationId}` });
      return undefined;
    }
    return { id: conversationId, handoff };
  }

  const publish = (event: GatewayEvent) => store.publish(event).catch((err: unknown) => log.warn('event not published', { err }));

  api.get('/conversations', agent, async (req, res) => {
    const query = StateQuery.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    const me = agentOf(res);
    const rows = await store.listConversations(query.data.state, query.data.limit);
    res.json({ conversations: rows.filter((row) => maySee(me, { state: row.state, ...(row.agent ? { agent: row.agent } : {}) })) } satisfies ConversationList);
  });

  api.get('/conversations/:id', agent, async (req, res) => {
    const found = await conversation(req, res);
    if (!found) return;
    const [transcript, session] = await Promise.all([store.transcript(found.id), store.loadSession(found.id)]);
    res.json({
      id: found.id,
      channel: found.id.slice(0, found.id.indexOf(':')),
      state: found.handoff.state,
      agent: found.handoff.agent ?? null,
      waitingSince: found.handoff.state === 'queued' ? found.handoff.queuedAt : null,
      reason: found.handoff.reason ?? null,
      contact: session?.contact ?? {},
      language: session?.lang ?? null,
      transcript,
    } satisfies ConversationDetail);
  });

  api.post('/conversations/:id/claim', agent, async (req, res) => {
    const found = await conversation(req, res, { claiming: true });
    if (!found) return;
    const me = agentOf(res);
    const result = await store.claimConversation(found.id, me.name, me.maxConversations);
    if (result === 'taken') {
      res.status(409).json({ error: 'another agent has this conversation' });
      return;
    }
    if (result === 'over_limit') {
      res.status(409).json({ error: `you already hold ${me.maxConversations} conversations (your maxConversations)` });
      return;
    }
    log.info('conversation claimed', { conversationId: found.id, agent: me.name });
    await publish({ type: 'handoff', conversationId: found.id, state: 'agent', agent: me.name, at: new Date().toISOString() });
    res.json({ id: found.id, state: 'agent', agent: me.name } satisfies ClaimAnswer);
  });

  api.post('/conversations/:id/messages', agent, async (req, res) => {
    const body = MessageBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const found = await conversation(req, res);
    if (!found) return;
    const me = agentOf(res);
    if (found.handoff.state !== 'agent' || found.handoff.agent !== me.name) {
      res.status(409).json({ error: 'claim the conversation before replying' });
      return;
    }
    const session = await store.loadSession(found.id);
    if (!session) {
      res.status(404).json({ error: 'the conversation has expired' });
      return;
    }
    const now = deps.clock?.() ?? new Date();
    const at = now.toISOString();
    // Outside the channel's window (WhatsApp 24 h, Messenger 7 days for a person): the shop's template, or refused with the reason.
    const plan = planAgentReply(deps.replyWindowOf?.(session.address.channel), session, body.data.text, { now, templateOf: (channel, lang) => shop.windowTemplates[channel]?.[lang], defaultLanguage: shop.shop.defaultLanguage });
    if ('refused' in plan) {
      log.info('agent reply refused: outside the reply window', { conversationId: found.id, agent: me.name });
      res.status(409).json({ error: `not sent: ${plan.refused}`, outsideWindow: true });
      return;
    }
    const { delivery } = plan;
    const line: TranscriptEntry = { id: `${delivery.id}:0`, from: 'agent', text: body.data.text, at };
    // Through the conversation's own outbound queue: after any bot reply already queued, in order.
    await store.sendAsAgent(found.id, line, delivery);
    await publish({ type: 'message', conversationId: found.id, id: line.id, from: 'agent', text: line.text, at, agent: me.name });
    const status = delivery.template ? `queued for delivery as the approved template "${delivery.template.name}" (outside the reply window)` : plan.send === 'agent_tag' ? 'queued for delivery as a person\'s reply (HUMAN_AGENT tag: past 24 h)' : 'queued for delivery';
    res.status(202).json({ id: line.id, status } satisfies MessageAnswer);
  });

  for (const to of ['release', 'close'] as const) {
    api.post(`/conversations/:id/${to}`, agent, async (req, res) => {
      const found = await conversation(req, res);
      if (!found) return;
      const me = agentOf(res);
      const result = await store.releaseConversation(found.id, me.role === 'owner' ? undefined : me.name, to === 'release' ? 'bot' : 'closed');
      if (result === 'not_yours') {
        res.status(403).json({ error: 'another agent has this conversation' });
        return;
      }
      if (result === 'not_held') {
        res.status(409).json({ error: `the conversation is ${found.handoff.state}, not queued or with an agent` });
        return;
      }
      const state = to === 'release' ? 'bot' : 'closed';
      if (to === 'release') {
        // Tell the buyer the assistant is back, in their language.
        const session = await store.loadSession(found.id);
        if (session) {
          const lang = session.lang ?? shop.shop.defaultLanguage;
          const text = shop.handoff.texts.released[lang] ?? shop.handoff.texts.released[shop.shop.defaultLanguage]!;
          const delivery: Delivery = { id: `r:${randomUUID()}`, address: session.address, replies: [{ kind: 'text', text }] };
          await store.sendAsAgent(found.id, { id: `${delivery.id}:0`, from: 'bot', text, at: new Date().toISOString() }, delivery);
        }
      }
      log.info(`conversation ${to === 'release' ? 'released' : 'closed'}`, { conversationId: found.id, agent: me.name });
      await publish({ type: 'handoff', conversationId: found.id, state, agent: me.name, at: new Date().toISOString() });
      res.json({ id: found.id, state } satisfies ReleaseAnswer);
    });
  }

  api.post('/conversations/:id/ask-contact', agent, async (req, res) => {
    const found = await conversation(req, res);
    if (!found) return;
    const session = await store.loadSession(found.id);
    if (!session) {
      res.status(404).json({ error: 'the conversation has expired' });
      return;
    }
    // Recorded like a buyer message, so it is processed in order with what the buyer writes.
    await store.ingest({
      id: `ask-contact:${randomUUID()}`,
      address: session.address,
      sender: { id: agentOf(res).name },
      text: '',
      attachments: [],
      receivedAt: new Date().toISOString(),
      event: 'ask_contact',
    });
    res.status(202).json({ status: 'the buyer will be asked for a phone number or e-mail' } satisfies AskContactAnswer);
  });

  api.get('/faq', agent, (_req, res) => {
    res.json({ topics: shop.faq.map((topic) => ({ id: topic.id, answer: topic.answer })) } satisfies FaqAnswer);
  });

  api.get('/events', agent, async (req, res) => {
    const me = agentOf(res);
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write(': connected\n\n');
    const holders = new Map<string, Handoff>();
    const unsubscribe = await store.subscribe((event) => {
      void (async () => {
        if (event.type === 'handoff') holders.set(event.conversationId, { state: event.state, ...(event.agent ? { agent: event.agent } : {}) });
        const handoff = holders.get(event.conversationId) ?? (await store.handoffOf(event.conversationId as ConversationId).catch(() => undefined));
        if (handoff) holders.set(event.conversationId, handoff);
        if (event.type !== 'handoff' && handoff && !maySee(me, handoff)) return; // who holds what is not private; the text is
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      })();
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
