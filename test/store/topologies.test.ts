import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/engine/types.js';
import { parseRedisUrl } from '../../src/store/connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/types.js';
import { eventually } from '../helpers/gateway.js';
import { freePort, startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { testStoreOptions } from '../helpers/transcript.js';

const processes: ChildProcess[] = [];
const servers: TestRedis[] = [];
afterAll(async () => {
  for (const p of processes) p.kill('SIGKILL');
  for (const s of servers) await s.stop();
});

function redisCli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout;
}

const msg = (conv: string, id: string): InboundMessage => ({
  id,
  address: { channel: 'web', conversationId: `web:${conv}` },
  sender: { id: conv },
  text: id,
  attachments: [],
  receivedAt: new Date().toISOString(),
});

/** The store's whole cycle, on whatever topology `store` talks to. */
async function roundTrip(store: Store): Promise<void> {
  expect(await store.ingest(msg('topo', 'm1'))).toBe('accepted');
  expect(await store.ingest(msg('topo', 'm1'))).toBe('duplicate');
  const lease = (await store.claim('in', 2000))!;
  expect(JSON.parse(lease.item).text).toBe('m1');
  const delivery = { id: 'd1', address: { channel: 'web' as const, conversationId: 'web:topo' as const }, replies: [{ kind: 'text' as const, text: 'hi' }] };
  expect(await store.commitTurn(lease, { transcript: [{ id: 'm1', from: 'buyer', text: 'm1', at: '' }], delivery })).toBe(true);
  const out = (await store.claim('out', 2000))!;
  expect(await store.ack(out)).toBe(true);
  expect((await store.transcript('web:topo')).map((l) => l.text)).toEqual(['m1']);
  const seen: string[] = [];
  await store.subscribe((event) => seen.push(event.type));
  await store.publish({ type: 'handoff', conversationId: 'web:topo', state: 'queued', at: '' });
  await eventually(() => seen.length === 1, 5000, 'event through pub/sub');
}

describe('REDIS_URL forms', () => {
  it('reads sentinel and cluster URLs with several hosts', () => {
    expect(parseRedisUrl('redis-sentinel://:s3cret@10.0.0.1:26379,10.0.0.2/mymaster?db=2')).toMatchObject({
      kind: 'sentinel',
      hosts: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }],
      password: 's3cret',
      name: 'mymaster',
      db: 2,
    });
    expect(parseRedisUrl('redis-cluster://r1:7000,r2:7001')).toMatchObject({ kind: 'cluster', hosts: [{ host: 'r1', port: 7000 }, { host: 'r2', port: 7001 }] });
    expect(() => parseRedisUrl('redis-sentinel://s1:26379')).toThrow(/master name/);
  });

  it('works through Redis Sentinel', async () => {
    const master = await startRedisServer();
    servers.push(master);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'shopdesk-sentinel-'));
    writeFileSync(join(dir, 'sentinel.conf'), `port ${port}\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 ${master.port} 1\nsentinel down-after-milliseconds mymaster 5000\n`);
    processes.push(spawn('redis-server', [join(dir, 'sentinel.conf'), '--sentinel'], { stdio: 'ignore' }));
    await eventually(() => redisCli(port, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').includes(String(master.port)), 10_000, 'sentinel up');
    const store = await createRedisStore(`redis-sentinel://127.0.0.1:${port}/mymaster`, testStoreOptions);
    try {
      await roundTrip(store);
    } finally {
      await store.close();
    }
  });

  it('works on a Redis Cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopdesk-cluster-'));
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      processes.push(
        spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
      );
    }
    await eventually(() => ports.every((p) => redisCli(p, 'PING').trim() === 'PONG'), 10_000, 'nodes up');
    spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    await eventually(() => redisCli(ports[0]!, 'CLUSTER', 'INFO').includes('cluster_state:ok'), 15_000, 'cluster ok');
    const store = await createRedisStore(`redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, testStoreOptions);
    try {
      await roundTrip(store);
    } finally {
      await store.close();
    }
  });
});
