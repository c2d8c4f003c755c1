import type { Gateway } from '../../src/main.js';
import { postToSlackWebhook } from '../adapters/slack/sign.js';
import { startFakeSlack } from './fakes/slack.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram.js';
import { startTestGateway } from './gateway.js';
import { startRedisServer, type TestRedis } from './redis-server.js';
import { TELEGRAM_SECRET, TELEGRAM_TOKEN } from './telegram-webhook.js';

export const SLACK_SECRET = 'slack-signing-secret-0123456789abcdef';

/** A gateway with Telegram (for buyers) and Slack (for agents) against their fakes, on a private Redis. */
export interface SlackDeskRig {
  redis: TestRedis;
  telegram: FakeTelegram;
  slack: Awaited<ReturnType<typeof startFakeSlack>>;
  gateway: Gateway;
  /** POST to a Slack route as Slack does, signed (the Slack adapter tests' helper); the status. */
  toSlack(path: string, body: string, form: boolean): Promise<number>;
  close(): Promise<void>;
}

export async function startSlackDeskRig(shopConfig: string): Promise<SlackDeskRig> {
  const redis = await startRedisServer();
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack();
  const gateway = await startTestGateway({
    REDIS_URL: redis.url,
    SHOP_CONFIG: shopConfig,
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_API_ROOT: telegram.url,
    SLACK_BOT_TOKEN: 'xoxb-1111-2222-testtoken',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_ROOT: slack.apiRoot,
  });
  return {
    redis,
    telegram,
    slack,
    gateway,
    toSlack: async (path, body, form) => (await postToSlackWebhook(gateway.url, SLACK_SECRET, { path, body, form })).status,
    async close() {
      await gateway.close();
      await telegram.close();
      await slack.close();
      await redis.stop();
    },
  };
}
