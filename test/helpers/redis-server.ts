import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** A client for looking at what the gateway wrote. */
  client(): Redis;
  /** Stop the server (simulates Redis going down); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const MISSING = 'redis-server was not found on PATH. Install it (Debian/Ubuntu: `apt-get install -y redis-server`; macOS: `brew install redis`) and run the tests again.';

/**
 * A private redis-server on a free port for this test file: never the machine's own Redis,
 * so test files cannot see each other's keys. Keeps nothing on disk.
 */
export async function startRedisServer(opts: { persistent?: boolean } = {}): Promise<TestRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new Error(MISSING);
  const port = await freePort();
  // Persistent: an append-only file synced on every write, so a stop and start loses nothing (as production's AOF would, give or take a second).
  const persistence = opts.persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', mkdtempSync(join(tmpdir(), 'shopdesk-redis-'))]
    : ['--appendonly', 'no'];
  let proc: ChildProcess | undefined;
  const clients: Redis[] = [];

  async function start(): Promise<void> {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--maxmemory-policy', 'noeviction'], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async function stop(): Promise<void> {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client() {
      const c = new Redis(port, '127.0.0.1');
      clients.push(c);
      return c;
    },
    start,
    async stop() {
      for (const c of clients.splice(0)) c.disconnect();
      await stop();
    },
  };
}
