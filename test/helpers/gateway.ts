import { startGateway, type Gateway } from '../../src/main.js';
import { createLogger } from '../../src/log.js';

/** Start a real gateway on a free port, quiet unless TEST_LOG=debug. */
export async function startTestGateway(env: Record<string, string | undefined> = {}): Promise<Gateway> {
  const log = createLogger({ level: process.env.TEST_LOG ?? 'error', production: false, silent: !process.env.TEST_LOG });
  return startGateway({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env }, log);
}

/** Poll until `check` returns a value (not undefined/false), or fail after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
