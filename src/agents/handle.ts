import type { Agent } from '../config/schema.js';
import type { Attachment, ConversationId, InboundMessage } from '../engine/types.js';
import type { AgentChannel } from './accounts.js';
import { agentLanguage } from './accounts.js';
import type { AgentActions } from './actions.js';
import { postPolitely, type DeskDeps } from './announce.js';
import { parseAgentCommand } from './commands.js';
import { isAgentsPlace, placeKey, placeOfMessage, postOpts } from './places.js';
import { agentText, type AgentTextId } from './texts.js';

/**
 * Carries out one message an agent wrote to the bot (a command, a Claim press, or an answer to a
 * buyer) and answers the agent in the same chat, in their language. Every refusal says why.
 */
export function createAgentHandler(deps: DeskDeps, actions: AgentActions) {
  const { store, desk } = deps;
  const log = deps.log.child({ module: 'agents:commands' });

  return async function handle(msg: InboundMessage, agent: Agent, channel: AgentChannel): Promise<void> {
    const chat = deps.chats[channel]!;
    const place = placeOfMessage(deps.shop(), agent, channel, msg.address.conversationId, msg.topic);
    const key = placeKey(place);
    const chatId = place.chatId;
    const lang = agentLanguage(deps.shop(), agent);
    // What the message is about: its forum topic (linked to the topic's buyer), else the message
    // replied to, else in a shared Slack channel the thread's announcement.
    const replyTo = place.topic ?? msg.replyTo ?? place.thread;
    /**
     * Answer the agent. A failed answer is logged, not thrown: what the agent asked for is done
     * already, and a redelivery of their message would do it twice.
     */
    const tell = (text: string) => postPolitely(chat, chatId, text, postOpts(place)).then(() => undefined, (err: unknown) => void log.warn('answer to the agent not posted', { err, agent: agent.name }));
    const say = (id: AgentTextId, values: Record<string, string | number> = {}) => tell(agentText(lang, id, values));

    const held = async () => (await store.listConversations('agent', 500)).filter((c) => c.agent === agent.name).map((c) => c.id);
    /** The conversation a command is about: by number, else the message replied to, else the only one held. */
    async function target(n: number | undefined): Promise<{ id: ConversationId; n: number } | undefined> {
      if (n !== undefined) {
        const id = await desk.conversationOfNumber(n);
        if (!id) return void (await say('noSuch', { n }));
        return { id, n };
      }
      const linked = replyTo ? await desk.linked(key, replyTo) : undefined;
      if (linked) return { id: linked, n: await desk.numberOf(linked) };
      const mine = await held();
      if (mine.length === 1) return { id: mine[0]!, n: await desk.numberOf(mine[0]!) };
      if (mine.length === 0) return void (await say('noneHeld'));
      const numbers = await Promise.all(mine.map((id) => desk.numberOf(id)));
      return void (await say('whichOne', { held: numbers.map((x) => `#${x}`).join(', ') }));
    }
    /** Refuse unless the agent holds it (owners may hand back or close anyone's, as in the console). */
    async function mustHold(t: { id: ConversationId; n: number }, ownerMay = false): Promise<boolean> {
      const handoff = await store.handoffOf(t.id);
      if (handoff.state === 'agent' && (handoff.agent === agent.name || (ownerMay && agent.role === 'owner'))) return true;
      if (ownerMay && agent.role === 'owner' && handoff.state === 'queued') return true;
      await say('notYours', { n: t.n, holder: handoff.state === 'agent' && handoff.agent ? ` (${handoff.agent})` : '' });
      return false;
    }
    /** Send to the buyer; what stops it (expired, outside the channel's window) is told to the agent. */
    async function send(t: { id: ConversationId; n: number }, text: string): Promise<void> {
      const sent = await actions.say(t.id, agent, text);
      if (sent === 'expired') await say('noSuch', { n: t.n });
      else if (sent !== 'sent') await say('deliveryFailed', { n: t.n, reason: sent.refused });
    }
    async function answer(t: { id: ConversationId; n: number }, text: string): Promise<void> {
      if (await mustHold(t)) await send(t, text);
    }

    /**
     * A photo or file the agent sent: passed on where the buyer's channel can show it (a Telegram
     * agent's photo or document to a Telegram buyer, by its file_id), else refused with the reason.
     */
    async function sendAttachment(attachment: Attachment, caption: string, n?: number): Promise<void> {
      const t = await target(n);
      if (!t || !(await mustHold(t))) return;
      const type = attachment.type === 'image' ? 'photo' : attachment.type === 'file' ? 'document' : undefined;
      if (channel !== 'telegram' || !type || !attachment.fileId) return say('noMedia');
      const sent = await actions.sendFile(t.id, agent, { type, channel, fileId: attachment.fileId }, caption);
      if (sent === 'expired') await say('noSuch', { n: t.n });
      else if (sent !== 'sent') await ('cannotShow' in sent ? say('noFilesFor', { n: t.n, channel: sent.cannotShow }) : say('deliveryFailed', { n: t.n, reason: sent.refused }));
    }

    const command = parseAgentCommand(msg.text, msg.postback);
    // A photo's caption is its text: "/to 3 the lid" sends it to #3, any other caption goes with it as written.
    const attached = msg.attachments[0];
    if (attached && command.kind === 'to') return sendAttachment(attached, command.text, command.n);
    if (attached && command.kind !== 'text') return sendAttachment(attached, msg.text ?? '');
    switch (command.kind) {
      case 'help':
        return say('help');
      case 'claim': {
        const id = await desk.conversationOfNumber(command.n);
        if (!id) return say('noSuch', { n: command.n });
        const before = await store.handoffOf(id);
        if (before.state === 'agent') return before.agent === agent.name ? say('claimed', { n: command.n }) : say('taken', { n: command.n, agent: before.agent ?? '?' });
        if (before.state !== 'queued') return say('notWaiting', { n: command.n, state: before.state });
        const result = await actions.claim(id, agent);
        if (result === 'claimed') return say('claimed', { n: command.n });
        if (result === 'over_limit') return say('overLimit', { max: agent.maxConversations });
        return say('taken', { n: command.n, agent: (await store.handoffOf(id)).agent ?? '?' });
      }
      case 'to': {
        const t = await target(command.n);
        return t && answer(t, command.text);
      }
      case 'text': {
        // In the shared place agents also talk among themselves: only a reply to a buyer's message (or in a buyer's thread or topic) answers a buyer.
        const inGroup = isAgentsPlace(deps.shop(), msg.address.conversationId);
        if (inGroup && !(replyTo && (await desk.linked(key, replyTo)))) return;
        const attachment = msg.attachments[0];
        if (attachment) return sendAttachment(attachment, command.text);
        if (!command.text) return;
        const t = await target(undefined);
        return t && answer(t, command.text);
      }
      case 'release':
      case 'close': {
        const t = await target(command.n);
        if (!t || !(await mustHold(t, true))) return;
        const result = await actions.release(t.id, agent, command.kind === 'release' ? 'bot' : 'closed');
        if (result === 'released') return say(command.kind === 'release' ? 'released' : 'closed', { n: t.n });
        return say('notYours', { n: t.n, holder: '' });
      }
      case 'contact': {
        const t = await target(command.n);
        if (!t || !(await mustHold(t))) return;
        return (await actions.askContact(t.id, agent)) ? say('contactAsked', { n: t.n }) : say('noSuch', { n: t.n });
      }
      case 'faq': {
        const t = await target(command.n);
        if (!t || !(await mustHold(t))) return;
        const text = await actions.faqAnswer(t.id, command.topic);
        if (!text) return say('faqUnknown', { topic: command.topic, topics: deps.shop().faq.map((f) => f.id).join(', ') });
        return send(t, text);
      }
      case 'list': {
        const [waiting, mine] = await Promise.all([store.listConversations('queued', 50), held()]);
        const show = async (ids: ConversationId[]) => (ids.length ? (await Promise.all(ids.map(async (id) => `#${await desk.numberOf(id)} (${id.slice(0, id.indexOf(':'))})`))).join(', ') : agentText(lang, 'nothing'));
        const text = `${agentText(lang, 'listWaiting', { items: await show(waiting.map((c) => c.id)) })}\n${agentText(lang, 'listMine', { items: await show(mine) })}`;
        return tell(text);
      }
    }
  };
}
