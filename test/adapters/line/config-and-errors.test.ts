import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineAdapter } from '../../../adapters/line/index.js';
import { ChannelSettingsSchemas } from '../../../adapters/settings.js';
import { loadConfig } from '../../../src/config/load.js';
import { AdapterError, ConfigError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { startLineFake, type LineFake } from './line-fake.js';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env, ChannelSettingsSchemas);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('LINE settings', () => {
  it('refuses a half-configured channel, naming the missing variable', () => {
    expect(errorOf({ LINE_CHANNEL_ACCESS_TOKEN: 'line-channel-access-token-000000' })).toMatch(/LINE_CHANNEL_SECRET: required/);
    expect(errorOf({ LINE_CHANNEL_SECRET: 'line-channel-secret-0123456789ab' })).toMatch(/LINE_CHANNEL_ACCESS_TOKEN: required/);
  });

  it('takes LINE_API_ROOT as an http(s) base URL, defaulting to LINE\'s', () => {
    const line = { LINE_CHANNEL_SECRET: 'line-channel-secret-0123456789ab', LINE_CHANNEL_ACCESS_TOKEN: 'line-channel-access-token-000000' };
    expect(loadConfig(line, ChannelSettingsSchemas).channels.line?.apiRoot).toBe('https://api.line.me');
    expect(loadConfig({ ...line, LINE_API_ROOT: 'http://127.0.0.1:9999' }, ChannelSettingsSchemas).channels.line?.apiRoot).toBe('http://127.0.0.1:9999');
    expect(errorOf({ LINE_API_ROOT: 'ftp://api.line.me' })).toMatch(/LINE_API_ROOT/);
  });
});

describe('LINE send errors', () => {
  let api: LineFake;
  beforeAll(async () => {
    api = await startLineFake();
  });
  afterAll(async () => {
    await api?.close();
  });

  const adapter = () =>
    createLineAdapter({ channelSecret: 'line-channel-secret-0123456789ab', channelAccessToken: 'line-channel-access-token-000000', apiRoot: api.url, log: createLogger({ level: 'error', production: false, silent: true }) });
  const sendTo = async (userId: string) => {
    try {
      await adapter().send({ id: `d-${userId}`, address: { channel: 'line', conversationId: `line:${userId}` }, replies: [{ kind: 'text', text: 'hi' }] });
    } catch (err) {
      return err;
    }
    return undefined;
  };

  it('a 429 is retried later', async () => {
    api.failPushTo.set('Urate', { status: 429, message: 'You have reached your monthly limit.' });
    const err = await sendTo('Urate');
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).opts).toMatchObject({ retryable: true, status: 429 });
  });

  it('401 and 403 (the shop\'s token or plan) are never retried, and do not blame the buyer', async () => {
    api.failPushTo.set('Urevoked', { status: 401, message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
    api.failPushTo.set('Uforbidden', { status: 403, message: 'Access to this API is not available for your account' });
    for (const user of ['Urevoked', 'Uforbidden']) {
      const err = await sendTo(user);
      expect((err as AdapterError).opts).toMatchObject({ retryable: false });
      expect((err as AdapterError).opts.permanent).toBeUndefined();
    }
  });

  it('a delivery without a reply token is pushed, and succeeds on LINE\'s {} answer', async () => {
    expect(await sendTo('Uok')).toBeUndefined();
    expect(api.calls.at(-1)).toMatchObject({ path: '/v2/bot/message/push', body: { to: 'Uok', messages: [{ type: 'text', text: 'hi' }] } });
  });

  it('a reply token is used once: a second delivery to the same fresh event is pushed', async () => {
    const a = adapter();
    const address = { channel: 'line' as const, conversationId: 'line:Utwice' as const, ref: { replyToken: 'tok-twice', at: Date.now() } };
    await a.send({ id: 'd-twice-1', address, replies: [{ kind: 'text', text: 'first' }] });
    await a.send({ id: 'd-twice-2', address, replies: [{ kind: 'text', text: 'second' }] });
    const calls = api.calls.filter((c) => c.body.replyToken === 'tok-twice' || c.body.to === 'Utwice');
    expect(calls.map((c) => [c.path, c.body.messages[0]!.text])).toEqual([
      ['/v2/bot/message/reply', 'first'],
      ['/v2/bot/message/push', 'second'],
    ]);
  });
});
