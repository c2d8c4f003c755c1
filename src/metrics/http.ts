import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Env } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from './registry.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
function hasToken(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return !!match && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * GET /metrics in Prometheus text format. Off unless asked for: METRICS_TOKEN serves it on the
 * main port to that bearer token only (401 otherwise); METRICS_PORT serves it on a listener of its
 * own (METRICS_HOST, default 127.0.0.1), where the token is asked for too when set.
 * Returns what stops the separate listener.
 */
export async function mountMetrics(app: Express, metrics: Metrics, env: Pick<Env, 'METRICS_TOKEN' | 'METRICS_HOST' | 'METRICS_PORT'>, log: Logger): Promise<{ url?: string; close(): Promise<void> }> {
  const token = env.METRICS_TOKEN;
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    if (token && !hasToken(req, token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: 'a valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)' }));
      return;
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(text),
      (err: unknown) => {
        log.error('metrics scrape failed', { err });
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
      },
    );
  };
  if (env.METRICS_PORT === undefined) {
    if (token) app.get('/metrics', (req, res) => answer(req, res));
    return { close: async () => {} };
  }
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') return answer(req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.METRICS_PORT, env.METRICS_HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.METRICS_PORT;
  const url = `http://${env.METRICS_HOST.includes(':') ? `[${env.METRICS_HOST}]` : env.METRICS_HOST}:${port}`;
  log.info(`metrics on ${url}/metrics`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
