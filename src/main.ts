import { createAdapters, createAgentChats } from '../adapters/index.js';
import { ChannelSettingsSchemas } from '../adapters/settings.js';
import { startAgents } from './agents/index.js';
import { effectiveStatus } from '../flows/away/status.js';
import { deadLetter, flows } from '../flows/index.js';
import { loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { createEngine } from './engine/engine.js';
import { mountApi } from './http/api.js';
import { mountConsole } from './http/console.js';
import { mountKnowledgeApi } from './http/knowledge-api.js';
import { readMessage } from '../flows/faq/read.js';
import { openKnowledge } from './store/knowledge-open.js';
import { trainOffThread } from '../flows/faq/train-off-thread.js';
import { createHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { createStore } from './store/index.js';
import { openRateLimits } from './store/rate-limit.js';
import { startOrders } from './orders/index.js';
import { isOrderQuestion } from '../flows/orders/index.js';
import { createMetrics } from './metrics/registry.js';
import { createMeter } from './metrics/observe.js';
import { mountMetrics } from './metrics/http.js';
import { createMemoryGauges, createRedisGauges } from './store/gauges.js';
import { openInsights } from './insights/index.js';
import { mountInsightsApi } from './insights/api.js';



export interface Gateway {
  config: Config;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Base URL of the separate metrics listener, when METRICS_PORT is set. */
  metricsUrl?: string;
  log: Logger;
  /** Stop accepting, finish the work in hand, close connections. */
  close(): Promise<void>;
}

/**
 * The composition root: loadConfig -> createStore -> createAdapters -> createEngine -> listen.
 * `envSource` replaces process.env (tests start several gateways side by side).
 */
export async function startGateway(envSource: Record<string, string | undefined> = process.env, logger?: Logger): Promise<Gateway> {
  // The gateway's settings and every channel's (adapters/<channel>/settings.ts), checked together.
  const config = loadConfig(envSource, ChannelSettingsSchemas);
  const log = logger ?? createLogger({ level: config.env.LOG_LEVEL, production: config.env.NODE_ENV === 'production' });
  const store = await createStore(config.env, log);
  const adapters = createAdapters(config.channels, config.shop, log);
  const orders = await startOrders({ env: config.env, store, shop: config.shop, log, wants: isOrderQuestion });
  // The FAQ's message model trains in a worker thread, at start-up and on every change of the shop's
  // knowledge: never while a buyer waits, nor blocking this instance while an owner teaches it.
  const knowledge = await openKnowledge(config.env, config.shop, store, log, trainOffThread);
  await trainOffThread(knowledge.shop()).catch((err: unknown) => log.warn('FAQ model not trained off the event loop; training it here', { error: (err as Error).message }));
  readMessage(knowledge.shop(), 'hi');
  const rateLimits = openRateLimits(config.env); // the platforms' sending limits, counted for all instances
  // Operators' metrics and owners' insights watch the engine from outside: its store, adapters and port are wrapped.
  const gauges = config.env.REDIS_URL ? createRedisGauges(config.env.REDIS_URL) : createMemoryGauges(store);
  const metrics = createMetrics({ engine: () => engine.stats, roundTrips: () => store.roundTrips(), storeErrors: () => store.storeErrors(), gauges });
  const meter = createMeter(metrics);
  const insights = openInsights(config.env, config.shop, log);
  const onTurn: NonNullable<Parameters<typeof createEngine>[0]['onTurn']> = (turn) => (knowledge.noteTurn(turn), orders.noteTurn(turn), meter.noteTurn(turn), insights.recorder.noteTurn(turn));
  const engine = createEngine({
    store: insights.recorder.engineStore(meter.store(store)),
    flows,
    deadLetter,
    shop: config.shop,
    log,
    adapters: meter.adapters(adapters),
    concurrency: config.env.WORKER_CONCURRENCY,
    busyReplyAfterMs: config.env.BUSY_REPLY_AFTER_SECONDS * 1000,
    liveShop: knowledge.shop,
    onTurn,
    orders: orders.lookup,
    rateLimits,
  });

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
  meter.webhooks(http.server);
  const metricsListener = await mountMetrics(http.app, metrics, config.env, log);
  mountApi(http.app, { store: insights.recorder.agentStore(store), shop: config.shop, log, stats: () => ({ ...engine.stats }), describeStatus: (owner, now) => effectiveStatus(owner, config.shop, now), channelsDown, replyWindowOf: (channel) => adapters.get(channel)?.capabilities.replyWindow });
  mountKnowledgeApi(http.app, { knowledge, shop: config.shop, read: readMessage, log });
  mountConsole(http.app);
  mountInsightsApi(http.app, { store: insights.store, shop: config.shop });
  orders.mount(http.app);
  // Agents' own chats with the bot are caught before the engine (src/agents): never buyer conversations.
  const agents = await startAgents({ env: config.env, store, shop: knowledge.shop, chats: createAgentChats(config.channels), log, replyWindowOf: (channel) => adapters.get(channel)?.capabilities.replyWindow });
  const gatewayPort = meter.port(agents.port(engine.port));
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
    ...(metricsListener.url ? { metricsUrl: metricsListener.url } : {}),
    log,
    close() {
      closing ??= (async () => {
        const httpClosed = http.close(); // stop accepting; requests in flight finish
        await engine.stop(); // finish the messages and deliveries in hand
        for (const adapter of adapters.values()) await adapter.close?.(); // e.g. web chat sockets
        await httpClosed;
        await agents.close();
        await orders.close();
        await Promise.all([metricsListener.close(), gauges.close(), insights.store.close()]);
        knowledge.stop();
        await knowledge.store.close();
        await rateLimits.close();
        await store.close();
        log.info('shopdesk stopped');
      })();
      return closing;
    },
  };
}
