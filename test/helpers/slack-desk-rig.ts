import type { Gateway } from '../../src/main.js';
import { nowSeconds, postToSlackWebhook } from '../adapters/slack/sign.js';
import { startFakeSlack } from './fakes/slack.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegram.js';
import { startTestGateway } from './gateway.js';
import { startRedisServer, type TestRedis } from './redis-server.js';
import { TELEGRAM_SECRET, TELEGRAM_TOKEN } from './telegram-webhook.js';

export const SLACK_SECRET = 'slack-signing-secret-0123456789abcdef';
export const SLACK_TEAM = 'T0SHOP001';

/** A gateway with Telegram (for buyers) and Slack (for agents) against their fakes, on a private Redis. */
export interface SlackDeskRig {
  redis: TestRedis;
  telegram: FakeTelegram;
  slack: Awaited<ReturnType<typeof startFakeSlack>>;
  gateway: Gateway;
  /** POST to a Slack route as Slack does, signed (the Slack adapter tests' helper); the status. */
  toSlack(path: string, body: string, form: boolean): Promise<number>;
  /** A message event as Slack sends it (Events API `event_callback`), in `channel` (a DM: `im`); the status. */
  message(m: { user: string; channel: string; channelType: 'im' | 'channel'; text: string; threadTs?: string }): Promise<number>;
  /** A button pressed on the bot's message `messageTs` in `channel` (an interactivity `block_actions` payload); the status. */
  press(p: { user: string; channel: string; channelName: string; value: string; label: string; messageTs: string }): Promise<number>;
  /** The app's slash command `/shopdesk <text>` from a user's DM; the status. */
  command(user: string, text: string): Promise<number>;
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
  const toSlack = async (path: string, body: string, form: boolean) => (await postToSlackWebhook(gateway.url, SLACK_SECRET, { path, body, form })).status;
  let n = 0;
  return {
    redis,
    telegram,
    slack,
    gateway,
    toSlack,
    message: ({ user, channel, channelType, text, threadTs }) =>
      toSlack(
        '/webhooks/slack',
        JSON.stringify({
          token: 'XXYYZZ',
          team_id: SLACK_TEAM,
          api_app_id: 'A0SHOPAPP',
          type: 'event_callback',
          event_id: `Ev0AG${String(++n).padStart(5, '0')}`,
          event_time: nowSeconds(),
          authorizations: [{ team_id: SLACK_TEAM, user_id: 'U0SHOPBOT', is_bot: true }],
          event: { type: 'message', channel, channel_type: channelType, user, text, ts: `1763905000.${String(n).padStart(6, '0')}`, ...(threadTs ? { thread_ts: threadTs } : {}) },
        }),
        false,
      ),
    press: ({ user, channel, channelName, value, label, messageTs }) =>
      toSlack(
        '/webhooks/slack/interactions',
        new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            user: { id: user, team_id: SLACK_TEAM },
            team: { id: SLACK_TEAM },
            trigger_id: `1234.${++n}.abcd`,
            channel: { id: channel, name: channelName },
            container: { type: 'message', message_ts: messageTs, channel_id: channel },
            message: { ts: messageTs, text: 'brief' },
            actions: [{ type: 'button', action_id: value, block_id: 'b', value, text: { type: 'plain_text', text: label }, action_ts: '1763906000.1' }],
          }),
        }).toString(),
        true,
      ),
    command: (user, text) =>
      toSlack('/webhooks/slack/commands', new URLSearchParams({ command: '/shopdesk', text, team_id: SLACK_TEAM, channel_id: `D${user.slice(1)}`, user_id: user, trigger_id: `5678.${++n}.efgh`, response_url: 'https://hooks.slack.com/commands/x' }).toString(), true),
    async close() {
      await gateway.close();
      await telegram.close();
      await slack.close();
      await redis.stop();
    },
  };
}
