import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/load.js';
import { ConfigError } from './errors.js';
import { sha256Hex } from './http/auth.js';
import { createLogger } from './log.js';
import { parseUntil, type ShopStatus } from './store/shop-status.js';
import { createStore } from './store/index.js';
import type { ShopConfig } from './config/schema.js';
import type { DescribeStatus } from './http/api.js';

/** The status in force, from the owner's status and the shop's hours: the away flow's rule, passed in by the CLI. */
type ShopStatusRule = (owner: ShopStatus | undefined, shop: ShopConfig, now: Date) => ReturnType<DescribeStatus>;

type Env = Record<string, string | undefined>;
type Print = (line: string) => void;

/** `shopdesk token [name] [--role agent|owner]`: a new agent token and the config line holding only its hash. */
export function tokenCommand(args: string[], print: Print): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string', default: 'agent' } } });
  if (values.role !== 'agent' && values.role !== 'owner') throw new ConfigError('--role must be agent or owner');
  const token = randomBytes(24).toString('base64url');
  print(`token (give it to the person; it is not stored anywhere): ${token}`);
  print(`shop config line (under agents:):`);
  print(`  - { name: ${positionals[0] ?? 'Someone'}, role: ${values.role}, tokenSha256: ${sha256Hex(token)}, maxConversations: 5 }`);
}

/**
 * `shopdesk status [online|busy|away|clear] [--until TIME] [--message TEXT]`: show or set the shop's
 * status. With REDIS_URL it writes to Redis (every instance sees it at once); without, it asks the
 * running gateway's API at SHOPDESK_URL (default http://HOST:PORT) with an owner's SHOPDESK_TOKEN.
 */

export async function statusCommand(args: string[], env: Env, print: Print, describeStatus: ShopStatusRule): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { until: { type: 'string' }, message: { type: 'string' } },
  });
  const [mode] = positionals;
  if (mode !== undefined && !['online', 'busy', 'away', 'clear'].includes(mode)) {
    throw new ConfigError(`unknown status "${mode}": use online, busy, away or clear`);
  }
  const config = loadConfig(env);
  const now = new Date();
  const until = values.until ? parseUntil(values.until, now, config.shop.hours?.timezone) : undefined;
  if (values.until && (!until || until <= now)) throw new ConfigError(`--until: a future time: ISO 8601, "HH:MM" or a duration like "2h" (got "${values.until}")`);

  if (!config.env.REDIS_URL) {
    const base = env.SHOPDESK_URL ?? `http://${config.env.HOST}:${config.env.PORT}`;
    if (!env.SHOPDESK_TOKEN) throw new ConfigError('without REDIS_URL the status is set through the running gateway: set SHOPDESK_TOKEN to an owner token (and SHOPDESK_URL if not local)');
    const method = mode === undefined ? 'GET' : mode === 'clear' ? 'DELETE' : 'PUT';
    const res = await fetch(`${base}/api/shop/status`, {
      method,
      headers: { authorization: `Bearer ${env.SHOPDESK_TOKEN}`, 'content-type': 'application/json' },
      ...(method === 'PUT' ? { body: JSON.stringify({ mode, ...(values.message ? { message: values.message } : {}), ...(until ? { until: until.toISOString() } : {}) }) } : {}),
    });
    const body = (await res.json()) as { mode?: string; source?: string; until?: string; error?: string };
    if (!res.ok) throw new ConfigError(`the gateway refused: ${res.status} ${body.error ?? ''}`);
    print(`status: ${body.mode} (${body.source})${body.until ? ` until ${body.until}` : ''}`);
    return;
  }

  const store = await createStore(config.env, createLogger({ level: 'error', production: false }));
  try {
    if (mode === 'clear') await store.setShopStatus(undefined);
    else if (mode) {
      const status: ShopStatus = {
        mode: mode as ShopStatus['mode'],
        setAt: now.toISOString(),
        setBy: 'cli',
        ...(values.message ? { message: values.message } : {}),
        ...(until ? { until: until.toISOString() } : {}),
      };
      await store.setShopStatus(status);
    }
    const shown = describeStatus(await store.getShopStatus(), config.shop, now);
    print(`status: ${shown.mode} (${shown.source})${shown.until ? ` until ${shown.until.toISOString()}` : ''}${shown.message ? `, message: ${shown.message}` : ''}`);
  } finally {
    await store.close();
  }
}
