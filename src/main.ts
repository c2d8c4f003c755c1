import { createAdapters, createAgentChats } from '../adapters/index.js';
import { startAgents } from './agents/index.js';
import { effectiveStatus } from '../flows/away/status.js';
import { flows } from '../flows/index.js';
import { loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { createEngine } from './engine/engine.js';
import { mountApi } from './http/api.js';
import { mountConsole } from './http/console.js';
import { mountKnowledgeApi } from './http/knowledge-api.js';
import { readMessage } from '../flows/faq/read.js';
import { openKnowledge } from './store/knowledge-open.js';
import { createHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { createStore } from './store/index.js';
import { startOrders } from './orders/index.js';
import { isOrderQuestion } from '../flows/orders/index.js';



export interface Gateway {
  config: Config;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  log: Logger;
  /** Stop accepting, finish the work in hand, close connections. */
  close(): Promise<void>;
}

/**
 * The composition root: loadConfig -> createStore -> createAdapters -> createEngine -> listen.
 * `envSource` replaces process.env (tests start several gateways side by side).
 */
export async function startGateway(envSource: Record<string, string | undefined> = process.env, logger?: Logger): Promise<Gateway> {
  const config = loadConfig(envSource);
  const log = logger ?? createLogger({ level: config.env.LOG_LEVEL, production: config.env.NODE_ENV === 'production' });
  const store = await createStore(config.env, log);
  const adapters = createAdapters(config, log);
  const orders = await startOrders({ env: config.env, store, shop: config.shop, log, wants: isOrderQuestion });
  const knowledge = await openKnowledge(config.env, config.shop, store, log);
  const engine = createEngine({ store, flows, shop: config.shop, log, adapters, concurrency: config.env.WORKER_CONCURRENCY, liveShop: knowledge.shop, onTurn: knowledge.noteTurn, orders: orders.lookup });

  /** Channels that cannot deliver at all (an operator must act), with the reason: for /readyz and the console. */
  const channelsDown = () => {
    const down: Record<string, string> = {};
    for (const adapter of adapters.values()) {
      const health = adapter.health?.();
      if (health && !health.up) down[adapter.channel] = health.reason ?? 'down';
    }
    return down;
  };
  let mounted = false;
  const http = createHttpServer({
    log,
    async readiness() {
      const storeUp = await store.ping().then(
        () => true,
        () => false,
      );
      return { ready: storeUp && mounted, checks: { store: storeUp, channels: mounted }, channelsDown: channelsDown() };
    },
  });
  mountApi(http.app, { store, shop: config.shop, log, stats: () => ({ ...engine.stats }), describeStatus: (owner, now) => effectiveStatus(owner, config.shop, now), channelsDown });
  mountKnowledgeApi(http.app, { knowledge, shop: config.shop, read: readMessage, log });
  mountConsole(http.app);
  orders.mount(http.app);
  // Agents' own chats with the bot are caught before the engine (src/agents): never buyer conversations.
  const agents = await startAgents({ env: config.env, store, shop: knowledge.shop, chats: createAgentChats(config), log });
  const gatewayPort = agents.port(engine.port);
  for (const adapter of adapters.values()) await adapter.mount(http.mount, gatewayPort);
  mounted = true;
  http.seal();
  const { port, host } = await http.listen(config.env.PORT, config.env.HOST);
  engine.start();
  await agents.start();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info(`shopdesk listening on ${url}`, {
    store: store.kind,
    channels: [...adapters.keys()],
    shopConfig: config.shopConfigPath,
  });

  let closing: Promise<void> | undefined;
  return {
    config,
    url,
    log,
    close() {
      closing ??= (async () => {
        const httpClosed = http.close(); // stop accepting; requests in flight finish
        await engine.stop(); // finish the messages and deliveries in hand
        for (const adapter of adapters.values()) await adapter.close?.(); // e.g. web chat sockets
        await httpClosed;
        await agents.close();
        await orders.close();
        knowledge.stop();
        await knowledge.store.close();
        await store.close();
        log.info('shopdesk stopped');
      })();
      return closing;
    },
  };
}
