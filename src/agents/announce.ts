import type { ShopConfig } from '../config/schema.js';
import type { ConversationId } from '../engine/types.js';
import { AdapterError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AgentDeskStore } from '../store/agent-desk-types.js';
import type { GatewayEvent } from '../store/handoff.js';
import type { Store } from '../store/types.js';
import type { AgentChannel } from './accounts.js';
import type { AgentChat } from './chat.js';
import { CLAIM_PREFIX } from './commands.js';
import { announcePlaces, chatKey, placeKey, type AgentPlace } from './places.js';
import { agentText } from './texts.js';
import { createTopics } from './topics.js';

/** Buyer messages quoted in a brief. */
const LAST_MESSAGES = 3;
/** Tries of one post when the platform says "too many requests, retry after…". */
const POST_TRIES = 3;

export interface DeskDeps {
  store: Store;
  desk: AgentDeskStore;
  shop: () => ShopConfig;
  chats: Partial<Record<AgentChannel, AgentChat>>;
  log: Logger;
}

/** Post, waiting as long as the platform asks on a 429 (its rate limit), a few times. */
export async function postPolitely(chat: AgentChat, chatId: string, text: string, opts: Parameters<AgentChat['post']>[2] = {}): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chat.post(chatId, text, opts);
    } catch (err) {
      const wait = err instanceof AdapterError && err.opts.status === 429 ? (err.opts.retryAfterMs ?? 1000) : undefined;
      if (wait === undefined || attempt >= POST_TRIES) throw err;
      await new Promise((r) => setTimeout(r, Math.min(wait, 30_000)));
    }
  }
}

/**
 * Tells agents about waiting buyers and keeps the announcements true: a queued conversation is
 * announced once (across instances: a mark in Redis per waiting period) with a handoff brief and
 * a Claim button (in a group with forum topics: in the buyer's own topic); when someone takes it
 * (from chat or the console), hands it back or closes it, every announcement of it is edited to
 * say so, and a closed conversation's topic is closed.
 */
