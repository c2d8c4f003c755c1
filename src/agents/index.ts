import type { Env, ShopConfig } from '../config/schema.js';
import type { ReplyWindow } from '../engine/reply-window.js';
import type { ChannelId, GatewayPort } from '../engine/types.js';
import type { Logger } from '../log.js';
import { createAgentDeskStore } from '../store/agent-desk-index.js';
import type { Store } from '../store/types.js';
import type { AgentChannel } from './accounts.js';
import type { AgentChat } from './chat.js';
import { createAgentDesk } from './desk.js';

export type { AgentChat } from './chat.js';

/** Agents on the go, as the composition root sees it. */
export interface Agents {
  port(inner: GatewayPort): GatewayPort;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Start the agents' desk when some agent has a chat account on a running channel (shop config
 * `agents[].telegram` / `.slack`); otherwise the adapters get the engine's port unchanged.
 */
export async function startAgents(deps: { env: Env; store: Store; shop: () => ShopConfig; chats: Partial<Record<AgentChannel, AgentChat & { close(): void }>>; log: Logger; replyWindowOf?: (channel: ChannelId) => ReplyWindow | undefined }): Promise<Agents> {
  const channels = (Object.keys(deps.chats) as AgentChannel[]).filter((c) => deps.shop().agents.some((a) => a[c] !== undefined));
  const closeChats = () => Object.values(deps.chats).forEach((chat) => chat.close());
  if (!channels.length) {
    closeChats();
    return { port: (inner) => inner, start: async () => undefined, close: async () => undefined };
  }
  const chats = Object.fromEntries(channels.map((c) => [c, deps.chats[c]!]));
  const store = await createAgentDeskStore(deps.env.REDIS_URL);
  const desk = createAgentDesk({ store: deps.store, desk: store, shop: deps.shop, chats, log: deps.log, ...(deps.replyWindowOf ? { replyWindowOf: deps.replyWindowOf } : {}) });
  return {
    port: (inner) => desk.port(inner),
    start: () => desk.start(),
    async close() {
      desk.stop();
      await store.close();
      closeChats();
    },
  };
}
