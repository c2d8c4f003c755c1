import type { Gateway } from '../../src/main.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram.js';
import { startTestGateway } from './gateway.js';
import { startRedisServer, type TestRedis } from './redis-server.js';
import { TELEGRAM_SECRET, TELEGRAM_TOKEN } from './telegram-webhook.js';

/** A private Redis, a fake Telegram Bot API and a gateway with Telegram enabled against both. */
export interface TelegramRig {
  redis: TestRedis;
  telegram: FakeTelegram;
  gateway: Gateway;
  /** Another gateway instance on the same Redis and Bot API. */
  another(): Promise<Gateway>;
  close(): Promise<void>;
}

export async function startTelegramRig(opts: { persistentRedis?: boolean; env?: Record<string, string> } = {}): Promise<TelegramRig> {
  const redis = await startRedisServer({ persistent: opts.persistentRedis ?? false });
  const telegram = await startFakeTelegram();
  const env = { REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: telegram.url, ...opts.env };
  const gateway = await startTestGateway(env);
  const others: Gateway[] = [];
  return {
    redis,
    telegram,
    gateway,
    async another() {
      const g = await startTestGateway(env);
      others.push(g);
      return g;
    },
    async close() {
      for (const g of [gateway, ...others]) await g.close();
      await telegram.close();
      await redis.stop();
    },
  };
}
