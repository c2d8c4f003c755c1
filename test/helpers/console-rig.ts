import type { Browser, Page } from 'playwright-core';
import type { Gateway } from '../../src/main.js';
import { launchChromium } from './chromium.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { startTestGateway } from './gateway.js';
import { startRedisServer, type TestRedis } from './redis-server.js';
import { writeShopConfig, type TestAgent } from './shop-config.js';

/** What every browser test of the console pages needs: Chromium, a private Redis and the shop's agents. */
export interface ConsoleBase {
  browser: Browser;
  redis: TestRedis;
  /** The example shop with the rig's agents, for SHOP_CONFIG. */
  shopConfig: string;
}

/** Chromium and one in-process gateway on a private Redis. */
export interface ConsoleRig extends ConsoleBase {
  gateway: Gateway;
  /** Call the gateway's /api as the agent with `token`; the body is {} when it is not JSON. */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Chromium and gateway processes sharing a private Redis (several instances behind one shop). */
export interface ConsoleProcessesRig extends ConsoleBase {
  gateways: GatewayProcess[];
  close(): Promise<void>;
}

async function startBase(agents: TestAgent[]): Promise<ConsoleBase> {
  const browser = await launchChromium();
  const redis = await startRedisServer().catch(async (err: unknown) => {
    await browser.close();
    throw err;
  });
  return { browser, redis, shopConfig: writeShopConfig({ agents }) };
}

/** A gateway that does not start leaves no Chromium or redis-server behind. */
const stopBaseAndThrow = (base: ConsoleBase) => async (err: unknown): Promise<never> => {
  await base.browser.close();
  await base.redis.stop();
  throw err;
};

export async function startConsoleRig(opts: { agents: TestAgent[] }): Promise<ConsoleRig> {
  const base = await startBase(opts.agents);
  const gateway = await startTestGateway({ REDIS_URL: base.redis.url, SHOP_CONFIG: base.shopConfig }).catch(stopBaseAndThrow(base));
  return {
    ...base,
    gateway,
    async api(token, method, path, body) {
      const res = await fetch(`${gateway.url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
    async close() {
      await base.browser.close();
      await gateway.close();
      await base.redis.stop();
    },
  };
}

export async function startConsoleProcessesRig(opts: { agents: TestAgent[]; processes: number }): Promise<ConsoleProcessesRig> {
  const base = await startBase(opts.agents);
  const env = { REDIS_URL: base.redis.url, SHOP_CONFIG: base.shopConfig };
  const gateways = await Promise.all(Array.from({ length: opts.processes }, () => startGatewayProcess(env))).catch(stopBaseAndThrow(base));
  return {
    ...base,
    gateways,
    async close() {
      await base.browser.close();
      await Promise.all(gateways.map((g) => g.stop()));
      await base.redis.stop();
    },
  };
}

/** Where each console page lives and what its sign-in form asks for. */
const SIGN_IN = {
  console: { path: '/console', label: 'Agent token' },
  teach: { path: '/console/teach/', label: 'Owner token' },
  insights: { path: '/console/insights/', label: 'Owner token' },
} as const;

/** Open a console page and submit `token` in its sign-in form (whether it is accepted is the test's to check). */
export async function signIn(page: Page, opts: { url: string; token: string; on?: keyof typeof SIGN_IN }): Promise<void> {
  const { path, label } = SIGN_IN[opts.on ?? 'console'];
  await page.goto(`${opts.url}${path}`);
  await page.getByLabel(label).fill(opts.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Uncaught errors and Content-Security-Policy refusals in the page: a broken console shows up here. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Uncaught/.test(msg.text())) problems.push(msg.text());
  });
  return problems;
}
