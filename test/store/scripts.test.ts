import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/paths.js';
import { loadScripts } from '../../src/store/scripts.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const folder = join(packageRoot(), 'src', 'store', 'lua');

describe('the store scripts (src/store/lua)', () => {
  let server: TestRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });

  it('documents the arguments at the top of every script', () => {
    const undocumented = readdirSync(folder)
      .filter((f) => f.endsWith('.lua') && f !== 'queue-lib.lua')
      .filter((f) => !readFileSync(join(folder, f), 'utf8').startsWith('-- ARGV:'));
    expect(undocumented).toEqual([]);
  });

  it('loads every script file, helpers included where a script needs them, and Redis compiles each', async () => {
    const scripts = loadScripts();
    const files = readdirSync(folder).filter((f) => f.endsWith('.lua') && f !== 'queue-lib.lua');
    expect(Object.keys(scripts)).toHaveLength(files.length); // a new .lua file must be registered
    for (const [name, lua] of Object.entries(scripts)) {
      const sha = (await redis.script('LOAD', lua)) as string;
      expect(sha, name).toMatch(/^[0-9a-f]{40}$/);
      if (/^-- needs: queue-lib$/m.test(lua)) expect(lua, name).toContain('local function push_or_hold');
    }
  });
});