export function createAnnouncer(deps: DeskDeps) {
  const { store, desk } = deps;
  const topics = createTopics(deps);
  const log = deps.log.child({ module: 'agents:announce' });
  const channels = Object.keys(deps.chats) as AgentChannel[];

  /** The handoff brief: who waits, where, why, their contact, what the bot said, their last messages. */
  async function brief(conversationId: ConversationId, n: number, reason: string | undefined, lang: string): Promise<string> {
    const [session, lines] = await Promise.all([store.loadSession(conversationId), store.transcript(conversationId, 20)]);
    const contact = Object.entries(session?.contact ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
    const channel = conversationId.slice(0, conversationId.indexOf(':'));
    const head = agentText(lang, 'brief', {
      n,
      name: session?.contact.name ?? agentText(lang, 'nothing'),
      channel,
      lang: session?.lang ?? '?',
      reason: reason ?? 'human',
      contact: contact || agentText(lang, 'nothing'),
    });
    const parts = [head];
    const botSaid = [...lines].reverse().find((l) => l.from === 'bot');
    if (botSaid) parts.push(agentText(lang, 'botSaid', { text: botSaid.text }));
    const buyer = lines.filter((l) => l.from === 'buyer').slice(-LAST_MESSAGES);
    if (buyer.length) parts.push([agentText(lang, 'lastMessages'), ...buyer.map((l) => `> ${l.text}`)].join('\n'));
    return parts.join('\n\n');
  }

  async function announce(place: AgentPlace, conversationId: ConversationId, n: number, reason: string | undefined): Promise<void> {
    const chat = deps.chats[place.channel]!;
    const text = await brief(conversationId, n, reason, place.lang);
    const name = (await store.loadSession(conversationId))?.contact.name ?? `#${n}`;
    // No topic (the group has none, or Telegram would not make one now): announced in the group itself.
    const topic = await topics.topicFor(place, conversationId, `${name} · ${conversationId.slice(0, conversationId.indexOf(':'))}`).catch((err: unknown) => void log.warn('forum topic not opened; announcing in the group', { err, conversationId }));
    const messageId = await postPolitely(chat, place.chatId, text, { buttons: [{ label: agentText(place.lang, 'claimButton', { n }), payload: `${CLAIM_PREFIX}${n}` }], ...(topic ? { topic } : {}) });
    await desk.addPost(conversationId, { chat: chatKey(place), messageId, text, ...(topic ? { topic } : {}) });
    await desk.link(placeKey(place), messageId, conversationId);
  }

  async function onQueued(conversationId: ConversationId, event: Extract<GatewayEvent, { type: 'handoff' }>): Promise<void> {
    const handoff = await store.handoffOf(conversationId);
    if (handoff.state !== 'queued') return; // taken already
    // Every instance hears the event; the first to set the mark for this waiting period posts.
    if (!(await desk.once(`announce:${conversationId}:${handoff.queuedAt ?? event.at}`))) return;
    const n = await desk.numberOf(conversationId);
    for (const place of announcePlaces(deps.shop(), channels)) {
      await announce(place, conversationId, n, event.reason ?? handoff.reason).catch((err: unknown) => log.warn('announcement not posted', { err, place: placeKey(place), conversationId }));
    }
  }

  /** Someone took it, or it went back to the bot or was closed: every announcement says so, without its button. */
  async function onSettled(conversationId: ConversationId, event: Extract<GatewayEvent, { type: 'handoff' }>): Promise<void> {
    if (!(await desk.once(`settled:${conversationId}:${event.state}:${event.at}`))) return;
    const posts = await desk.posts(conversationId);
    if (!posts.length) return;
    const n = await desk.numberOf(conversationId);
    const lang = deps.shop().shop.defaultLanguage;
    const note = event.state === 'agent' ? agentText(lang, 'takenBy', { n, agent: event.agent ?? '?' }) : agentText(lang, event.state === 'closed' ? 'closedBy' : 'backToBot', { n });
    for (const post of posts) {
      const [channel, chatId] = [post.chat.slice(0, post.chat.indexOf(':')) as AgentChannel, post.chat.slice(post.chat.indexOf(':') + 1)];
      const chat = deps.chats[channel];
      await chat?.edit(chatId, post.messageId, `${post.text}\n\n${note}`).catch((err: unknown) => log.debug('announcement not edited', { err, conversationId }));
    }
    if (event.state === 'closed') await topics.close(conversationId).catch((err: unknown) => log.warn('forum topic not closed', { err, conversationId }));
  }

  /**
   * Halfway to the handoff timeout (the moment the buyer is asked for a call-back number),
   * every place that announced a still-waiting buyer is reminded once, under the announcement.
   */
  async function remindWaiting(now: Date): Promise<void> {
    const shop = deps.shop();
    const remindAfterMs = (shop.handoff.timeoutMinutes * 60_000) / 2;
    for (const c of await store.listConversations('queued', 100)) {
      if (!c.waitingSince || now.getTime() - Date.parse(c.waitingSince) < remindAfterMs) continue;
      if (!(await desk.once(`remind:${c.id}:${c.waitingSince}`))) continue;
      const n = await desk.numberOf(c.id);
      const posts = await desk.posts(c.id);
      const minutes = Math.round((now.getTime() - Date.parse(c.waitingSince)) / 60_000);
      for (const place of announcePlaces(shop, channels)) {
        const announcement = posts.find((p) => p.chat === chatKey(place));
        const text = agentText(place.lang, 'reminder', { n, minutes, timeout: shop.handoff.timeoutMinutes });
        const button = { label: agentText(place.lang, 'claimButton', { n }), payload: `${CLAIM_PREFIX}${n}` };
        const where = announcement ? { replyTo: announcement.messageId, ...(announcement.topic ? { topic: announcement.topic } : {}) } : {};
        await postPolitely(deps.chats[place.channel]!, place.chatId, text, { buttons: [button], ...where })
          .then((messageId) => desk.link(placeKey(place), messageId, c.id))
          .catch((err: unknown) => log.warn('reminder not posted', { err, place: placeKey(place), conversationId: c.id }));
      }
    }
  }

  return {
    remindWaiting,
    async onEvent(event: GatewayEvent): Promise<void> {
      if (event.type !== 'handoff') return;
      const conversationId = event.conversationId;
      if (event.state === 'queued') await onQueued(conversationId, event);
      else await onSettled(conversationId, event);
    },
  };
}
