import type { ShopConfig } from '../config/schema.js';
import type { ReplyWindow } from '../engine/reply-window.js';
import type { ChannelId, GatewayPort, InboundMessage, IngestResult } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { AgentDeskStore } from '../store/agent-desk-types.js';
import type { Store } from '../store/types.js';
import { agentAt, type AgentChannel } from './accounts.js';
import { createAgentActions } from './actions.js';
import { createAnnouncer } from './announce.js';
import type { AgentChat } from './chat.js';
import { STATUS_COMMAND } from './commands.js';
import { createAgentHandler } from './handle.js';
import { isAgentsChat, isAgentsPlace } from './places.js';
import { createRelay } from './relay.js';

/** How long an agent's message id is remembered, so a platform's redelivery is not done twice. */
const HANDLED_TTL_SECONDS = 86_400;

export interface AgentDesk {
  /** The port adapters get: agents' own chats are handled here, everything else goes on to `inner`. */
  port(inner: GatewayPort): GatewayPort;
  /** Listen to every instance's conversation events (announce, keep announcements true, relay). */
  start(): Promise<void>;
  stop(): void;
}

/**
 * Agents and owners on the go (issue #17): they see waiting buyers, claim, answer, hand back and
 * close from Telegram (or Slack) with the same store operations as the console. Their messages to
 * the bot are caught as they arrive, before the engine: an agent's chat is never a buyer conversation.
 */
export function createAgentDesk(deps: { store: Store; desk: AgentDeskStore; shop: () => ShopConfig; chats: Partial<Record<AgentChannel, AgentChat>>; log: Logger; replyWindowOf?: (channel: ChannelId) => ReplyWindow | undefined }): AgentDesk {
  const log = deps.log.child({ module: 'agents' });
  const handle = createAgentHandler(deps, createAgentActions(deps.store, deps.shop, deps.replyWindowOf));
  const announcer = createAnnouncer(deps);
  const relay = createRelay(deps);
  let unsubscribe: (() => void) | undefined;
  let reminders: NodeJS.Timeout | undefined;

  /** The agent this message is from, when it is written in one of the agents' chats with the bot. */
  function agentOf(msg: InboundMessage) {
    const channel = msg.address.channel;
    if (channel !== 'telegram' && channel !== 'slack') return undefined;
    if (!deps.chats[channel]) return undefined;
    const agent = agentAt(deps.shop(), channel, msg.sender.id);
    if (!agent || !isAgentsChat(deps.shop(), agent, channel, msg.address.conversationId)) return undefined;
    // Owners' status commands stay with the status flow (flows/status).
    if (agent.role === 'owner' && !msg.postback && STATUS_COMMAND.test(msg.text.trim())) return undefined;
    return { agent, channel };
  }

  return {
    port(inner) {
      return {
        ...inner,
        async receive(msg): Promise<IngestResult> {
          const from = agentOf(msg);
          if (!from) {
            // Others in the agents' group are not buyers: their messages are not the bot's to answer.
            if (isAgentsPlace(deps.shop(), msg.address.conversationId)) return 'accepted';
            return inner.receive(msg);
          }
          const mark = `in:${msg.id}`;
          if (!(await deps.desk.once(mark, HANDLED_TTL_SECONDS))) return 'duplicate';
          try {
            await handle(msg, from.agent, from.channel);
          } catch (err) {
            // Not done: forget the mark so the platform's redelivery (after our 5xx) does it.
            await deps.desk.forget(mark).catch(() => undefined);
            throw err;
          }
          log.info('agent message handled', { agent: from.agent.name, channel: from.channel });
          return 'accepted';
        },
      };
    },
    async start() {
      unsubscribe = await deps.store.subscribe((event) => {
        void Promise.all([announcer.onEvent(event), relay.onEvent(event)]).catch((err: unknown) => log.warn('agents desk could not act on an event', { err, type: event.type }));
      });
      // Every instance looks; the desk store's mark lets one of them remind.
      const every = Math.min(5000, Math.max(50, (deps.shop().handoff.timeoutMinutes * 60_000) / 8));
      let busy = false;
      reminders = setInterval(() => {
        if (busy) return;
        busy = true;
        announcer.remindWaiting(new Date()).catch((err: unknown) => log.warn('cannot remind agents of waiting buyers; retrying', { err })).finally(() => (busy = false));
      }, every);
      reminders.unref();
    },
    stop() {
      unsubscribe?.();
      clearInterval(reminders);
    },
  };
}
