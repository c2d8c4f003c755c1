import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { ConfigError, StoreUnavailableError } from '../errors.js';

/** A connection to one Redis, a Sentinel-watched one, or a Cluster: the same commands on all three. */
export type RedisConnection = Redis | Cluster;

interface ParsedUrl {
  kind: 'plain' | 'sentinel' | 'cluster';
  hosts: { host: string; port: number }[];
  password?: string;
  username?: string;
  name?: string;
  db?: number;
  tls: boolean;
}

/** Split a `redis-sentinel://` or `redis-cluster://` URL, which list several hosts. */
export function parseRedisUrl(url: string): ParsedUrl {
  const match = /^(redis|rediss|redis-sentinel|redis-cluster):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(?:\/([^?#]*))?(?:\?(.*))?$/.exec(url);
  if (!match) throw new ConfigError(`REDIS_URL: cannot read "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  const [, scheme, user, pass, hostList, path, query] = match as unknown as [string, string, string | undefined, string | undefined, string, string | undefined, string | undefined];
  const hosts = hostList.split(',').map((h) => {
    const [host = '127.0.0.1', port = scheme === 'redis-sentinel' ? '26379' : '6379'] = h.split(':');
    return { host, port: Number(port) };
  });
  const params = new URLSearchParams(query ?? '');
  const kind = scheme === 'redis-sentinel' ? 'sentinel' : scheme === 'redis-cluster' ? 'cluster' : 'plain';
  if (kind === 'sentinel' && !path) throw new ConfigError('REDIS_URL: a redis-sentinel:// URL ends with the master name, e.g. redis-sentinel://s1:26379,s2:26379/mymaster');
  const db = params.get('db') ?? (kind === 'plain' ? path : undefined);
  return {
    kind,
    hosts,
    ...(pass ? { password: decodeURIComponent(pass) } : {}),
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(kind === 'sentinel' ? { name: path! } : {}),
    ...(db ? { db: Number(db) } : {}),
    tls: scheme === 'rediss' || params.get('tls') === 'true',
  };
}

/**
 * Open a connection from REDIS_URL: `redis://` / `rediss://` (one server), `redis-sentinel://h1:26379,h2:26379/mymaster`
 * (follows failovers) or `redis-cluster://h1:6379,h2:6379` (every key of ours shares one hash tag, so
 * scripts and pipelines stay on one slot).
 */
export function connectRedis(url: string, options: RedisOptions): RedisConnection {
  const parsed = parseRedisUrl(url);
  const auth = { ...(parsed.password ? { password: parsed.password } : {}), ...(parsed.username ? { username: parsed.username } : {}) };
  const tls = parsed.tls ? { tls: {} } : {};
  if (parsed.kind === 'plain') return new Redis(url, options);
  if (parsed.kind === 'sentinel') {
    return new Redis({ ...options, ...auth, ...tls, sentinels: parsed.hosts, name: parsed.name!, ...(parsed.db !== undefined ? { db: parsed.db } : {}) });
  }
  return new Cluster(parsed.hosts, {
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    lazyConnect: options.lazyConnect ?? false,
    clusterRetryStrategy: (times) => Math.min(times * 100, 2000),
    redisOptions: { ...options, ...auth, ...tls },
  });
}

/** Connection settings shared by every connection the store opens. */
export function connectionOptions(): RedisOptions {
  return {
    // Fail fast while Redis is away: a webhook answers 503 and the platform redelivers later,
    // instead of the process buffering commands without bound.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
}

/** Wait for a Redis's first connection, up to `ms`; past that the store starts unready and keeps trying. */
export async function waitForConnection(redis: RedisConnection, ms: number): Promise<boolean> {
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([connected, timeout]);
}

/** A failed Redis request, as the store reports it: the caller answers 503 and the platform retries. */
export function redisUnavailable(err: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`redis unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

