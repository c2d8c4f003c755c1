import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChannelSettingsSchemas } from '../../adapters/settings.js';
import { loadConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { ConfigError } from '../../src/errors.js';

function shopFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shopdesk-config-'));
  const path = join(dir, 'shop.yaml');
  writeFileSync(path, yaml);
  return path;
}

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env, ChannelSettingsSchemas); // as the gateway loads it (src/main.ts)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts from defaults with the shipped example shop', () => {
    const config = loadConfig({});
    expect(config.env.PORT).toBe(3000);
    expect(config.env.HOST).toBe('127.0.0.1');
    expect(config.env.SESSION_TTL_DAYS).toBe(30);
    expect(config.env.REDIS_URL).toBeUndefined();
    expect(config.shopConfigPath).toBe(exampleShopConfigPath());
    expect(config.shop.shop.languages).toEqual(expect.arrayContaining(['en', 'zh', 'es']));
  });

  it('names the variable and what was expected', () => {
    expect(errorOf({ PORT: 'eighty' })).toMatch(/PORT: .*number/i);
    expect(errorOf({ REDIS_URL: 'localhost:6379' })).toMatch(/REDIS_URL: .*redis:\/\//);
    expect(errorOf({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL/);
  });

  it('refuses a channel enabled without the secret that signs its webhooks', () => {
    expect(errorOf({ TELEGRAM_BOT_TOKEN: '123456:abcdefghijklmnopqrstuvwxyz' })).toMatch(/TELEGRAM_WEBHOOK_SECRET: required/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-3' })).toMatch(/SLACK_SIGNING_SECRET: required/);
    expect(errorOf({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) })).toMatch(/TWILIO_AUTH_TOKEN: required/);
  });

  it('takes TWILIO_API_ROOT as a full base URL, http:// included, defaulting to Twilio\'s', () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 'twilio-auth-token-0123', TWILIO_NUMBER: '+14155550100', PUBLIC_URL: 'https://shop.example.com' };
    expect(loadConfig(twilio, ChannelSettingsSchemas).channels.twilio?.apiRoot).toBe('https://api.twilio.com');
    expect(loadConfig({ ...twilio, TWILIO_API_ROOT: 'http://127.0.0.1:4010' }, ChannelSettingsSchemas).channels.twilio?.apiRoot).toBe('http://127.0.0.1:4010');
    expect(errorOf({ TWILIO_API_ROOT: 'ftp://api.twilio.com' })).toMatch(/TWILIO_API_ROOT: an http\(s\) URL/);
  });

  it('lists the gateway\'s and the channels\' bad variables in one error, and leaves channels without credentials off', () => {
    const message = errorOf({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/SLACK_SIGNING_SECRET: required/);
    const { channels } = loadConfig({ SLACK_SIGNING_SECRET: 'slack-signing-secret-0123' }, ChannelSettingsSchemas);
    expect(channels.slack).toBeUndefined();
    expect(channels.web).toEqual({});
  });

  it('names the YAML path of a bad shop config value', () => {
    const path = shopFile(readFileSync(exampleShopConfigPath(), 'utf8').replace(/^  defaultLanguage: en$/m, '  defaultLanguage: fr'));
    expect(errorOf({ SHOP_CONFIG: path })).toMatch(/shop\.defaultLanguage: must be one of shop\.languages/);
    const badTime = shopFile(readFileSync(exampleShopConfigPath(), 'utf8').replace(/timeoutMinutes: 10/, 'timeoutMinutes: soon'));
    expect(errorOf({ SHOP_CONFIG: badTime })).toMatch(/handoff\.timeoutMinutes: .*number/);
  });

  it('names a misspelt key and a missing file', () => {
    const typo = shopFile(`
shop: { name: Test, defaultLanguage: en, languages: [en], langauges: [es] }
replies: { greeting: { en: hi }, fallback: { en: sorry } }
`);
    expect(errorOf({ SHOP_CONFIG: typo })).toMatch(/shop: .*langauges/);
    expect(errorOf({ SHOP_CONFIG: '/nonexistent/shop.yaml' })).toMatch(/cannot read shop config \/nonexistent\/shop.yaml/);
    expect(errorOf({ SHOP_CONFIG: shopFile('shop: [unclosed') })).toMatch(/not valid YAML/);
  });

  it('stops `shopdesk start` with exit code 1 and a message naming the field', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      env: { PATH: process.env.PATH, PORT: '99999' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/configuration error[\s\S]*PORT/);
  });
});
